import type { Municipality } from './municipalities';
import type { ApplicationPdfContent } from './application-pdf';
import type { Printout } from '../forms/printout';
import { translator } from '../locales';
import { encodeAnswers, qrPng } from './paper-qr';

/** Everything the paper application shows, from a printout of a completed draft. */
export async function paperApplication(
  printout: Printout,
  form: { id: string; version: number },
  municipality: Municipality,
): Promise<ApplicationPdfContent> {
  const codes = encodeAnswers({
    formId: form.id,
    formVersion: form.version,
    values: printout.answers,
  });
  return {
    municipality,
    title: printout.title,
    sections: printout.sections,
    estimate: printout.estimate,
    declaration: printout.declaration,
    signers: printout.signers,
    attachments: printout.attachments,
    qrCodes: await Promise.all(codes.map(qrPng)),
    // The paper goes to the municipality: it is always in Swedish.
    t: translator('sv'),
  };
}
