import type { Translate } from '../locales';
import type { Duplicate } from '../services/case-duplicates';
import { shortDate, statusBadge } from './staff-case-view';
import { STAFF_PATHS } from './staff-paths';

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
