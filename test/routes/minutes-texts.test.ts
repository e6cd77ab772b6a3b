import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chooseMunicipality, fixedClock } from '../helpers/application';
import { agentFor, getPage, textOf } from '../helpers/http';
import { createTestApp } from '../helpers/test-services';

const PERIOD_STEP = '/ansokan/ekonomiskt-bistand/period';

describe('a number of minutes in a text', () => {
  it('says "1 minut" / "1 minute" when the idle time is one minute, in Swedish and English', async () => {
    const opened = await createTestApp({ clock: fixedClock, env: { SESSION_IDLE_MINUTES: '1' } });
    try {
      const agent = agentFor(opened.app);
      await chooseMunicipality(agent);
      const { $ } = await getPage(agent, PERIOD_STEP);
      const swedish = textOf($, 'main');
      assert.ok(
        swedish.includes(
          'Om du inte gör något på 1 minut raderar vi dina uppgifter. Det är för din säkerhet.',
        ),
        swedish,
      );
      assert.ok(swedish.includes('om du inte gör något på 1 minut.'));
      assert.doesNotMatch(swedish, /1 minuter/);

      await agent.get(`/sprak/en?tillbaka=${encodeURIComponent(PERIOD_STEP)}`);
      const english = textOf((await getPage(agent, PERIOD_STEP)).$, 'main');
      assert.ok(
        english.includes(
          'If you do nothing for 1 minute, we delete your information. This is for your security.',
        ),
        english,
      );
      assert.doesNotMatch(english, /1 minutes/);
    } finally {
      await opened.cleanup();
    }
  });

  it('keeps the plural for more than one: "30 minuter"', async () => {
    const opened = await createTestApp({ clock: fixedClock });
    try {
      const agent = agentFor(opened.app);
      await chooseMunicipality(agent);
      const { $ } = await getPage(agent, PERIOD_STEP);
      assert.ok(textOf($, 'main').includes('om du inte gör något på 30 minuter.'));
    } finally {
      await opened.cleanup();
    }
  });
});
