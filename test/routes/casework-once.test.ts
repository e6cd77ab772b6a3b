import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as cheerio from 'cheerio';
import type { Services } from '../../services';
import { sendApplication } from '../helpers/cases';
import { threadIn } from '../helpers/casework';
import { buttonNamed, fieldByLabel } from '../helpers/fields';
import { getPage, textOf, type Agent } from '../helpers/http';
import { ManualClock } from '../helpers/manual-clock';
import { multipartBody } from '../helpers/multipart';
import { samplePdf } from '../helpers/sample-files';
import { staffAgent } from '../helpers/staff';
import { useTestApp } from '../helpers/test-services';

const CASEWORKER_9901 = [{ municipalityCode: '9901', role: 'caseworker' as const }];

/**
 * A form filled once and its button pressed twice without a script to stop the second press:
 * the browser sends the same fields twice (here at once, the harder case for the server).
 */
async function pressTwice(agent: Agent, path: string, label: string, text: string, button: string) {
  const { $ } = await getPage(agent, path);
  const field = fieldByLabel($, label);
  const form = buttonNamed($, button).closest('form');
  assert.equal(field.closest('form').attr('action'), form.attr('action'));
  const hidden = Object.fromEntries(
    form
      .find('input[type="hidden"]')
      .toArray()
      .map((input) => [String($(input).attr('name')), String($(input).val())]),
  );
  const fields = { ...hidden, [String(field.attr('name'))]: text };
  const press = () =>
    agent
      .post(form.attr('action') ?? '')
      .type('form')
      .send(fields);
  return Promise.all([press(), press()]);
}

async function rowsOf(services: Services, table: 'case_note' | 'message', applicationId: string) {
  return services.database.db
    .selectFrom(table)
    .select('text')
    .where('application_id', '=', applicationId)
    .execute();
}

describe('SEC-31 a note or message pressed twice is written once', () => {
  const clock = new ManualClock('2026-11-24T08:30:00Z');
  const testApp = useTestApp({ clock });

  it('a note: one row, the second press logged as not done, and the page as after one press', async () => {
    const sent = await sendApplication(testApp());
    const casePath = `/handlaggare/arenden/${sent.id}`;
    const { agent } = await staffAgent(testApp(), CASEWORKER_9901);
    const responses = await pressTwice(
      agent,
      casePath,
      'Ny anteckning',
      'Ringde den sökande.',
      'Spara anteckningen',
    );
    for (const response of responses) assert.equal(response.status, 303);
    assert.deepEqual(await rowsOf(testApp().services, 'case_note', sent.id), [
      { text: 'Ringde den sökande.' },
    ]);
    const outcomes = [];
    for (const response of responses) {
      const events = await testApp().services.auditLog.ofRequest(
        String(response.headers['x-request-id']),
      );
      outcomes.push(...events.map((event) => `${event.outcome} ${event.detail ?? ''}`));
    }
    assert.deepEqual(outcomes.sort(), ['invalid note', 'ok note']);
    const after = await getPage(agent, `${casePath}?klart=anteckning`);
    assert.equal(threadIn(after.$, 'anteckningar').length, 1);

    // The same words in a new form are a new note: only the same form counts once.
    await pressTwice(agent, casePath, 'Ny anteckning', 'Ringde den sökande.', 'Spara anteckningen');
    assert.equal((await rowsOf(testApp().services, 'case_note', sent.id)).length, 2);
  });

  it('a note refused and sent again from its own page counts once too', async () => {
    const sent = await sendApplication(testApp());
    const casePath = `/handlaggare/arenden/${sent.id}`;
    const { agent } = await staffAgent(testApp(), CASEWORKER_9901);
    const [refused] = await pressTwice(agent, casePath, 'Ny anteckning', '', 'Spara anteckningen');
    assert.equal(refused.status, 400);
    const $ = cheerio.load(refused.text);
    const key = String($('input[name="engang"]').val());
    assert.match(key, /^[0-9a-f-]{36}$/);
    const form = {
      _csrf: String($('input[name="_csrf"]').val()),
      engang: key,
      anteckning: 'Skrivet andra gången.',
    };
    const again = await Promise.all([
      agent.post(`${casePath}/anteckningar`).type('form').send(form),
      agent.post(`${casePath}/anteckningar`).type('form').send(form),
    ]);
    assert.deepEqual(
      again.map((response) => response.status),
      [303, 303],
    );
    assert.equal((await rowsOf(testApp().services, 'case_note', sent.id)).length, 1);
    // The page restored from the browser's history, other words typed under the same key: a
    // note of its own, never dropped as a repeat.
    await agent
      .post(`${casePath}/anteckningar`)
      .type('form')
      .send({ ...form, anteckning: 'Något annat.' });
    assert.deepEqual(
      (await rowsOf(testApp().services, 'case_note', sent.id)).map((row) => row.text).sort(),
      ['Något annat.', 'Skrivet andra gången.'],
    );
  });

  it('a message to the applicant: one message and one SMS', async () => {
    const { services } = testApp();
    const sent = await sendApplication(testApp());
    const casePath = `/handlaggare/arenden/${sent.id}`;
    const { agent } = await staffAgent(testApp(), CASEWORKER_9901);
    const before = (await services.smsOutbox?.list(500))?.length ?? 0;
    const responses = await pressTwice(
      agent,
      casePath,
      'Nytt meddelande till den sökande',
      'Skicka hyresavin, tack.',
      'Skicka meddelandet',
    );
    assert.deepEqual(
      responses.map((response) => response.headers.location),
      [`${casePath}?klart=meddelande#meddelanden`, `${casePath}?klart=meddelande#meddelanden`],
    );
    assert.deepEqual(await rowsOf(services, 'message', sent.id), [
      { text: 'Skicka hyresavin, tack.' },
    ]);
    assert.equal((await services.smsOutbox?.list(500))?.length ?? 0, before + 1);
  });

  it('the applicant’s message, without and with a file: one message, one file', async () => {
    const { services } = testApp();
    const sent = await sendApplication(testApp());
    const receiptPath = `/mina-sidor/ansokningar/${sent.id}`;
    const responses = await pressTwice(
      sent.agent,
      receiptPath,
      'Skriv ett meddelande',
      'Jag har skickat hyresavin.',
      'Skicka meddelandet',
    );
    for (const response of responses) assert.equal(response.status, 303);
    assert.equal((await rowsOf(services, 'message', sent.id)).length, 1);

    const { $ } = await getPage(sent.agent, receiptPath);
    const form = fieldByLabel($, 'Skriv ett meddelande').closest('form');
    const pdf = await samplePdf('Hyresavi');
    const { contentType, body } = multipartBody([
      { name: '_csrf', value: String(form.find('input[name="_csrf"]').val()) },
      { name: 'engang', value: String(form.find('input[name="engang"]').val()) },
      { name: 'meddelande', value: 'Här är hyresavin.' },
      {
        name: String(fieldByLabel($, 'Skicka med filer (om du vill)').attr('name')),
        filename: 'hyresavi.pdf',
        bytes: pdf,
      },
    ]);
    const blobsBefore = await services.database.db
      .selectFrom('blob')
      .select((eb) => eb.fn.countAll().as('count'))
      .executeTakeFirstOrThrow();
    const post = () =>
      sent.agent
        .post(String(form.attr('action')))
        .set('Content-Type', contentType)
        .send(body);
    const withFile = await Promise.all([post(), post()]);
    for (const response of withFile)
      assert.equal(response.status, 303, response.text.slice(0, 500));
    assert.equal((await rowsOf(services, 'message', sent.id)).length, 2);
    const files = await services.database.db
      .selectFrom('attachment')
      .select('name')
      .where('application_id', '=', sent.id)
      .where('message_id', 'is not', null)
      .execute();
    assert.deepEqual(files, [{ name: 'hyresavi.pdf' }]);
    const blobsAfter = await services.database.db
      .selectFrom('blob')
      .select((eb) => eb.fn.countAll().as('count'))
      .executeTakeFirstOrThrow();
    assert.equal(Number(blobsAfter.count), Number(blobsBefore.count) + 1, 'no bytes left over');
    const receipt = await getPage(sent.agent, receiptPath);
    assert.match(textOf(receipt.$, 'section[aria-labelledby="meddelanden"]'), /hyresavi\.pdf/);
  });
});
