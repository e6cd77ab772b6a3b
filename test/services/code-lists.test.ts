import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CODES_PER_LIST, CodeLists } from '../../services/code-lists';
import { PasswordHasher } from '../../services/passwords/password-hasher';
import { addApplicantRow } from '../helpers/account-rows';
import { databaseTargets } from '../helpers/database-targets';
import { ManualClock } from '../helpers/manual-clock';
import type { TestServices } from '../helpers/test-services';

const hasher = new PasswordHasher({ memoryCost: 1024, timeCost: 1, parallelism: 1 });

for (const target of databaseTargets()) {
  describe(`code lists on ${target.name}`, { skip: target.skip }, () => {
    const clock = new ManualClock('2026-11-24T08:00:00Z');
    let opened: TestServices;
    let codeLists: CodeLists;
    before(async () => {
      opened = await target.open({ clock });
      codeLists = new CodeLists(opened.services.database.db, hasher, clock);
    });
    after(async () => {
      await opened.cleanup();
    });
    const newAccount = () => addApplicantRow(opened.services.database.db);

    it('SEC-5 issues 40 numbered codes of 8 digits from the CSPRNG, stored only as salted hashes', async () => {
      const account = await newAccount();
      const list = await codeLists.issue(account);
      assert.deepEqual(
        list.codes.map((entry) => entry.number),
        Array.from({ length: CODES_PER_LIST }, (_, index) => index + 1),
      );
      for (const { code } of list.codes) assert.match(code, /^\d{8}$/);
      assert.ok(new Set(list.codes.map((entry) => entry.code)).size > 35, 'codes differ');
      assert.equal(list.issuedAt.toISOString(), '2026-11-24T08:00:00.000Z');
      const rows = await opened.services.database.db
        .selectFrom('code_list_code')
        .selectAll()
        .where('list_id', '=', list.listId)
        .execute();
      assert.equal(rows.length, CODES_PER_LIST);
      const stored = rows.map((row) => row.code_hash).join('\n');
      for (const { code } of list.codes) assert.ok(!stored.includes(code), 'no code in clear');
      for (const row of rows) assert.match(row.code_hash, /^\$argon2id\$/);
      assert.equal(new Set(rows.map((row) => row.code_hash)).size, CODES_PER_LIST);
      assert.equal(await codeLists.remaining(account), CODES_PER_LIST);
    });

    it('SEC-5 a code works once, only for its own number and account, typed with or without a space', async () => {
      const account = await newAccount();
      const other = await newAccount();
      const list = await codeLists.issue(account);
      await codeLists.issue(other);
      const [first, second] = list.codes;
      assert.ok(first && second);
      assert.equal(await codeLists.use(account, 2, first.code), false, "another number's code");
      assert.equal(await codeLists.use(other, 1, first.code), false, "another account's code");
      assert.equal(await codeLists.use(account, 1, '00000000'), false);
      assert.equal(await codeLists.use(account, 1, 'ett två tre'), false);
      assert.equal(await codeLists.remaining(account), CODES_PER_LIST, 'nothing used yet');
      const spaced = `${first.code.slice(0, 4)} ${first.code.slice(4)}`;
      assert.equal(await codeLists.use(account, 1, spaced), true);
      assert.equal(await codeLists.use(account, 1, first.code), false, 'used already');
      assert.equal(await codeLists.use(account, 2, second.code), true);
      assert.equal(await codeLists.remaining(account), CODES_PER_LIST - 2);
    });

    it('SEC-5 two parallel requests with the same code: exactly one succeeds', async () => {
      const account = await newAccount();
      const list = await codeLists.issue(account);
      const code = list.codes[6];
      assert.ok(code);
      const outcomes = await Promise.all([
        codeLists.use(account, code.number, code.code),
        codeLists.use(account, code.number, code.code),
      ]);
      assert.deepEqual(outcomes.sort(), [false, true]);
      // And with many at once, checked by a hasher slow enough that all pass the check first.
      const slow = new CodeLists(
        opened.services.database.db,
        {
          hash: (secret) => hasher.hash(secret),
          verify: async (hash, secret) => {
            const right = await hasher.verify(hash, secret);
            await new Promise((resolve) => setTimeout(resolve, 50));
            return right;
          },
        },
        clock,
      );
      const another = list.codes[7];
      assert.ok(another);
      const many = await Promise.all(
        Array.from({ length: 10 }, () => slow.use(account, another.number, another.code)),
      );
      assert.equal(many.filter(Boolean).length, 1);
      assert.equal(await codeLists.remaining(account), CODES_PER_LIST - 2);
    });

    it('SEC-5 asks for one unused number until a code is used (asking again never re-rolls it), and for none when all are used', async () => {
      const account = await newAccount();
      const list = await codeLists.issue(account);
      const first = await codeLists.askNumber(account);
      assert.ok(first !== undefined && first >= 1 && first <= CODES_PER_LIST);
      for (let round = 0; round < 10; round++) {
        assert.equal(await codeLists.askNumber(account), first);
      }
      // Numbers asked over a list's life are spread, not in order.
      const asked: number[] = [];
      const other = await newAccount();
      const otherList = await codeLists.issue(other);
      for (let round = 0; round < 10; round++) {
        const number = await codeLists.askNumber(other);
        assert.ok(number !== undefined);
        asked.push(number);
        const code = otherList.codes.find((each) => each.number === number)?.code ?? '';
        assert.equal(await codeLists.use(other, number, code), true);
      }
      assert.notDeepEqual(
        asked,
        [...asked].sort((a, b) => a - b),
        'asked in order',
      );
      assert.equal(new Set(asked).size, 10);
      const last = list.codes.at(-1);
      assert.ok(last);
      for (const { number, code } of list.codes.slice(0, -1)) {
        assert.equal(await codeLists.use(account, number, code), true);
      }
      assert.equal(await codeLists.remaining(account), 1);
      assert.equal(await codeLists.askNumber(account), last.number);
      assert.equal(await codeLists.use(account, last.number, last.code), true);
      assert.equal(await codeLists.askNumber(account), undefined);
      assert.equal(await codeLists.remaining(account), 0);
    });

    it('SEC-5 issuing a new list revokes the old one', async () => {
      const account = await newAccount();
      const old = await codeLists.issue(account);
      clock.advanceMinutes(5);
      const fresh = await codeLists.issue(account);
      const [oldFirst] = old.codes;
      const [freshFirst] = fresh.codes;
      assert.ok(oldFirst && freshFirst);
      assert.notEqual(old.listId, fresh.listId);
      if (oldFirst.code !== freshFirst.code) {
        assert.equal(await codeLists.use(account, 1, oldFirst.code), false);
      }
      assert.equal(await codeLists.remaining(account), CODES_PER_LIST);
      assert.equal(await codeLists.use(account, 1, freshFirst.code), true);
      const lists = await opened.services.database.db
        .selectFrom('code_list')
        .select(['id', 'revoked_at'])
        .where('account_id', '=', account)
        .execute();
      const inForce = lists.filter((row) => row.revoked_at === null).map((row) => row.id);
      assert.deepEqual(inForce, [fresh.listId]);
      assert.equal(await codeLists.isActive(account, fresh.listId), true);
      assert.equal(await codeLists.isActive(account, old.listId), false);
    });

    it('SEC-5 two lists issued at once for one account leave exactly one in force', async () => {
      const account = await newAccount();
      const [one, two] = await Promise.all([codeLists.issue(account), codeLists.issue(account)]);
      const lists = await opened.services.database.db
        .selectFrom('code_list')
        .select(['id', 'revoked_at'])
        .where('account_id', '=', account)
        .execute();
      assert.equal(lists.length, 2);
      const inForce = lists.filter((row) => row.revoked_at === null);
      assert.equal(inForce.length, 1);
      assert.ok([one.listId, two.listId].includes(inForce[0]?.id ?? ''));
    });

    it('revoking leaves no codes to ask for or use', async () => {
      const account = await newAccount();
      const list = await codeLists.issue(account);
      await codeLists.revoke(account);
      const [first] = list.codes;
      assert.ok(first);
      assert.equal(await codeLists.askNumber(account), undefined);
      assert.equal(await codeLists.remaining(account), 0);
      assert.equal(await codeLists.use(account, 1, first.code), false);
    });

    it('an account without a list has nothing to ask for; an unknown account gets no list', async () => {
      const account = await newAccount();
      assert.equal(await codeLists.askNumber(account), undefined);
      assert.equal(await codeLists.remaining(account), 0);
      assert.equal(await codeLists.use(account, 1, '12345678'), false);
      await assert.rejects(codeLists.issue('00000000-0000-4000-8000-000000000000'), /No account/);
    });
  });
}
