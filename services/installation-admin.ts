import { randomInt } from 'node:crypto';
import type { Kysely } from 'kysely';
import { parseEmail, parsePhone, parsePostalCode } from '../forms/parsers';
import { endSessionsOf } from './account-sessions';
import { AccountExistsError, temporaryPasswordExpired, type AccountService } from './accounts';
import type { AuditLog, InstallationChange } from './audit-log';
import type { Clock } from './clock';
import type { Database, StaffRole } from './db/schema';
import type { Municipality, MunicipalityService } from './municipalities';
import type { SecretHasher } from './passwords/password-hasher';
import { toE164 } from './sms/phone-number';

export const STAFF_ROLES: readonly StaffRole[] = ['caseworker', 'readonly', 'admin'];

/** Lower-case letters, digits, dots, hyphens and underscores: what the login form folds to. */
const USERNAME = /^[a-z0-9][a-z0-9._-]{2,63}$/;
const KOMMUNKOD = /^\d{4}$/;
/** No 0/o, 1/l/i: a temporary password is read aloud or copied from a screen. */
const PASSWORD_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** A refusal the command line prints as it is: what was wrong and how to do it right. */
export class AdminInputError extends Error {}

export interface StaffListRow {
  username: string;
  name: string;
  mobile: string | null;
  disabled: boolean;
  /** When the administrator handed out the password still in use (ms), or null once chosen. */
  passwordTemporarySince: number | null;
  /** That handed-out password has run out: the login refuses it. */
  temporaryPasswordExpired: boolean;
  app: boolean;
  grants: { municipalityCode: string; role: StaffRole }[];
}

/**
 * What the IT administrator of an installation does before any staff member can log in, and
 * what no page offers yet: add a municipality, add staff with a grant, give and take grants,
 * set a temporary password, remove a lost authenticator app, change the second factor's phone
 * and disable an account. Every change writes one audit row with no actor (the command line,
 * not a logged-in person) and ends the account's sessions where what they were allowed changed.
 */
export class InstallationAdmin {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly accounts: AccountService,
    private readonly municipalities: MunicipalityService,
    private readonly passwords: SecretHasher,
    private readonly auditLog: AuditLog,
  ) {}

  async addMunicipality(municipality: Municipality): Promise<void> {
    if (!KOMMUNKOD.test(municipality.code)) {
      throw new AdminInputError('--code must be the four-digit kommunkod, e.g. 0180');
    }
    if (await this.municipalities.find(municipality.code)) {
      throw new AdminInputError(`Municipality ${municipality.code} exists already`);
    }
    await this.municipalities.add(checkedMunicipality(municipality));
    await this.audit(municipality.code, `municipality:${municipality.code}`, 'municipality');
  }

  listMunicipalities(): Promise<Municipality[]> {
    return this.municipalities.list();
  }

  /**
   * A municipality's details corrected or changed (a new phone number, an address): what is given
   * replaces what is there, checked as when added. Letters made from now on print it; running
   * portals show it within a minute.
   */
  async updateMunicipality(
    code: string,
    changes: { [K in keyof Omit<Municipality, 'code'>]?: Municipality[K] | undefined },
  ): Promise<Municipality> {
    const current = await this.municipalities.find(code);
    if (!current) throw new AdminInputError(`No municipality ${code}`);
    // An option not given comes as undefined: it leaves that detail as it is.
    const entries: [string, unknown][] = Object.entries(changes);
    const given = Object.fromEntries(entries.filter(([, value]) => value !== undefined));
    if (Object.keys(given).length === 0) {
      throw new AdminInputError('Give at least one detail to change, e.g. --phone "08-123 456"');
    }
    const updated = checkedMunicipality({ ...current, ...given });
    await this.municipalities.update(updated);
    await this.audit(code, `municipality:${code}`, 'municipality');
    return updated;
  }

  /**
   * A new staff account with one grant and a temporary password, returned once: it works for
   * TEMPORARY_PASSWORD_VALIDITY_MS and must be changed at the first login.
   */
  async addStaff(input: {
    username: string;
    name: string;
    mobile: string;
    municipalityCode: string;
    role: string;
  }): Promise<{ password: string }> {
    const username = input.username.trim().toLowerCase();
    if (!USERNAME.test(username)) {
      throw new AdminInputError(
        '--username: 3–64 characters, letters a–z, digits, dots, hyphens or underscores',
      );
    }
    const name = input.name.trim();
    if (name.length === 0 || name.length > 200) {
      throw new AdminInputError('--name: the person’s name, at most 200 characters');
    }
    const mobile = this.mobileOf(input.mobile);
    const role = this.roleOf(input.role);
    await this.existingMunicipality(input.municipalityCode);
    try {
      const account = await this.accounts.createStaff({
        username,
        name,
        mobile,
        grants: [{ municipalityCode: input.municipalityCode, role }],
      });
      const password = temporaryPassword();
      await this.accounts.setPasswordHash(account.id, await this.passwords.hash(password), {
        temporary: true,
      });
      await this.audit(input.municipalityCode, account.id, 'staffAdded');
      return { password };
    } catch (error) {
      if (error instanceof AccountExistsError) {
        throw new AdminInputError(`A staff account named ${username} exists already`);
      }
      throw error;
    }
  }

  /** Gives a grant, or changes the role of the one the account has in that municipality. */
  async grant(username: string, municipalityCode: string, roleText: string): Promise<void> {
    const account = await this.staffNamed(username);
    const role = this.roleOf(roleText);
    await this.existingMunicipality(municipalityCode);
    await this.db.transaction().execute(async (trx) => {
      await trx
        .deleteFrom('staff_grant')
        .where('account_id', '=', account.id)
        .where('municipality_code', '=', municipalityCode)
        .execute();
      await trx
        .insertInto('staff_grant')
        .values({ account_id: account.id, municipality_code: municipalityCode, role })
        .execute();
      await this.audit(municipalityCode, account.id, 'grant', trx);
    });
  }

  /** Takes the grant away; the grants are read on every request, so it counts at once. */
  async revoke(username: string, municipalityCode: string): Promise<void> {
    const account = await this.staffNamed(username);
    await this.db.transaction().execute(async (trx) => {
      const result = await trx
        .deleteFrom('staff_grant')
        .where('account_id', '=', account.id)
        .where('municipality_code', '=', municipalityCode)
        .executeTakeFirst();
      if (Number(result.numDeletedRows) === 0) {
        throw new AdminInputError(`${account.username ?? ''} has no grant in ${municipalityCode}`);
      }
      await this.audit(municipalityCode, account.id, 'revoke', trx);
    });
  }

  /**
   * A new temporary password (a forgotten one): the old one stops working and whoever is logged
   * in is logged out. Like the first one it expires and must be changed at the next login. The
   * second factor stays as it is.
   */
  async resetPassword(username: string): Promise<{ password: string }> {
    const account = await this.staffNamed(username);
    if (account.disabled) {
      throw new AdminInputError(
        `${account.username ?? ''} is disabled: no password was set. Someone who is back: "staff enable".`,
      );
    }
    return this.newTemporaryPassword(account);
  }

  /** Someone who is back: the account opens again, with a new temporary password (shown once). */
  async enable(username: string): Promise<{ password: string }> {
    const account = await this.staffNamed(username);
    if (!account.disabled) {
      throw new AdminInputError(`${account.username ?? ''} is not disabled`);
    }
    return this.newTemporaryPassword(account, { enable: true });
  }

  private async newTemporaryPassword(
    account: { id: string },
    { enable = false }: { enable?: boolean } = {},
  ): Promise<{ password: string }> {
    const password = temporaryPassword();
    const hash = await this.passwords.hash(password);
    const now = this.clock.now().getTime();
    const municipalities = await this.municipalitiesOf(account.id);
    await this.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('account')
        .set({
          password_hash: hash,
          password_changed_at: now,
          password_temporary_since: now,
          updated_at: now,
          ...(enable ? { disabled_at: null } : {}),
        })
        .where('id', '=', account.id)
        .execute();
      await endSessionsOf(trx, account.id);
      await this.audit(municipalities, account.id, enable ? 'enable' : 'temporaryPassword', trx);
    });
    return { password };
  }

  /**
   * A lost or new phone: the authenticator app is removed (the staff member logs in by SMS and
   * may add a new app in Mitt konto) and, when a number is given, the SMS goes there from now
   * on. The account's sessions end: a lost phone may be logged in.
   */
  async replacePhone(
    username: string,
    mobileText: string | undefined,
  ): Promise<{ appRemoved: boolean; mobile: string | null }> {
    const account = await this.staffNamed(username);
    const mobile = mobileText === undefined ? undefined : this.mobileOf(mobileText);
    if (mobile === undefined && account.mobile === null) {
      throw new AdminInputError(
        `${account.username ?? ''} has no mobile number: give the new one with --mobile`,
      );
    }
    const now = this.clock.now().getTime();
    const municipalities = await this.municipalitiesOf(account.id);
    return this.db.transaction().execute(async (trx) => {
      const removed = await trx.deleteFrom('totp').where('account_id', '=', account.id).execute();
      if (mobile !== undefined) {
        await trx
          .updateTable('account')
          .set({ mobile, updated_at: now })
          .where('id', '=', account.id)
          .execute();
      }
      await endSessionsOf(trx, account.id);
      await this.audit(municipalities, account.id, 'mobile', trx);
      return {
        appRemoved: removed.some((result) => Number(result.numDeletedRows) > 0),
        mobile: mobile ?? account.mobile,
      };
    });
  }

  /** Someone who left: no more logins, logged out now; the history keeps their name. */
  async disable(username: string): Promise<void> {
    const account = await this.staffNamed(username);
    if (account.disabled)
      throw new AdminInputError(`${account.username ?? ''} is disabled already`);
    const municipalities = await this.municipalitiesOf(account.id);
    const now = this.clock.now().getTime();
    await this.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('account')
        .set({ disabled_at: now, updated_at: now })
        .where('id', '=', account.id)
        .execute();
      await endSessionsOf(trx, account.id);
      await this.audit(municipalities, account.id, 'disable', trx);
    });
  }

  async listStaff(): Promise<StaffListRow[]> {
    const [rows, grants, apps] = await Promise.all([
      this.db
        .selectFrom('account')
        .select(['id', 'username', 'name', 'mobile', 'disabled_at', 'password_temporary_since'])
        .where('kind', '=', 'staff')
        .orderBy('username')
        .execute(),
      this.db
        .selectFrom('staff_grant')
        .select(['account_id', 'municipality_code', 'role'])
        .orderBy('municipality_code')
        .execute(),
      this.db.selectFrom('totp').select('account_id').where('enabled_at', 'is not', null).execute(),
    ]);
    const withApp = new Set(apps.map((row) => row.account_id));
    return rows.map((row) => {
      const passwordTemporarySince =
        row.password_temporary_since === null ? null : Number(row.password_temporary_since);
      return {
        username: row.username ?? '',
        name: row.name,
        mobile: row.mobile,
        disabled: row.disabled_at !== null,
        temporaryPasswordExpired: temporaryPasswordExpired(
          { passwordTemporarySince },
          this.clock.now(),
        ),
        passwordTemporarySince,
        app: withApp.has(row.id),
        grants: grants
          .filter((grant) => grant.account_id === row.id)
          .map((grant) => ({ municipalityCode: grant.municipality_code, role: grant.role })),
      };
    });
  }

  private async staffNamed(username: string) {
    const account = await this.accounts.findStaff(username);
    if (!account) throw new AdminInputError(`No staff account is named ${username}`);
    return account;
  }

  private async existingMunicipality(code: string): Promise<void> {
    if (!(await this.municipalities.find(code))) {
      throw new AdminInputError(
        `No municipality ${code}: add it first with "municipality add" (see README, Operations)`,
      );
    }
  }

  private roleOf(text: string): StaffRole {
    const role = STAFF_ROLES.find((one) => one === text);
    if (!role) throw new AdminInputError(`--role must be one of ${STAFF_ROLES.join(', ')}`);
    return role;
  }

  private mobileOf(text: string): string {
    const mobile = toE164(text);
    if (!mobile) {
      throw new AdminInputError('--mobile: a Swedish mobile number, e.g. 070-123 45 67');
    }
    return mobile;
  }

  private async municipalitiesOf(accountId: string): Promise<string | null> {
    const grants = await this.accounts.grantsOf(accountId);
    return grants.map((grant) => grant.municipalityCode).join(',') || null;
  }

  /** `detail` says which command it was: a new password is not told from a grant otherwise. */
  private audit(
    municipality: string | null,
    subject: string,
    detail: InstallationChange,
    trx?: Parameters<AuditLog['record']>[1],
  ): Promise<void> {
    return this.auditLog.record(
      {
        actorId: null,
        role: null,
        municipality,
        subject,
        action: 'change',
        outcome: 'ok',
        requestId: null,
        detail,
      },
      trx,
    );
  }
}

/** Four groups of five from an unambiguous alphabet: about 98 bits, never a common password. */
export function temporaryPassword(): string {
  const groups = Array.from({ length: 4 }, () =>
    Array.from({ length: 5 }, () => PASSWORD_ALPHABET[randomInt(PASSWORD_ALPHABET.length)]).join(
      '',
    ),
  );
  return groups.join('-');
}

/** The details as they may be stored, or every problem with them named in one refusal. */
function checkedMunicipality(municipality: Municipality): Municipality {
  const problems = municipalityProblems(municipality);
  if (problems.length > 0) throw new AdminInputError(problems.join('\n'));
  const postal = parsePostalCode(municipality.postalCode);
  return {
    ...municipality,
    // Printed on letters as Swedish addresses write it.
    postalCode: postal.ok ? `${postal.value.slice(0, 3)} ${postal.value.slice(3)}` : '',
  };
}

/**
 * What is wrong with a municipality's details, each naming its option: they are printed on every
 * letter and shown to the public, so a slip is caught here rather than on paper.
 */
function municipalityProblems(municipality: Municipality): string[] {
  const problems: string[] = [];
  const texts: [string, string][] = [
    ['--name', municipality.name],
    ['--unit', municipality.unitName],
    ['--street', municipality.streetAddress],
    ['--city', municipality.city],
  ];
  for (const [option, text] of texts) {
    if (text.trim() === '' || text.length > 200) problems.push(`${option}: 1–200 characters`);
  }
  if (!parsePostalCode(municipality.postalCode).ok) {
    problems.push('--postal-code: five digits, e.g. "111 22"');
  }
  if (!parsePhone(municipality.phone).ok)
    problems.push('--phone: a phone number, e.g. "08-123 456"');
  if (!parseEmail(municipality.email).ok) {
    problems.push('--email: an e-mail address, e.g. socialtjansten@kommun.se');
  }
  if (municipality.website !== null && !/^https?:\/\/[^\s/]+\.[^\s]+$/.test(municipality.website)) {
    problems.push('--website: an address starting with https://, e.g. https://www.kommun.se');
  }
  return problems;
}
