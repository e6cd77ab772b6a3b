import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  decisionDraftOf,
  deleteDecisionDrafts,
  saveDecisionDraft,
} from '../../services/decision-drafts';
import { insertSentApplication } from '../helpers/casework';
import { databaseTargets } from '../helpers/database-targets';
import { createStaff } from '../helpers/staff';
import type { TestServices } from '../helpers/test-services';

for (const target of databaseTargets()) {
  describe(
    `a caseworker's checked decision kept as a draft on ${target.name}`,
    { skip: target.skip },
    () => {
      let opened: TestServices;
      before(async () => {
        opened = await target.open();
      });
      after(async () => {
        await opened.cleanup();
      });

      it('is kept per case and caseworker, saved over, bounded to the case’s parts, and gone with the decision', async () => {
        const { services } = opened;
        const { db } = services.database;
        const applicationId = await insertSentApplication(services, {
          municipalityCode: '9901',
          period: '2026-12',
          receivedAt: Date.parse('2026-11-24T08:00:00Z'),
        });
        const [first, second] = await Promise.all(
          [1, 2].map(() =>
            createStaff(services, [{ municipalityCode: '9901', role: 'caseworker' }]),
          ),
        );
        const mine = { applicationId, staffId: first?.account.id ?? '' };
        const theirs = { applicationId, staffId: second?.account.id ?? '' };
        const limits = { partIds: ['hyra', 'el'], reasonMax: 10 };
        const at = new Date('2026-11-24T09:00:00Z');

        await saveDecisionDraft(
          db,
          mine,
          {
            seenVersion: 3,
            granted: { hyra: '6 500', el: '0', okand: '1' },
            reasons: { el: 'Elen ingår i hyran.' },
          },
          limits,
          at,
        );
        assert.deepEqual(await decisionDraftOf(db, mine), {
          input: {
            seenVersion: 3,
            granted: { hyra: '6 500', el: '0' },
            reasons: { el: 'Elen ingår' },
          },
          savedAt: at,
        });
        assert.equal(await decisionDraftOf(db, theirs), undefined);

        const later = new Date('2026-11-24T09:05:00Z');
        await saveDecisionDraft(
          db,
          mine,
          { seenVersion: 4, granted: { hyra: '7 000' }, reasons: {} },
          limits,
          later,
        );
        await saveDecisionDraft(
          db,
          theirs,
          { seenVersion: 4, granted: {}, reasons: {} },
          limits,
          later,
        );
        assert.deepEqual(await decisionDraftOf(db, mine), {
          input: { seenVersion: 4, granted: { hyra: '7 000' }, reasons: {} },
          savedAt: later,
        });

        await db.transaction().execute((trx) => deleteDecisionDrafts(trx, applicationId));
        assert.equal(await decisionDraftOf(db, mine), undefined);
        assert.equal(await decisionDraftOf(db, theirs), undefined);
      });
    },
  );
}
