import type { Kysely } from 'kysely';
import type { EstimateView } from '../forms/types';
import type { Database } from './db/schema';
import { mayRead, type StaffMember } from './staff-access';

/**
 * The preliminary estimate (riksnorm) exactly as the applicant saw it on the review page when
 * sending: it is kept in the submission's snapshot, so a later table or rule change does not
 * alter what the applicant was shown. Part of the case view, whose 'view' row logs the look.
 */
export class CaseEstimates {
  constructor(private readonly db: Kysely<Database>) {}

  async of(staff: StaffMember, applicationId: string): Promise<EstimateView | undefined> {
    const row = await this.db
      .selectFrom('submission as s')
      .innerJoin('application as a', 'a.id', 's.application_id')
      .select(['s.snapshot', 'a.municipality_code'])
      .where('s.application_id', '=', applicationId)
      .executeTakeFirst();
    if (!row || !mayRead(staff, row.municipality_code)) return undefined;
    const snapshot = JSON.parse(row.snapshot) as { estimate?: EstimateView | null };
    return snapshot.estimate ?? undefined;
  }
}
