import { fieldOfPath } from './completion-input';
import { formatPhone } from './phone-format';
import type { SummarySection } from './summary';
import type { FormDefinition } from './types';

/**
 * The sections with each phone answer flagged, so a caseworker's view can link it to call
 * (phone-link.ejs dials the digits of the shown "070-123 45 67"), and written as people read it
 * also where a copy sent before numbers were formatted holds the bare digits. Rows without a
 * path (old snapshots whose rows could not be matched) are left as they are.
 */
export function withPhoneLinks(
  sections: readonly SummarySection[],
  form: FormDefinition | undefined,
): SummarySection[] {
  return sections.map((section) => ({
    ...section,
    rows: section.rows.map((row) =>
      form && row.path && fieldOfPath(form, row.path)?.type === 'phone'
        ? { ...row, value: formatPhone(row.value), phone: true }
        : row,
    ),
  }));
}
