import {
  renderActivationLetterPdf,
  type ActivationLetterPdfContent,
} from './activation-letter-pdf';
import { renderApplicationPdf, type ApplicationPdfContent } from './application-pdf';
import {
  renderCoApplicantSignaturePdf,
  type CoApplicantSignaturePdfContent,
} from './co-applicant-signature-pdf';
import { renderCodeListLetterPdf, type CodeListLetterPdfContent } from './code-list-letter-pdf';
import {
  renderCompletionLetterPdf,
  type CompletionLetterPdfContent,
} from './completion-letter-pdf';
import { renderDecisionLetterPdf, type DecisionLetterPdfContent } from './decision-letter-pdf';

/** One document for a PDF worker to make: which kind, and its plain-data content. */
export type PdfTask =
  | { kind: 'application'; content: ApplicationPdfContent }
  | { kind: 'codeList'; content: CodeListLetterPdfContent }
  | { kind: 'activationLetter'; content: ActivationLetterPdfContent }
  | { kind: 'coApplicantSignature'; content: CoApplicantSignaturePdfContent }
  | { kind: 'decisionLetter'; content: DecisionLetterPdfContent }
  | { kind: 'completionLetter'; content: CompletionLetterPdfContent };

export function renderTask(task: PdfTask): Promise<Buffer> {
  switch (task.kind) {
    case 'application':
      return renderApplicationPdf(task.content);
    case 'codeList':
      return renderCodeListLetterPdf(task.content);
    case 'activationLetter':
      return renderActivationLetterPdf(task.content);
    case 'coApplicantSignature':
      return renderCoApplicantSignaturePdf(task.content);
    case 'decisionLetter':
      return renderDecisionLetterPdf(task.content);
    case 'completionLetter':
      return renderCompletionLetterPdf(task.content);
  }
}
