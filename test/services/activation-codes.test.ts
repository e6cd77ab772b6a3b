import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ActivationCodes } from '../../services/activation-codes';
import { PasswordHasher } from '../../services/passwords/password-hasher';
import { addApplicantRow } from '../helpers/account-rows';
import { databaseTargets } from '../helpers/database-targets';
import { ManualClock } from '../helpers/manual-clock';
import type { TestServices } from '../helpers/test-services';

const hasher = new PasswordHasher({ memoryCost: 1024, timeCost: 1, parallelism: 1 });
const DAY_MINUTES = 24 * 60;

for (const target of databaseTargets()) {
  describe(`activation codes on ${target.name}`, { skip: target.skip }, () => {
    const clock = new ManualClock('2026-11-24T08:00:00Z');
    let opened: TestServices;
    let activation: ActivationCodes;
    before(async () => {
      opened = await target.open({ clock });
      activation = new ActivationCodes(opened.services.database.db, hasher, clock);
    });
    after(async () => {
      await opened.cleanup();
    });
    const newAccount = () => addApplicantRow(opened.services.database.db);

    it('issues a code easy to type from paper, valid 30 days, stored only as a hash', async () => {
      const account = await newAccount();
      const issued = await activation.issue(account);
      assert.match(issued.code, /^[ACDEFHJKMNPRTUVWXY34679]{4}(-[ACDEFHJKMNPRTUVWXY34679]{4}){2}$/);
      assert.equal(issued.expiresAt.toISOString(), '2026-12-24T08:00:00.000Z');
      const row = await opened.services.database.db
        .selectFrom('activation')
        .selectAll()
        .where('account_id', '=', account)
        .executeTakeFirstOrThrow();
      assert.match(row.code_hash, /^\$argon2id\$/);
      assert.ok(!row.code_hash.includes(issued.code.replaceAll('-', '')));
      assert.equal(Number(row.expires_at), issued.expiresAt.getTime());
    });

    it('takes the code in any case, with or without dashes and spaces, exactly once', async () => {
      for (const typing of [
        (code: string) => code,
        (code: string) => code.toLowerCase().replaceAll('-', ''),
        (code: string) => ` ${code.replaceAll('-', ' ')} `,
      ]) {
        const account = await newAccount();
        const { code } = await activation.issue(account);
        assert.equal(await activation.redeem(account, typing(code)), true, typing(code));
        assert.equal(await activation.redeem(account, code), false, 'used already');
      }
    });

    it('refuses a wrong code, another account’s code and nonsense, and keeps the code usable', async () => {
      const account = await newAccount();
      const other = await newAccount();
      const { code } = await activation.issue(account);
      const { code: othersCode } = await activation.issue(other);
      const wrong = code.startsWith('A') ? `C${code.slice(1)}` : `A${code.slice(1)}`;
      assert.equal(await activation.redeem(account, wrong), false);
      assert.equal(await activation.redeem(account, othersCode), false);
      assert.equal(await activation.redeem(account, ''), false);
      assert.equal(await activation.redeem(account, `${code}-A`), false);
      assert.equal(await activation.redeem(account, 'OOOO-OOOO-OOOO'), false);
      assert.equal(await activation.redeem(account, code), true);
    });

    it('works until it expires after 30 days, and not from then on', async () => {
      const early = await newAccount();
      const late = await newAccount();
      const { code: earlyCode } = await activation.issue(early);
      const { code: lateCode } = await activation.issue(late);
      clock.advanceMinutes(30 * DAY_MINUTES - 1);
      assert.equal(await activation.redeem(early, earlyCode), true, 'a minute before expiry');
      clock.advanceMinutes(1);
      assert.equal(await activation.redeem(late, lateCode), false, 'at expiry');
      clock.advanceMinutes(DAY_MINUTES);
      assert.equal(await activation.redeem(late, lateCode), false, 'after expiry');
      const { code: newCode } = await activation.issue(late);
      assert.equal(await activation.redeem(late, newCode), true, 'a new code starts anew');
    });

    it('a new code replaces the earlier one', async () => {
      const account = await newAccount();
      const first = await activation.issue(account);
      const second = await activation.issue(account);
      if (first.code !== second.code) {
        assert.equal(await activation.redeem(account, first.code), false);
      }
      assert.equal(await activation.redeem(account, second.code), true);
    });

    it('checks a code without using it up, and says expired only for the right code', async () => {
      const account = await newAccount();
      assert.equal(await activation.pendingUntil(account), undefined);
      const { code, expiresAt } = await activation.issue(account);
      const wrong = code.startsWith('A') ? `C${code.slice(1)}` : `A${code.slice(1)}`;
      assert.equal((await activation.pendingUntil(account))?.getTime(), expiresAt.getTime());
      assert.equal(await activation.check(account, code.toLowerCase()), 'valid');
      assert.equal(await activation.check(account, code), 'valid', 'checking used nothing up');
      assert.equal(await activation.check(account, wrong), 'wrong');
      assert.equal(await activation.check(account, 'nonsense'), 'wrong');
      clock.advanceMinutes(30 * DAY_MINUTES);
      assert.equal(await activation.check(account, code), 'expired');
      assert.equal(await activation.check(account, wrong), 'wrong', 'a wrong code is just wrong');
      const renewed = await activation.issue(account);
      assert.equal(await activation.redeem(account, renewed.code), true);
      assert.equal(await activation.check(account, renewed.code), 'wrong', 'used');
      assert.equal(await activation.pendingUntil(account), undefined);
    });

    it('of several requests with the same code at once, exactly one succeeds', async () => {
      const account = await newAccount();
      const { code } = await activation.issue(account);
      const outcomes = await Promise.all(
        Array.from({ length: 8 }, () => activation.redeem(account, code)),
      );
      assert.equal(outcomes.filter(Boolean).length, 1);
    });
  });
}
