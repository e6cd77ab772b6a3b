import type { AuditLog } from './audit-log';
import type { StaffRole } from './db/schema';
import { adminMunicipalities } from './decision-letter-settings';
import type { InstallationAdmin } from './installation-admin';
import type { MunicipalityService } from './municipalities';
import { roleIn, type StaffMember } from './staff-access';

interface StaffRequest {
  staff: StaffMember;
  requestId: string;
}

export interface DirectoryRow {
  name: string;
  username: string;
  role: StaffRole;
  mobile: string | null;
  app: boolean;
  disabled: boolean;
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
  ) {}

  async forAdmin(who: StaffRequest): Promise<MunicipalityStaff[]> {
    const codes = adminMunicipalities(who.staff);
    if (codes.length === 0) {
      await this.record(who, null, 'denied');
      return [];
    }
    const everyone = await this.installation.listStaff();
    const result: MunicipalityStaff[] = [];
    for (const code of codes) {
      const municipality = await this.municipalities.find(code);
      if (!municipality) continue;
      const staff = everyone.flatMap((row) => {
        const grant = row.grants.find((one) => one.municipalityCode === code);
        if (!grant) return [];
        const { name, username, mobile, app, disabled } = row;
        return [{ name, username, role: grant.role, mobile, app, disabled }];
      });
      staff.sort(
        (a, b) => Number(a.disabled) - Number(b.disabled) || a.name.localeCompare(b.name, 'sv'),
      );
      await this.record(who, code, 'ok');
      result.push({ code, name: municipality.name, staff });
    }
    return result;
  }

  private record(who: StaffRequest, code: string | null, outcome: 'ok' | 'denied') {
    return this.audit.record({
      actorId: who.staff.account.id,
      role: roleIn(who.staff, code) ?? null,
      municipality: code,
      subject: SUBJECT,
      action: 'list',
      outcome,
      requestId: who.requestId,
    });
  }
}
