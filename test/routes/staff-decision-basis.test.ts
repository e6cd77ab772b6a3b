import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type * as cheerio from 'cheerio';
import { changeStatus, sendApplication } from '../helpers/cases';
import { estimateOn } from '../helpers/casework';
import { registerSignature } from '../helpers/co-applicant-signature';
import { hrefOf } from '../helpers/decisions';
import { getPage } from '../helpers/http';
import { ManualClock } from '../helpers/manual-clock';
import { staffAgent } from '../helpers/staff';
import { useTestApp } from '../helpers/test-services';

const CASEWORKER_9901 = [{ municipalityCode: '9901', role: 'caseworker' as const }];

/** A block of "Underlag för beslutet" by its heading: label -> value, and the text under it. */
function basisBlock($: cheerio.CheerioAPI, heading: string) {
  const found = $('section[aria-labelledby="underlag"] h3')
    .toArray()
    .find((element) => $(element).text().trim() === heading);
  assert.ok(found, `no block "${heading}"`);
  const block = $(found).parent();
  return {
    rows: block
      .find('.portal-summary__row')
      .toArray()
      .map((row) => [$(row).find('dt').text().trim(), $(row).find('dd').text().trim()]),
    text: block.find('p').text().replace(/\s+/g, ' ').trim(),
  };
}

describe('the decision page says what the decision rests on', () => {
  const testApp = useTestApp({ clock: new ManualClock('2026-11-24T08:30:00Z') });

  it('shows the household, the case page estimate and each part applied for above the amounts', async () => {
    const sent = await sendApplication(testApp());
    const { agent } = await staffAgent(testApp(), CASEWORKER_9901);
    const casePath = `/handlaggare/arenden/${sent.id}`;
    await changeStatus(agent, casePath, 'Under handläggning');
    await registerSignature(agent, casePath);
    const casePage = await getPage(agent, casePath);
    const { $ } = await getPage(agent, hrefOf(casePage.$, 'Fatta beslut'));

    assert.equal($('h2#underlag').text().trim(), 'Underlag för beslutet');
    // A sambo couple with two children, aged 10 and 4 on the first day of December 2026.
    const household = basisBlock($, 'Hushållet');
    assert.deepEqual(household.rows, [
      ['Vuxna', '2 (gifta eller sambo)'],
      ['Barn', '10 år och 4 år'],
      ['Personer i bostaden', '4'],
    ]);
    assert.match(household.text, /Barnens ålder den 1 december 2026/);

    // The same figures as the case page's estimate, not computed again.
    const onCase = estimateOn(casePage.$, 'berakning');
    assert.ok(onCase.rows.length > 0);
    const estimate = basisBlock($, 'Preliminär beräkning');
    assert.deepEqual(estimate.rows, onCase.rows);
    assert.deepEqual(estimate.rows.at(-1), ['Beräknat behov', '13 339,50 kr']);

    assert.deepEqual(basisBlock($, 'Det som söktes').rows, [
      ['Riksnormen för hushållet', '15 990 kr'],
      ['Hyra eller avgift för bostaden', '7 850 kr'],
      ['Hushållsel', '450 kr'],
      ['Summa sökt', '24 290 kr'],
      ['Inkomster som dras av', '− 10 950,50 kr'],
    ]);

    // The summary stands above the amounts.
    const html = $.html();
    assert.ok(html.indexOf('id="underlag"') < html.indexOf('<form method="post"'));
  });

  it('says it in English too', async () => {
    const sent = await sendApplication(testApp());
    const { agent } = await staffAgent(testApp(), CASEWORKER_9901);
    const casePath = `/handlaggare/arenden/${sent.id}`;
    await changeStatus(agent, casePath, 'Under handläggning');
    await registerSignature(agent, casePath);
    await agent.get('/sprak/en').redirects(0);
    const { $ } = await getPage(agent, `${casePath}/beslut`);
    const household = basisBlock($, 'The household');
    assert.deepEqual(household.rows[1], ['Children', '10 years old and 4 years old']);
    assert.match(household.text, /ages on 1 December 2026/);
  });
});
