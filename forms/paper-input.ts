import type { Translate } from '../locales';
import { conditionHolds } from './conditions';
import type { FieldError } from './field-error';
import { readStepInput, type InputProblem } from './read-input';
import { shownInput } from './shown-input';
import type { Draft, Field, FormDefinition, DraftValues, Step, StepValues } from './types';
import { validateStep } from './validate-step';

/**
 * Answers read from a paper application's QR codes are normalised values (öre, 12-digit
 * personnummer, ISO dates). To trust them no more than typed answers, each step is turned back
 * into the body a browser would post for it and goes through the same reading and validation.
 */

/** öre -> "7850,00": what parseAmount reads back to the same öre. */
function amountText(ore: number): string {
  return `${Math.trunc(ore / 100)},${String(ore % 100).padStart(2, '0')}`;
}

function typed(field: Field | undefined, value: unknown): unknown {
  if (typeof value !== 'number') return value;
  return field?.type === 'amount' && Number.isSafeInteger(value) && value >= 0
    ? amountText(value)
    : String(value);
}

/**
 * One step's saved answers as the form body that would have saved them (group rows as
 * `<group>.<row>.<field>`). Keys the step does not have are kept, so reading reports them.
 */
export function postedStepOf(step: Step, values: StepValues): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const [id, value] of Object.entries(values)) {
    const field = step.fields.find((candidate) => candidate.id === id);
    if (field?.type !== 'group' || !Array.isArray(value)) {
      body[id] = typed(field, value);
      continue;
    }
    value.forEach((row: unknown, index) => {
      if (typeof row !== 'object' || row === null || Array.isArray(row)) {
        body[`${id}.${index}`] = row;
        return;
      }
      for (const [rowId, rowValue] of Object.entries(row)) {
        const rowField = field.fields.find((candidate) => candidate.id === rowId);
        body[`${id}.${index}.${rowId}`] = typed(rowField, rowValue);
      }
    });
  }
  return body;
}

export interface PaperAnswersRead {
  /** The draft as if the applicant had typed each step: input for every step, values where valid. */
  draft: Draft;
  /** Per step: errors as the step's page would show them. */
  errors: Record<string, FieldError[]>;
  /** Per step: what no browser showing our form could have posted (unknown keys, odd values). */
  problems: Record<string, InputProblem[]>;
  /** Steps in the codes that the form does not show for these answers (or does not have). */
  unknownSteps: string[];
}

/**
 * Reads decoded answers step by step, in the form's order, exactly as typed steps are read and
 * validated (readStepInput, validateStep, shownInput). `today` decides the periods offered.
 */
export function readPaperAnswers(
  form: FormDefinition,
  decoded: DraftValues,
  today: string,
  t: Translate,
): PaperAnswersRead {
  const draft: Draft = { formId: form.id, formVersion: form.version, input: {}, values: {} };
  const errors: Record<string, FieldError[]> = {};
  const problems: Record<string, InputProblem[]> = {};
  const read = new Set<string>();
  for (const step of form.steps) {
    if (!conditionHolds(step.showIf, {}, draft.values)) continue;
    const values = decoded[step.id];
    if (!values) continue;
    read.add(step.id);
    const body = postedStepOf(step, values);
    const {
      input,
      problems: stepProblems,
      fieldProblems,
    } = readStepInput(step, body, draft.values);
    const context = { today, values: draft.values };
    const result = validateStep(form, step, input, context, t, fieldProblems);
    draft.input[step.id] = shownInput(step, input, draft.values);
    if (stepProblems.size > 0) problems[step.id] = [...stepProblems];
    if (result.errors.length > 0) errors[step.id] = result.errors;
    else if (stepProblems.size === 0) draft.values[step.id] = result.values;
  }
  const unknownSteps = Object.keys(decoded).filter((stepId) => !read.has(stepId));
  return { draft, errors, problems, unknownSteps };
}
