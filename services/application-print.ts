import type { Printout } from '../forms/printout';
import type { ApplicationPdfContent } from './application-pdf';
import type { Municipality } from './municipalities';
import { encodeAnswers } from './paper-qr';

/**
 * Everything the paper application shows, as plain data for the PDF worker. The paper goes to
 * the municipality: it is always in Swedish.
 */
export function paperApplication(
  printout: Printout,
  form: { id: string; version: number },
  municipality: Municipality,
): ApplicationPdfContent {
  return {
    title: printout.title,
    language: 'sv',
    municipality,
    sections: printout.sections,
    estimate: printout.estimate,
    declaration: printout.declaration,
    signers: printout.signers,
    pageFooter: printout.pageFooter,
    attachments: printout.attachments,
    qrCodes: encodeAnswers({
      formId: form.id,
      formVersion: form.version,
      values: printout.answers,
    }),
  };
}
