import type { Translate } from '../locales';
import type { Services } from '../services';
import type { Duplicate } from '../services/case-duplicates';
import type { StaffMember } from '../services/staff-access';
import { shortDate, statusBadge } from './staff-case-view';
import { STAFF_PATHS } from './staff-paths';

/**
 * The case page's duplicate warning (views/staff/case/duplicates.ejs): the other live
 * applications of the same person for the same period, each linked.
 */
export async function caseDuplicatesView(
  services: Services,
  staff: StaffMember,
  applicationId: string,
  t: Translate,
) {
  return duplicateLinks(await services.caseDuplicates.ofCase(staff, applicationId), t);
}

/** Each duplicate as a link to its case: "Sara Hassan, inkommen 2026-11-27, Inkommen". */
export function duplicateLinks(found: readonly Duplicate[], t: Translate) {
  return {
    duplicates: found.map((one) => ({
      href: STAFF_PATHS.case(one.id),
      text: t('duplicates.item', {
        name: one.applicantName,
        received: shortDate(one.receivedAt),
        status: statusBadge(one.status, t).text,
      }),
    })),
  };
}
