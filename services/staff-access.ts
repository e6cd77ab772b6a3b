import type { Account, AccountService, StaffGrant } from './accounts';
import type { StaffRole } from './db/schema';

/** A logged-in staff member with the municipalities and roles they were granted. */
export interface StaffMember {
  account: Account;
  grants: StaffGrant[];
}

/** Roles that may change things; `readonly` may only look. */
const WRITING_ROLES: readonly StaffRole[] = ['caseworker', 'admin'];

/**
 * The staff account with its grants; undefined for anything else, or a disabled account. Both
 * are read at once; `account` is a read of the account already under way, if there is one.
 */
export async function loadStaffMember(
  accounts: AccountService,
  accountId: string,
  account: Promise<Account | undefined> = accounts.find(accountId),
): Promise<StaffMember | undefined> {
  const [found, grants] = await Promise.all([account, accounts.grantsOf(accountId)]);
  if (!found || found.kind !== 'staff' || found.disabled) return undefined;
  return { account: found, grants };
}

export function roleIn(
  staff: Pick<StaffMember, 'grants'>,
  municipalityCode: string | null,
): StaffRole | undefined {
  if (municipalityCode === null) return undefined;
  return staff.grants.find((grant) => grant.municipalityCode === municipalityCode)?.role;
}

/** The role over several municipalities: the one role when they all share it, else none. */
export function roleOver(
  staff: Pick<StaffMember, 'grants'>,
  codes: readonly string[],
): StaffRole | null {
  const roles = new Set(codes.map((code) => roleIn(staff, code)));
  const [role] = [...roles];
  return roles.size === 1 && role !== undefined ? role : null;
}

/** Any role in the municipality lets a staff member see its applicants' accounts. */
export function mayRead(staff: StaffMember, municipalityCode: string | null): boolean {
  return roleIn(staff, municipalityCode) !== undefined;
}

export function mayWrite(staff: StaffMember, municipalityCode: string | null): boolean {
  const role = roleIn(staff, municipalityCode);
  return role !== undefined && WRITING_ROLES.includes(role);
}

/** The municipalities where the staff member may hand out and change accounts. */
export function writableMunicipalities(staff: StaffMember): string[] {
  return staff.grants
    .filter((grant) => WRITING_ROLES.includes(grant.role))
    .map((grant) => grant.municipalityCode);
}
