import { conditionHolds, conditionStep } from './conditions';
import type { Draft, DraftValues, FormDefinition, Step } from './types';

export function newDraft(form: FormDefinition): Draft {
  return { formId: form.id, formVersion: form.version, input: {}, values: {} };
}

/** The steps this applicant sees, given the answers saved so far (e.g. no medsökande step). */
export function visibleSteps(form: FormDefinition, values: DraftValues): Step[] {
  return form.steps.filter((step) => conditionHolds(step.showIf, {}, values));
}

export function isComplete(draft: Draft, step: Step): boolean {
  return draft.values[step.id] !== undefined;
}

export function firstIncompleteStep(form: FormDefinition, draft: Draft): Step | undefined {
  return visibleSteps(form, draft.values).find((step) => !isComplete(draft, step));
}

/** A step can be opened when every visible step before it is complete. */
export function canOpen(form: FormDefinition, draft: Draft, step: Step): boolean {
  const steps = visibleSteps(form, draft.values);
  const index = steps.indexOf(step);
  return index >= 0 && steps.slice(0, index).every((before) => isComplete(draft, before));
}

export function neighbours(form: FormDefinition, draft: Draft, step: Step) {
  const steps = visibleSteps(form, draft.values);
  const index = steps.indexOf(step);
  return {
    previous: steps[index - 1],
    next: steps[index + 1],
    number: index + 1,
    total: steps.length,
  };
}

/**
 * Steps that may still come or go: shown only given an answer on a step not done yet (the
 * medsökande step before "Om dig" is answered). They are not among the visible steps. Where that
 * step holds typed answers not saved as answers yet (carried over from last month, to be looked
 * at again), those are the best guess: a step they rule out is not counted.
 */
export function undecidedSteps(form: FormDefinition, draft: Draft): Step[] {
  return form.steps.filter((step) => {
    const on = conditionStep(step.showIf);
    if (on === undefined || draft.values[on] !== undefined) return false;
    const typed = draft.input[on];
    return typed === undefined || conditionHolds(step.showIf, {}, { [on]: typed });
  });
}

/**
 * "Steg 3 av 12": the number among the steps that apply, and a plain total that counts a step
 * still undecided (the medsökande before "Om dig" is answered); the total drops once it is decided.
 */
export function stepPosition(form: FormDefinition, draft: Draft, step: Step) {
  const { number, total } = neighbours(form, draft, step);
  return { number, total: total + undecidedSteps(form, draft).length };
}
