import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { CASEWORKER_9901, markAnswer, postFormOf } from '../helpers/completion';
import { buttonNamed } from '../helpers/fields';
import { getPage, type Page } from '../helpers/http';
import { sendApplication } from '../helpers/cases';
import { staffAgent } from '../helpers/staff';
import { insertCase } from '../helpers/inbox-rows';
import { useTestApp } from '../helpers/test-services';

/** Each tab as a caseworker's screen reader reads it, e.g. "Nya 2 ärenden". */
const tabs = ($: Page) =>
  $('nav.portal-tabs a')
    .toArray()
    .map((link) => $(link).text().replace(/\s+/g, ' ').trim());

describe('the inbox tabs say how many cases the short lists hold', () => {
  const testApp = useTestApp();

  it('Nya, Mina ärenden, Väntar på komplettering and Fel och brister are counted in the own municipality only; the long lists are not', async () => {
    const first = await sendApplication(testApp());
    await sendApplication(testApp());
    await sendApplication(testApp(), { municipalityCode: '9902' });
    const { agent } = await staffAgent(testApp(), CASEWORKER_9901);

    const before = await getPage(agent, '/handlaggare');
    assert.deepEqual(tabs(before.$), [
      'Nya 2 ärenden',
      'Mina ärenden 0 ärenden',
      'Väntar på komplettering 0 ärenden',
      'Fel och brister 0 ärenden',
      'Ej beslutade',
      'Alla ärenden',
      'Senast öppnade',
    ]);

    // Opened, taken and marked: it leaves "Nya" and is counted where it now is.
    const casePath = `/handlaggare/arenden/${first.id}`;
    const { $ } = await getPage(agent, casePath);
    await postFormOf(agent, buttonNamed($, 'Tilldela mig').closest('form') as never, {});
    await markAnswer(agent, casePath, 'Postnummer', 'Fel postnummer.');
    const after = await getPage(agent, '/handlaggare');
    assert.deepEqual(tabs(after.$).slice(0, 4), [
      'Nya 1 ärende',
      'Mina ärenden 1 ärende',
      'Väntar på komplettering 0 ärenden',
      'Fel och brister 1 ärende',
    ]);
  });

  it('a list longer than 999 says "999+": counting stops there, so a long list costs no more', async () => {
    const db = testApp().services.database.db;
    const at = Date.parse('2026-11-20T08:00:00Z');
    for (let n = 0; n < 1000; n++) await insertCase(db, { receivedAt: at + n });
    const { agent } = await staffAgent(testApp(), CASEWORKER_9901);
    const { $ } = await getPage(agent, '/handlaggare');
    assert.equal(tabs($)[0], 'Nya 999+ ärenden');
  });
});
