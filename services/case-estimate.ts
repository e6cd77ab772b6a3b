import type { Kysely } from 'kysely';
import type { FormRegistry } from '../forms';
import type { EstimateView } from '../forms/types';
import { translator } from '../locales';
import { caseAnswers } from './case-answers';
import type { Database } from './db/schema';
import { mayRead, type StaffMember } from './staff-access';

export interface CaseEstimate {
  estimate: EstimateView;
  /**
   * When a completion changed the answers, the estimate is made again from the answers now and
   * this is when they were changed; undefined while it is the one the applicant saw.
   */
  recalculatedAt: Date | undefined;
  /** The estimate as the applicant saw it when sending (only beside a recalculated one). */
  sent: EstimateView | undefined;
  /** Sent online (the applicant saw the estimate) or registered from paper (nobody saw it). */
  online: boolean;
}

/**
 * The preliminary estimate (riksnorm) of a case. While the answers are as sent it is exactly the
 * one the applicant saw on the review page (kept in the submission's snapshot, so a later table
 * or rule change does not alter it). After a completion changed the answers it is made again
 * from the answers as they stand now, the same answers the decision reads. Part of the case
 * view, whose 'view' row logs the look.
 */
export class CaseEstimates {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly forms: FormRegistry,
  ) {}

  async of(staff: StaffMember, applicationId: string): Promise<CaseEstimate | undefined> {
    const row = await this.db
      .selectFrom('submission as s')
      .innerJoin('application as a', 'a.id', 's.application_id')
      .select(['s.snapshot', 'a.municipality_code', 'a.channel'])
      .where('s.application_id', '=', applicationId)
      .executeTakeFirst();
    if (!row || !mayRead(staff, row.municipality_code)) return undefined;
    const snapshot = JSON.parse(row.snapshot) as { estimate?: EstimateView | null };
    const sent = snapshot.estimate ?? undefined;
    const answers = await caseAnswers(this.db, this.forms, applicationId);
    const hooks = answers?.form.hooks;
    const online = row.channel === 'e-tjanst';
    if (!answers?.changedAt || !hooks?.estimate) {
      return sent && { estimate: sent, recalculatedAt: undefined, sent: undefined, online };
    }
    return {
      estimate: hooks.estimate(answers.answers, translator('sv')),
      recalculatedAt: answers.changedAt,
      sent,
      online,
    };
  }
}
