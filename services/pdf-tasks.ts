import {
  renderActivationLetterPdf,
  type ActivationLetterPdfContent,
} from './activation-letter-pdf';
import { renderApplicationPdf, type ApplicationPdfContent } from './application-pdf';
import { renderCodeListPdf, type CodeListPdfContent } from './code-list-pdf';

/** One document for a PDF worker to make: which kind, and its plain-data content. */
export type PdfTask =
  | { kind: 'application'; content: ApplicationPdfContent }
  | { kind: 'codeList'; content: CodeListPdfContent }
  | { kind: 'activationLetter'; content: ActivationLetterPdfContent };

export function renderTask(task: PdfTask): Promise<Buffer> {
  switch (task.kind) {
    case 'application':
      return renderApplicationPdf(task.content);
    case 'codeList':
      return renderCodeListPdf(task.content);
    case 'activationLetter':
      return renderActivationLetterPdf(task.content);
  }
}
