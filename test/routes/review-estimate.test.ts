import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  answersFor,
  familyAnswers,
  fillApplication,
  fixedClock,
  postStep,
  type StepAnswers,
} from '../helpers/application';
import { agentFor, getPage, textOf } from '../helpers/http';
import { pdfText, popplerSkipReason } from '../helpers/pdf';
import { useTestApp } from '../helpers/test-services';

/** The family, with the older child living alternately (växelvis). */
const answers = familyAnswers.map(([stepId, stepAnswers]): [string, StepAnswers] => [
  stepId,
  stepId === 'barn' ? { ...stepAnswers, 'children.0.alternating': 'ja' } : stepAnswers,
]);

const TABLE_SENTENCE =
  'Beräknat med riksnormen för 2026. Beloppen kan skilja sig lite från de riktiga, eftersom de är uppskattade från förra årets belopp.';
const ALTERNATING_SENTENCE =
  'Här räknar vi barn som bor växelvis som om de bor hos dig hela tiden. Din handläggare bestämmer hur stor del som räknas.';

describe('the preliminary estimate on the review page and in the PDF', () => {
  const testApp = useTestApp({ clock: fixedClock });

  it('names the table year and its status, and says the caseworker decides a växelvis share', async (t) => {
    const agent = agentFor(testApp().app);
    await fillApplication(agent, answers.slice(0, -1));
    const last = await postStep(agent, 'intygande', answersFor('intygande', answers));
    assert.equal(last.status, 303);
    const { $ } = await getPage(agent, last.headers.location ?? '');

    const estimate = $('section[aria-labelledby="estimate-heading"]');
    assert.equal(textOf($, '#estimate-heading'), 'Preliminär beräkning – inte ett beslut');
    const row = (label: string) =>
      estimate
        .find('dt')
        .filter((_, dt) => $(dt).text() === label)
        .next('dd')
        .text();
    // 7 100 + 3 820 + 3 050 (2026, counted in full) = 13 970; common(4) 2 020; 13 339,50 kr need.
    assert.equal(row('Riksnormen: personliga kostnader'), '13 970 kr');
    assert.equal(row('Riksnormen: gemensamma kostnader för hushållet'), '2 020 kr');
    assert.equal(row('Beräknat behov'), '13 339,50 kr');
    const sentences = estimate
      .find('p')
      .toArray()
      .map((p) => $(p).text().trim());
    assert.deepEqual(sentences, [
      'Riksnormen är pengar till mat, kläder, hygien, fritid, telefon och andra vanliga kostnader. Regeringen bestämmer beloppen varje år.',
      TABLE_SENTENCE,
      ALTERNATING_SENTENCE,
      'Ett barn som äter lunch i förskolan får lite mindre pengar till mat. Vi vet inte det lägre beloppet för 2026 än, så här räknar vi med hela beloppet. Därför kan beräkningen bli lite för hög.',
      'Beräkningen bygger på dina svar. Din handläggare gör den riktiga bedömningen, och beslutet kan bli ett annat.',
    ]);

    // On to the print page, and the PDF it links to.
    const { $: done } = await getPage(agent, $('main a.button--primary').attr('href') ?? '');
    const pdfLink = done('a[download]').attr('href') ?? '';
    const pdf = await agent
      .get(pdfLink)
      .buffer(true)
      .parse((response, callback) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => callback(null, Buffer.concat(chunks)));
      });
    assert.equal(pdf.headers['content-type'], 'application/pdf');
    const skip = popplerSkipReason();
    if (skip) {
      t.skip(skip);
      return;
    }
    const text = pdfText(pdf.body as Buffer);
    for (const expected of [TABLE_SENTENCE, ALTERNATING_SENTENCE, '13 339,50 kr'])
      assert.ok(text.includes(expected), `PDF has ${expected}`);
  });
});
