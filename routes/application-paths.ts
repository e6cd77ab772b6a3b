import type { FormDefinition } from '../forms/types';

/** The last segment of a step's upload address. */
export const UPLOAD_SEGMENT = 'ladda-upp';

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
    /** Where a step that takes files posts them (multipart). */
    upload: (stepId: string) => `${base}/${stepId}/${UPLOAD_SEGMENT}`,
    attachment: (stepId: string, attachmentId: string) => `${base}/${stepId}/${attachmentId}`,
    removeAttachment: (stepId: string, attachmentId: string) =>
      `${base}/${stepId}/${attachmentId}/ta-bort`,
  };
}

export type JourneyPaths = ReturnType<typeof journeyPaths>;

/** Segments a step id may not take, since the journey's own pages use them. */
export const RESERVED_SEGMENTS = ['granska', 'klar', 'ansokan.pdf', 'avbryt', 'forlang', 'skicka'];
