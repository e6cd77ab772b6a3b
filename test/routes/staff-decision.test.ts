import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { changeStatus, sendApplication } from '../helpers/cases';
import { decide, downloadLetter, hrefOf } from '../helpers/decisions';
import { fieldByLabel } from '../helpers/fields';
import { errorSummaryLinks, getPage, textOf } from '../helpers/http';
import { ManualClock } from '../helpers/manual-clock';
import { pdfText, popplerSkipReason } from '../helpers/pdf';
import { staffAgent } from '../helpers/staff';
import { useTestApp } from '../helpers/test-services';

const CASEWORKER_9901 = [{ municipalityCode: '9901', role: 'caseworker' as const }];
const XSS = '<script>alert(1)</script>"><img src=x onerror=alert(1)>';

describe('a decision with its letter', { skip: popplerSkipReason() }, () => {
  const clock = new ManualClock('2026-11-24T08:30:00Z');
  const testApp = useTestApp({ clock });

  it('the caseworker decides with one part refused; the applicant reads the decision and its letter', async () => {
    const sent = await sendApplication(testApp());
    const { staff, agent } = await staffAgent(testApp(), CASEWORKER_9901);
    const casePath = `/handlaggare/arenden/${sent.id}`;
    await changeStatus(agent, casePath, 'Under handläggning');

    const form = await getPage(agent, `${casePath}/beslut`);
    assert.equal(form.response.status, 200);
    assert.equal(String(fieldByLabel(form.$, 'Beviljat belopp', { within: 'Hyra eller avgift för bostaden' }).val()), '7 850');
    writeFileSync('/tmp/decision-form.html', form.response.text);

    const bad = await decide(agent, casePath, {
      'Hyra eller avgift för bostaden': { granted: '9 000' },
      Hushållsel: { granted: 'fyrahundra' },
    });
    assert.equal(bad.response.status, 400);
    console.log(errorSummaryLinks(bad.$));

    clock.advanceMinutes(5);
    const done = await decide(agent, casePath, {
      'Hyra eller avgift för bostaden': {
        granted: '6 500',
        reason: `Hyran är högre än vad som är skäligt för hushållet. ${XSS}`,
      },
    });
    assert.equal(done.response.status, 303, done.response.text.slice(0, 3000));
    const after = await getPage(agent, done.response.headers.location ?? '');
    writeFileSync('/tmp/decision-case.html', after.response.text);
    console.log(textOf(after.$, 'section[aria-labelledby="beslut-heading"]'));
    const letter = await downloadLetter(agent, hrefOf(after.$, 'Ladda ner beslutsbrevet (PDF)'));
    assert.equal(letter.status, 200);
    writeFileSync('/tmp/decision.pdf', letter.body as Buffer);
    console.log(pdfText(letter.body as Buffer));
    void staff;

    const mine = await getPage(sent.agent, '/mina-sidor');
    console.log(textOf(mine.$, 'main'));
  });
});
