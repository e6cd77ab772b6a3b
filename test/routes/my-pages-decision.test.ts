import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse as parseDisposition } from 'content-disposition';
import { changeStatus, sendApplication } from '../helpers/cases';
import { registerSignature } from '../helpers/co-applicant-signature';
import { decide, downloadLetter, hrefOf } from '../helpers/decisions';
import { getPage } from '../helpers/http';
import { pdfText } from '../helpers/pdf';
import { ManualClock } from '../helpers/manual-clock';
import { staffAgent } from '../helpers/staff';
import { useTestApp } from '../helpers/test-services';

const CASEWORKER_9901 = [{ municipalityCode: '9901', role: 'caseworker' as const }];

const fileNameOf = (response: { headers: Record<string, unknown> }) =>
  parseDisposition(String(response.headers['content-disposition'])).parameters.filename;

describe("the decision letter's downloads, on Mina sidor and on the case", () => {
  const testApp = useTestApp({ clock: new ManualClock('2026-11-24T08:30:00Z') });

  it('the decision letter (the applicant\'s and the caseworker\'s) and the copy are named for the month, so two months never meet as "beslut (1).pdf"', async () => {
    const sent = await sendApplication(testApp());
    const { agent } = await staffAgent(testApp(), CASEWORKER_9901);
    const casePath = `/handlaggare/arenden/${sent.id}`;
    await changeStatus(agent, casePath, 'Under handläggning');
    await registerSignature(agent, casePath);
    const decided = await decide(agent, casePath);
    assert.equal(decided.response.status, 303);

    const receipt = await getPage(sent.agent, `/mina-sidor/ansokningar/${sent.id}`);
    const letter = await downloadLetter(sent.agent, hrefOf(receipt.$, 'Läs beslutsbrevet (PDF)'));
    assert.equal(letter.status, 200);
    assert.equal(fileNameOf(letter), 'beslut-2026-12.pdf');
    assert.equal(letter.headers['cache-control'], 'no-store');
    // The caseworker's download is named the same way.
    const staffLetter = await downloadLetter(agent, `${casePath}/beslut.pdf`);
    assert.equal(staffLetter.status, 200);
    assert.equal(fileNameOf(staffLetter), 'beslut-2026-12.pdf');
    const { personnummer } = sent.applicant;
    assert.ok(
      pdfText(staffLetter.body as Buffer).includes(
        `Personnummer: ${personnummer.slice(0, 8)}-${personnummer.slice(8)}`,
      ),
      'the letter says whose decision it is',
    );

    const copy = await sent.agent.get(hrefOf(receipt.$, 'Ladda ner en kopia av ansökan (PDF)'));
    assert.equal(copy.status, 200);
    assert.equal(fileNameOf(copy), 'ansokan-ekonomiskt-bistand-2026-12-kopia.pdf');
  });
});
