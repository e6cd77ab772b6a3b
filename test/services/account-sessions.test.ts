import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type session from 'express-session';
import { createApplicant } from '../helpers/login';
import { databaseTargets } from '../helpers/database-targets';
import type { TestServices } from '../helpers/test-services';

function sessionData(values: Record<string, unknown>): session.SessionData {
  const stored: unknown = { cookie: { originalMaxAge: 30 * 60_000 }, ...values };
  return stored as session.SessionData;
}

const user = (accountId: string) => ({
  user: { accountId, kind: 'applicant', method: 'sms', at: 0 },
});

for (const target of databaseTargets()) {
  describe(`ending an account's sessions on ${target.name}`, { skip: target.skip }, () => {
    let opened: TestServices;
    before(async () => {
      opened = await target.open();
    });
    after(async () => {
      await opened.cleanup();
    });

    async function sids(): Promise<string[]> {
      const rows = await opened.services.database.db.selectFrom('session').select('sid').execute();
      return rows.map((row) => row.sid).sort();
    }

    it("SEC-12 ends the account's other sessions, halfway logins too, and nobody else's", async () => {
      const { services } = opened;
      const { account } = await createApplicant(services);
      const { account: neighbour } = await createApplicant(services);
      const store = services.sessionStore;
      await store.insert('keep', sessionData(user(account.id)));
      await store.insert('other', sessionData(user(account.id)));
      await store.insert(
        'halfway',
        sessionData({ pendingLogin: { accountId: account.id, kind: 'applicant' } }),
      );
      await store.insert('neighbour', sessionData(user(neighbour.id)));
      await store.insert('anonymous', sessionData({ municipalityCode: '9901' }));

      assert.equal(await store.destroyOthersOf(account.id, 'keep'), 2);
      const written = ['keep', 'other', 'halfway', 'neighbour', 'anonymous'];
      assert.deepEqual(
        (await sids()).filter((sid) => written.includes(sid)),
        ['anonymous', 'keep', 'neighbour'],
      );
    });

    it('takes the ownerless drafts of the ended sessions along, and keeps the drafts the person owns', async () => {
      const { services } = opened;
      const { account } = await createApplicant(services);
      const form = services.forms.defaultForm;
      const owned = await services.applications.start(
        { kind: 'applicant', userId: account.id },
        form,
        '9901',
      );
      const ownerless = await services.applications.start({ kind: 'anonymous' }, form, '9901');
      const kept = await services.applications.start({ kind: 'anonymous' }, form, '9901');
      const store = services.sessionStore;
      await store.insert(
        'phone',
        sessionData({ ...user(account.id), drafts: { a: owned.id, b: ownerless.id } }),
      );
      await store.insert('laptop', sessionData({ ...user(account.id), drafts: { b: kept.id } }));

      await store.destroyOthersOf(account.id, 'laptop');
      const left = await services.database.db
        .selectFrom('application')
        .select('id')
        .where('id', 'in', [owned.id, ownerless.id, kept.id])
        .execute();
      assert.deepEqual(left.map((row) => row.id).sort(), [owned.id, kept.id].sort());
    });

    it('SEC-12 disabling an account ends every one of its sessions in the same step', async () => {
      const { services } = opened;
      const { account } = await createApplicant(services);
      await services.sessionStore.insert('disabled-1', sessionData(user(account.id)));
      await services.sessionStore.insert('disabled-2', sessionData(user(account.id)));
      await services.accounts.disable(account.id);
      assert.ok(!(await sids()).some((sid) => sid.startsWith('disabled-')));
      assert.equal((await services.accounts.find(account.id))?.disabled, true);
    });
  });
}
