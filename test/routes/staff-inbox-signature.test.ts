import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sendApplication } from '../helpers/cases';
import { registerSignature } from '../helpers/co-applicant-signature';
import { createApplicantWithPhone, sendNaming } from '../helpers/co-applicant';
import { getPage, type Page } from '../helpers/http';
import { ManualClock } from '../helpers/manual-clock';
import { staffAgent } from '../helpers/staff';
import { useTestApp } from '../helpers/test-services';

const CASEWORKER_9901 = [{ municipalityCode: '9901', role: 'caseworker' as const }];
const BADGE = 'Väntar på underskrift från medsökande';

/** The badges in a case's Status cell of the inbox, as read. */
function statusBadges($: Page, caseId: string): string[] {
  const row = $(`table tbody tr:has(a[href="/handlaggare/arenden/${caseId}"])`);
  assert.equal(row.length, 1, `one row for ${caseId}`);
  return row
    .find('td[data-label="Status"] .badge')
    .toArray()
    .map((badge) => $(badge).text().trim());
}

describe("the inbox marks a case waiting for the medsökande's signature", () => {
  const clock = new ManualClock('2026-11-24T08:30:00Z');
  const testApp = useTestApp({ clock });

  it('"Inkommen" with "Väntar på underskrift från medsökande" until the paper signature is registered', async () => {
    const sent = await sendApplication(testApp());
    const { agent } = await staffAgent(testApp(), CASEWORKER_9901);

    const waiting = await getPage(agent, '/handlaggare');
    assert.deepEqual(statusBadges(waiting.$, sent.id), ['Inkommen', BADGE]);
    const casePath = `/handlaggare/arenden/${sent.id}`;
    const registered = await registerSignature(agent, casePath);
    assert.equal(registered.response.status, 303);

    const signed = await getPage(agent, '/handlaggare?lista=ej-beslutade');
    assert.deepEqual(statusBadges(signed.$, sent.id), ['Inkommen']);
  });

  it('a case whose status says it already ("Väntar på medsökande") gets no second badge', async () => {
    const partner = await createApplicantWithPhone(testApp().services);
    const sent = await sendNaming(testApp(), partner.personnummer);
    const { agent } = await staffAgent(testApp(), CASEWORKER_9901);
    const { $ } = await getPage(agent, '/handlaggare?lista=ej-beslutade');
    assert.deepEqual(statusBadges($, sent.applicationId), ['Väntar på medsökande', 'Inte öppnad']);
  });
});
