import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkHtml, htmlCheckSkipReason } from '../helpers/html-checker';
import { agentFor, getPage, textOf, type Page } from '../helpers/http';
import { ManualClock } from '../helpers/manual-clock';
import { productionLikeEnv } from '../helpers/production-env';
import { createTestApp, useTestApp } from '../helpers/test-services';

const htmlCheckSkip = htmlCheckSkipReason();

/** The outbox table as a reader sees it: one object per row, keyed by column heading. */
function outboxRows($: Page): Record<string, string>[] {
  const headings = $('table thead th')
    .toArray()
    .map((cell) => $(cell).text().trim());
  return $('table tbody tr')
    .toArray()
    .map((row) =>
      Object.fromEntries(
        $(row)
          .find('td')
          .toArray()
          .map((cell, index) => [headings[index] ?? '', $(cell).text().trim()]),
      ),
    );
}

describe('the development SMS outbox page', () => {
  const clock = new ManualClock('2026-11-24T08:01:02Z');
  const testApp = useTestApp({ clock });
  const pages: { name: string; html: string }[] = [];

  it('says plainly that nothing is sent, and that nothing has been kept yet', async () => {
    const { response, $ } = await getPage(agentFor(testApp().app), '/dev/sms');
    assert.equal(response.status, 200);
    assert.equal(textOf($, 'h1'), 'SMS-utkorg (bara för utveckling)');
    assert.match(textOf($, 'main'), /Inga SMS skickas på riktigt/);
    assert.match(textOf($, 'main'), /Inga SMS har skickats ännu\./);
    assert.equal($('table').length, 0);
    pages.push({ name: '/dev/sms, empty', html: response.text });
  });

  it('lists the kept messages newest first: recipient, Swedish time and text', async () => {
    const { services, app } = testApp();
    await services.sms.send({ to: '+46701234512', text: 'Din kod är 111111' });
    clock.advanceMinutes(90);
    await services.sms.send({ to: '+46739990001', text: 'Din kod är <b>222222</b> & inget mer' });

    const { response, $ } = await getPage(agentFor(app), '/dev/sms');
    assert.equal(response.status, 200);
    assert.equal(textOf($, 'table caption'), 'Sparade SMS, det senaste först');
    assert.deepEqual(outboxRows($), [
      {
        Mottagare: '+46739990001',
        Tid: '2026-11-24 10:31:02',
        Text: 'Din kod är <b>222222</b> & inget mer',
      },
      { Mottagare: '+46701234512', Tid: '2026-11-24 09:01:02', Text: 'Din kod är 111111' },
    ]);
    assert.equal($('table b').length, 0, 'a text is shown as text, never as markup');
    assert.equal($('time').first().attr('datetime'), '2026-11-24T09:31:02.000Z');
    assert.equal(response.headers['cache-control'], 'no-store');
    pages.push({ name: '/dev/sms, two messages', html: response.text });
  });

  it('speaks English too', async () => {
    const agent = agentFor(testApp().app);
    await agent.get('/sprak/en');
    const { response, $ } = await getPage(agent, '/dev/sms');
    assert.equal(textOf($, 'h1'), 'SMS outbox (development only)');
    assert.match(textOf($, 'main'), /No text messages are sent for real/);
    assert.deepEqual(Object.keys(outboxRows($)[0] ?? {}), ['Recipient', 'Time', 'Text']);
    pages.push({ name: '/dev/sms in English', html: response.text });
  });

  it('is valid HTML (W3C Nu HTML checker)', { skip: htmlCheckSkip }, async () => {
    assert.equal(pages.length, 3, 'the pages above were rendered');
    const problems = await checkHtml(pages);
    assert.deepEqual(
      problems.map((problem) => `${problem.name}: ${problem.text}`),
      [],
    );
  });
});

describe('the SMS outbox page outside development', () => {
  it('does not exist with a production configuration', async () => {
    const opened = await createTestApp({ env: productionLikeEnv });
    try {
      assert.equal(opened.services.smsOutbox, undefined);
      const { response, $ } = await getPage(agentFor(opened.app), '/dev/sms');
      assert.equal(response.status, 404);
      assert.equal(textOf($, 'h1'), 'Sidan hittades inte');
    } finally {
      await opened.cleanup();
    }
  });

  it('does not exist in development either when SMS go to a real provider', async () => {
    const opened = await createTestApp({
      env: {
        NODE_ENV: 'development',
        SMS_PROVIDER: 'http',
        SMS_API_URL: 'http://127.0.0.1:9/a1/sms',
        SMS_API_USERNAME: 'u0123abc',
        SMS_API_PASSWORD: 'api-password',
      },
    });
    try {
      assert.equal((await agentFor(opened.app).get('/dev/sms')).status, 404);
    } finally {
      await opened.cleanup();
    }
  });

  it('exists in development with the outbox, as in tests', async () => {
    const opened = await createTestApp({ env: { NODE_ENV: 'development' } });
    try {
      const { response, $ } = await getPage(agentFor(opened.app), '/dev/sms');
      assert.equal(response.status, 200);
      assert.equal(textOf($, 'h1'), 'SMS-utkorg (bara för utveckling)');
    } finally {
      await opened.cleanup();
    }
  });
});
