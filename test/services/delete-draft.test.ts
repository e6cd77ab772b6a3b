import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sendApplication } from '../helpers/cases';
import { useTestApp } from '../helpers/test-services';

describe('deleting a draft its owner saw a moment ago', () => {
  const testApp = useTestApp();

  it('SEC-31 a draft sent from another tab meanwhile is not deleted: the application stays', async () => {
    const { services } = testApp();
    const sent = await sendApplication(testApp());
    const actor = { kind: 'applicant' as const, userId: sent.applicant.account.id };
    const record = await services.applications.find(actor, sent.id);
    assert.ok(record);
    // As the "Ta bort" page had it: still a draft when it was shown.
    assert.equal(await services.applications.deleteDraft({ ...record, status: 'draft' }), false);
    const still = await services.applications.find(actor, sent.id);
    assert.equal(still?.status, 'inkommen');
  });
});
