import { createHash, randomInt, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Clock } from './clock';
import type { Database } from './db/schema';
import type { SecretHasher } from './passwords/password-hasher';

export const CODES_PER_LIST = 40;
const CODE_DIGITS = 8;

export interface NumberedCode {
  number: number;
  /** Eight digits, leading zeros kept. */
  code: string;
}

export interface IssuedCodeList {
  listId: string;
  issuedAt: Date;
  codes: NumberedCode[];
}

/** Eight digits from the CSPRNG: `randomInt` draws evenly, with no modulo bias. */
function randomCode(): string {
  return String(randomInt(0, 10 ** CODE_DIGITS)).padStart(CODE_DIGITS, '0');
}

/** "1234 5678" and "1234-5678" as printed or typed are "12345678"; anything else is no code. */
function typedCode(typed: string): string | undefined {
  const code = typed.replace(/[\s-]/g, '');
  return new RegExp(`^\\d{${CODE_DIGITS}}$`).test(code) ? code : undefined;
}

/**
 * Pre-shared code lists on paper, the second factor for applicants without a phone (SECURITY.md
 * line 5): 40 numbered codes from the CSPRNG, stored as salted hashes; the login asks for one
 * numbered code, and each code works exactly once. An account has at most one list in force:
 * issuing a new one revokes the old.
 */
export class CodeLists {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly hasher: SecretHasher,
    private readonly clock: Clock,
  ) {}

  /** A new list for the account, in clear for printing once; the earlier list stops working. */
  async issue(accountId: string): Promise<IssuedCodeList> {
    const codes = Array.from({ length: CODES_PER_LIST }, (_, index) => ({
      number: index + 1,
      code: randomCode(),
    }));
    // Hashed in parallel on the thread pool, before the transaction, which then stays short.
    const hashes = await Promise.all(codes.map(({ code }) => this.hasher.hash(code)));
    const issuedAt = this.clock.now();
    const at = issuedAt.getTime();
    const listId = randomUUID();
    await this.db.transaction().execute(async (trx) => {
      // The account's row first: two lists issued at once for one account then wait for each
      // other on PostgreSQL, and the second revokes the first instead of both staying in force.
      const account = await trx
        .updateTable('account')
        .set({ updated_at: at })
        .where('id', '=', accountId)
        .executeTakeFirst();
      if (Number(account.numUpdatedRows) !== 1) throw new Error('No account with that id');
      await trx
        .updateTable('code_list')
        .set({ revoked_at: at })
        .where('account_id', '=', accountId)
        .where('revoked_at', 'is', null)
        .execute();
      await trx
        .insertInto('code_list')
        .values({ id: listId, account_id: accountId, issued_at: at, revoked_at: null })
        .execute();
      await trx
        .insertInto('code_list_code')
        .values(
          codes.map(({ number }, index) => ({
            list_id: listId,
            number,
            code_hash: hashes[index] ?? '',
            used_at: null,
          })),
        )
        .execute();
    });
    return { listId, issuedAt, codes };
  }

  /**
   * The number of an unused code to ask for; undefined when none is left. It looks random, but
   * stays the same until a code of the list is used: logging in again and again never draws
   * another number, so someone who has seen a few codes cannot wait for one of theirs.
   */
  async askNumber(accountId: string): Promise<number | undefined> {
    const listId = await this.activeListId(accountId);
    if (listId === undefined) return undefined;
    const codes = await this.db
      .selectFrom('code_list_code')
      .select(['number', 'used_at'])
      .where('list_id', '=', listId)
      .orderBy('number')
      .execute();
    const unused = codes.filter((code) => code.used_at === null);
    if (unused.length === 0) return undefined;
    // The list's id is random and never shown, so the pick cannot be foreseen.
    const pick = createHash('sha256')
      .update(`${listId}:${codes.length - unused.length}`)
      .digest()
      .readUInt32BE(0);
    return unused[pick % unused.length]?.number;
  }

  /**
   * True exactly once for the right code of `number` on the list in force, also when the same
   * code arrives twice at the same moment: the code is marked used by one conditional update,
   * and only the request whose update changed the row gets true.
   */
  async use(accountId: string, number: number, typed: string): Promise<boolean> {
    const code = typedCode(typed);
    if (code === undefined || !Number.isSafeInteger(number)) return false;
    const listId = await this.activeListId(accountId);
    if (listId === undefined) return false;
    const row = await this.db
      .selectFrom('code_list_code')
      .select('code_hash')
      .where('list_id', '=', listId)
      .where('number', '=', number)
      .where('used_at', 'is', null)
      .executeTakeFirst();
    if (!row || !(await this.hasher.verify(row.code_hash, code))) return false;
    const result = await this.db
      .updateTable('code_list_code')
      .set({ used_at: this.clock.now().getTime() })
      .where('list_id', '=', listId)
      .where('number', '=', number)
      .where('used_at', 'is', null)
      // A list revoked while the code was checked takes its codes with it.
      .where('list_id', 'in', (eb) =>
        eb
          .selectFrom('code_list')
          .select('id')
          .where('id', '=', listId)
          .where('revoked_at', 'is', null),
      )
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** Unused codes on the list in force (0 without one), so the login can warn when few are left. */
  async remaining(accountId: string): Promise<number> {
    const listId = await this.activeListId(accountId);
    if (listId === undefined) return 0;
    const row = await this.db
      .selectFrom('code_list_code')
      .select((eb) => eb.fn.countAll<number | string>().as('count'))
      .where('list_id', '=', listId)
      .where('used_at', 'is', null)
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }

  /** The list in force stops working (a lost list), without a new one. */
  async revoke(accountId: string): Promise<void> {
    await this.db
      .updateTable('code_list')
      .set({ revoked_at: this.clock.now().getTime() })
      .where('account_id', '=', accountId)
      .where('revoked_at', 'is', null)
      .execute();
  }

  /** Whether `listId` is the account's list in force (not revoked by a newer one). */
  async isActive(accountId: string, listId: string): Promise<boolean> {
    return (await this.activeListId(accountId)) === listId;
  }

  private async activeListId(accountId: string): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('code_list')
      .select('id')
      .where('account_id', '=', accountId)
      .where('revoked_at', 'is', null)
      .orderBy('issued_at', 'desc')
      .orderBy('id')
      .limit(1)
      .executeTakeFirst();
    return row?.id;
  }
}
