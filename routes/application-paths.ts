import type { FormDefinition } from '../forms/types';

/** Every address of one form's journey, so no view or route spells them out. */
export function journeyPaths(form: FormDefinition) {
  const base = `/ansokan/${form.slug}`;
  return {
    start: base,
    step: (stepId: string) => `${base}/${stepId}`,
    review: `${base}/granska`,
    done: `${base}/klar`,
    pdf: `${base}/ansokan.pdf`,
    cancel: `${base}/avbryt`,
    submit: `${base}/skicka`,
  };
}

export type JourneyPaths = ReturnType<typeof journeyPaths>;

/** Segments a step id may not take, since the journey's own pages use them. */
export const RESERVED_SEGMENTS = ['granska', 'klar', 'ansokan.pdf', 'avbryt', 'forlang', 'skicka'];
