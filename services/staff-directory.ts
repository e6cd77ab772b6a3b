import { TEMPORARY_PASSWORD_VALIDITY_MS } from './accounts';
import type { AuditLog } from './audit-log';
import type { Clock } from './clock';
import type { StaffRole } from './db/schema';
import { adminMunicipalities } from './decision-letter-settings';
import type { InstallationAdmin } from './installation-admin';
import type { MunicipalityService } from './municipalities';
import { roleOver, type StaffMember } from './staff-access';

interface StaffRequest {
  staff: StaffMember;
  requestId: string;
}

/**
 * Whether the person can log in: closed, not yet logged in (the handed-out password still works,
 * or no longer does), or in use.
 */
export type AccountState = 'disabled' | 'temporary' | 'temporaryExpired' | 'active';

export interface DirectoryRow {
  name: string;
  username: string;
  role: StaffRole;
  mobile: string | null;
  app: boolean;
  disabled: boolean;
  state: AccountState;
  /** While the state is `temporary`: when the handed-out password stops working. */
  temporaryUntil: Date | undefined;
}

function stateOf(
  row: { disabled: boolean; passwordTemporarySince: number | null },
  now: number,
): AccountState {
  if (row.disabled) return 'disabled';
  if (row.passwordTemporarySince === null) return 'active';
  return now - row.passwordTemporarySince >= TEMPORARY_PASSWORD_VALIDITY_MS
    ? 'temporaryExpired'
    : 'temporary';
}

export interface MunicipalityStaff {
  code: string;
  name: string;
  staff: DirectoryRow[];
}

const SUBJECT = 'staff-list';

/**
 * "Personal": who may reach a municipality's applications, and in which role, for that
 * municipality's administrators. Read only: accounts and grants are changed by the IT
 * administrator (`npm run admin`). Each municipality shown is one 'list' audit row; someone
 * who administers none gets nothing and a refused row.
 */
export class StaffDirectory {
  constructor(
    private readonly installation: InstallationAdmin,
    private readonly municipalities: MunicipalityService,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  async forAdmin(who: StaffRequest): Promise<MunicipalityStaff[]> {
    const codes = adminMunicipalities(who.staff);
    if (codes.length === 0) {
      await this.record(who, [], 'denied');
      return [];
    }
    const everyone = await this.installation.listStaff();
    const now = this.clock.now().getTime();
    const result: MunicipalityStaff[] = [];
    const shown: string[] = [];
    for (const code of codes) {
      const municipality = await this.municipalities.find(code);
      if (!municipality) continue;
      const staff = everyone.flatMap((row) => {
        const grant = row.grants.find((one) => one.municipalityCode === code);
        if (!grant) return [];
        const { name, username, mobile, app, disabled } = row;
        const state = stateOf(row, now);
        const temporaryUntil =
          state === 'temporary' && row.passwordTemporarySince !== null
            ? new Date(row.passwordTemporarySince + TEMPORARY_PASSWORD_VALIDITY_MS)
            : undefined;
        return [{ name, username, role: grant.role, mobile, app, disabled, state, temporaryUntil }];
      });
      staff.sort(
        (a, b) => Number(a.disabled) - Number(b.disabled) || a.name.localeCompare(b.name, 'sv'),
      );
      shown.push(code);
      result.push({ code, name: municipality.name, staff });
    }
    // One look is one row (SEC-29), naming every municipality whose staff it listed.
    await this.record(who, shown, 'ok');
    return result;
  }

  private record(who: StaffRequest, codes: readonly string[], outcome: 'ok' | 'denied') {
    return this.audit.record({
      actorId: who.staff.account.id,
      role: roleOver(who.staff, codes),
      municipality: codes.join(',') || null,
      subject: SUBJECT,
      action: 'list',
      outcome,
      requestId: who.requestId,
    });
  }
}
