import type { MessageKey, Translate } from '../locales';
import { withAnswerValues } from './answer-texts';
import { formatValue } from './format';
import { visibleSteps } from './journey';
import { fieldKey } from './messages';
import type { DraftValues, FormDefinition, GroupValue } from './types';
import { rowLabel } from './validate-step';

export interface SummaryRow {
  label: string;
  value: string;
  /**
   * Which answer the row shows: "<stepId>.<fieldId>", or "<stepId>.<groupId>.<row>.<fieldId>"
   * in a group (the names a completion page posts). Absent in snapshots sent before it existed.
   */
  path?: string;
  /** The options chosen, one each, when a question allows several: shown as a list. */
  items?: string[];
  /**
   * The answer is a phone number, linked to call where a caseworker reads it (see
   * `withPhoneLinks`); never set in what is stored.
   */
  phone?: boolean;
}

/** An answer as one line of text, to compare or to quote: several choices joined. */
export function summaryRowText(row: SummaryRow): string {
  return row.items && row.items.length > 1 ? row.items.join(', ') : row.value;
}

export interface SummarySection {
  stepId: string;
  title: string;
  rows: SummaryRow[];
}

/**
 * The shown answers (see answers.ts) as question -> answer rows, grouped by step, in the
 * translator's language: what the review page, the PDF and the caseworker read. Unanswered
 * optional fields are left out.
 */
export function summarize(
  form: FormDefinition,
  answers: DraftValues,
  translate: Translate,
): SummarySection[] {
  const t = withAnswerValues(translate, form, answers);
  const steps = visibleSteps(form, answers);
  return steps.map((step) => {
    const values = answers[step.id] ?? {};
    const rows: SummaryRow[] = [];
    const label = (path: string[]) => t(fieldKey(form, path, 'label') as MessageKey);
    for (const field of step.fields) {
      const value = values[field.id];
      if (value === undefined || (Array.isArray(value) && value.length === 0)) continue;
      if (field.type !== 'group') {
        rows.push({
          label: label([step.id, field.id]),
          value: formatValue(form, [step.id, field.id], field, value as never, t),
          path: `${step.id}.${field.id}`,
          // An option's own words may hold commas ("Kontoutdrag …, för alla konton").
          ...(field.type === 'checkboxes' && {
            items: (value as string[]).map((choice) =>
              formatValue(form, [step.id, field.id], field, [choice], t),
            ),
          }),
        });
        continue;
      }
      (value as GroupValue).forEach((row, index) => {
        for (const rowField of field.fields) {
          const rowValue = row[rowField.id];
          if (rowValue === undefined) continue;
          const path = [step.id, field.id, rowField.id];
          rows.push({
            label: `${rowLabel(form, step, field.id, index, t)}: ${label(path)}`,
            value: formatValue(form, path, rowField, rowValue, t),
            path: `${step.id}.${field.id}.${index}.${rowField.id}`,
          });
        }
      });
    }
    return {
      stepId: step.id,
      title: t(`${form.messagePrefix}.${step.id}.title` as MessageKey),
      rows,
    };
  });
}

/**
 * A question with the step it belongs to, "Medsökande – Medborgarskap": where an answer is shown
 * apart from its section (a mark, a completion), the question alone may be the applicant's or the
 * co-applicant's. A row that already starts with the title ("Barn 1: Förnamn") is left as it is.
 */
export function questionInSection(title: string, label: string): string {
  if (title === '' || label.toLocaleLowerCase('sv').startsWith(title.toLocaleLowerCase('sv'))) {
    return label;
  }
  return `${title} – ${label}`;
}

/** Every row of the sections, its label named with its section (see questionInSection). */
export function rowsInSections(sections: readonly SummarySection[]): SummaryRow[] {
  return sections.flatMap((section) =>
    section.rows.map((row) => ({ ...row, label: questionInSection(section.title, row.label) })),
  );
}

/**
 * Sections stored before rows carried their path get them from the same answers summarised
 * again, where the two agree row for row; a row that does not match keeps no path.
 */
export function withRowPaths(
  sections: readonly SummarySection[],
  form: FormDefinition | undefined,
  answers: DraftValues,
  t: Translate,
): SummarySection[] {
  if (!form || sections.every((section) => section.rows.every((row) => row.path))) {
    return [...sections];
  }
  const again = summarize(form, answers, t);
  return sections.map((section) => {
    const match = again.find((candidate) => candidate.stepId === section.stepId);
    return {
      ...section,
      rows: section.rows.map((row, index) => {
        const twin = match?.rows[index];
        return row.path || !twin || twin.label !== row.label ? row : { ...row, path: twin.path };
      }),
    };
  });
}
