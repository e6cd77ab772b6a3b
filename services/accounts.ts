import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import { endSessionsOf } from './account-sessions';
import type { Clock } from './clock';
import type { AccountKind, AccountTable, Database, StaffRole } from './db/schema';

export interface Account {
  id: string;
  kind: AccountKind;
  personnummer: string | null;
  username: string | null;
  name: string;
  mobile: string | null;
  municipalityCode: string | null;
  passwordHash: string | null;
  /**
   * When the administrator handed out the current password (ms since 1970); null for a
   * password the person chose themselves. Such a password must be changed at the first login.
   */
  passwordTemporarySince: number | null;
  disabled: boolean;
}

/**
 * How long a password handed out by the administrator works (ASVS 4 2.3.1): a week, enough
 * for a new caseworker's first day after a weekend or a short leave, short enough that a
 * forgotten note with it is soon worthless.
 */
export const TEMPORARY_PASSWORD_VALIDITY_MS = 7 * 24 * 3_600_000;

/** A handed-out password older than TEMPORARY_PASSWORD_VALIDITY_MS; never one the person chose. */
export function temporaryPasswordExpired(
  account: Pick<Account, 'passwordTemporarySince'>,
  now: Date,
): boolean {
  return (
    account.passwordTemporarySince !== null &&
    now.getTime() - account.passwordTemporarySince >= TEMPORARY_PASSWORD_VALIDITY_MS
  );
}

export interface StaffGrant {
  municipalityCode: string;
  role: StaffRole;
}

export interface NewApplicantAccount {
  personnummer: string;
  name: string;
  mobile: string | null;
  municipalityCode: string;
}

export interface NewStaffAccount {
  username: string;
  name: string;
  mobile: string | null;
  grants: StaffGrant[];
}

/** A personnummer or username that another account already has. */
export class AccountExistsError extends Error {
  constructor() {
    super('An account with this personnummer or username exists');
  }
}

/** Account rows in and out. Credentials are checked elsewhere (LoginService). */
export class AccountService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
  ) {}

  find(id: string): Promise<Account | undefined> {
    return this.findBy('id', id);
  }

  findApplicant(personnummer: string): Promise<Account | undefined> {
    return this.findBy('personnummer', personnummer, 'applicant');
  }

  findStaff(username: string): Promise<Account | undefined> {
    return this.findBy('username', username.trim().toLowerCase(), 'staff');
  }

  private async findBy(
    column: 'id' | 'personnummer' | 'username',
    value: string,
    kind?: AccountKind,
  ): Promise<Account | undefined> {
    let query = this.db.selectFrom('account').selectAll().where(column, '=', value);
    if (kind) query = query.where('kind', '=', kind);
    const row = await query.executeTakeFirst();
    return row && toAccount(row);
  }

  async createApplicant(account: NewApplicantAccount): Promise<Account> {
    if (await this.findApplicant(account.personnummer)) throw new AccountExistsError();
    const id = randomUUID();
    const now = this.clock.now().getTime();
    await this.db
      .insertInto('account')
      .values({
        id,
        kind: 'applicant',
        personnummer: account.personnummer,
        username: null,
        name: account.name,
        mobile: account.mobile,
        municipality_code: account.municipalityCode,
        password_hash: null,
        password_changed_at: null,
        password_temporary_since: null,
        disabled_at: null,
        created_at: now,
        updated_at: now,
      })
      .execute();
    return (await this.find(id)) as Account;
  }

  async createStaff(account: NewStaffAccount): Promise<Account> {
    const username = account.username.trim().toLowerCase();
    if (await this.findStaff(username)) throw new AccountExistsError();
    const id = randomUUID();
    const now = this.clock.now().getTime();
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('account')
        .values({
          id,
          kind: 'staff',
          personnummer: null,
          username,
          name: account.name,
          mobile: account.mobile,
          municipality_code: null,
          password_hash: null,
          password_changed_at: null,
          password_temporary_since: null,
          disabled_at: null,
          created_at: now,
          updated_at: now,
        })
        .execute();
      for (const grant of account.grants) {
        await trx
          .insertInto('staff_grant')
          .values({ account_id: id, municipality_code: grant.municipalityCode, role: grant.role })
          .execute();
      }
    });
    return (await this.find(id)) as Account;
  }

  async grantsOf(accountId: string): Promise<StaffGrant[]> {
    const rows = await this.db
      .selectFrom('staff_grant')
      .select(['municipality_code', 'role'])
      .where('account_id', '=', accountId)
      .orderBy('municipality_code')
      .execute();
    return rows.map((row) => ({ municipalityCode: row.municipality_code, role: row.role }));
  }

  /**
   * A new password. `temporary`: handed out by the administrator, so it must be changed at the
   * first login and expires; any other (one the person chose) clears that mark.
   */
  async setPasswordHash(
    accountId: string,
    passwordHash: string,
    options: { temporary?: boolean } = {},
  ): Promise<void> {
    const now = this.clock.now().getTime();
    await this.db
      .updateTable('account')
      .set({
        password_hash: passwordHash,
        password_changed_at: now,
        password_temporary_since: options.temporary === true ? now : null,
        updated_at: now,
      })
      .where('id', '=', accountId)
      .execute();
  }

  async setMobile(accountId: string, mobile: string | null): Promise<void> {
    await this.db
      .updateTable('account')
      .set({ mobile, updated_at: this.clock.now().getTime() })
      .where('id', '=', accountId)
      .execute();
  }

  /**
   * Whoever is logged in to the account is out (SEC-12): when the staff replace a phone or a
   * code list, the lost one may be in someone else's hands, and logged in.
   */
  async endSessions(accountId: string): Promise<void> {
    await endSessionsOf(this.db, accountId);
  }

  /** Nobody can log in to the account any more, and whoever is logged in is out (SEC-12). */
  async disable(accountId: string): Promise<void> {
    const now = this.clock.now().getTime();
    await this.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('account')
        .set({ disabled_at: now, updated_at: now })
        .where('id', '=', accountId)
        .execute();
      await endSessionsOf(trx, accountId);
    });
  }
}

function toAccount(row: Selectable<AccountTable>): Account {
  return {
    id: row.id,
    kind: row.kind,
    personnummer: row.personnummer,
    username: row.username,
    name: row.name,
    mobile: row.mobile,
    municipalityCode: row.municipality_code,
    passwordHash: row.password_hash,
    passwordTemporarySince:
      row.password_temporary_since === null ? null : Number(row.password_temporary_since),
    disabled: row.disabled_at !== null,
  };
}
