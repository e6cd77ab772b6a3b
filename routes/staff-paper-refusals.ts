import type { Language, Translate } from '../locales';
import { sanitiseFileName } from '../services/attachment-names';
import type { AttachmentLimits } from '../services/attachments';
import type { ScanRefusal } from '../services/paper-registration';
import { MAX_PDF_PAGES, type PdfIssue } from '../services/paper-scan-pdf';
import { limitTexts } from './attachment-view';

/** Why the pictures of a paper application were refused, in words, and the status to answer. */
export function scanRefusal(
  refusal: ScanRefusal,
  limits: AttachmentLimits,
  language: Language,
  t: Translate,
): { status: number; text: string } {
  const texts = limitTexts(limits, language);
  const name = 'name' in refusal ? sanitiseFileName(refusal.name) : '';
  switch (refusal.problem) {
    case 'noFile':
      return { status: 400, text: t('paper.error.noFile') };
    case 'pdf':
      return pdfRefusal(refusal.issue, name, t);
    case 'readFailed':
      return refusal.reason === 'timeout'
        ? { status: 503, text: t('paper.error.readTimeout') }
        : { status: 400, text: t('paper.error.readFailed') };
    case 'notAllowedType':
      return { status: 415, text: t('paper.error.notImage', { name }) };
    case 'notAnImage':
      return { status: 400, text: t('paper.error.unreadableImage', { name }) };
    case 'imageTooLarge':
      return { status: 413, text: t('paper.error.imageTooLarge', { name }) };
    case 'empty':
      return { status: 400, text: t('attachments.refused.empty', { ...texts, name }) };
    case 'tooLarge':
      return { status: 413, text: t('attachments.refused.tooLarge', { ...texts, name }) };
    case 'tooMany':
      return { status: 413, text: t('attachments.tooManyAtOnce', texts) };
    case 'overQuota':
      return { status: 413, text: t('paper.error.overQuota', texts) };
    case 'tooManyPictures':
      return { status: 413, text: t('paper.error.tooManyPictures', { most: refusal.most }) };
    case 'picturesOverQuota':
      return { status: 413, text: t('paper.error.picturesOverQuota', texts) };
    case 'severalApplications':
      return { status: 400, text: t('paper.error.severalApplications') };
  }
}

/** A PDF whose pages could not be taken out, and why (services/paper-scan-pdf.ts). */
function pdfRefusal(issue: PdfIssue, name: string, t: Translate) {
  switch (issue) {
    case 'encrypted':
      return { status: 400, text: t('paper.error.pdfEncrypted', { name }) };
    case 'unreadable':
      return { status: 400, text: t('paper.error.pdfUnreadable', { name }) };
    case 'noPages':
      return { status: 400, text: t('paper.error.pdfNoPages', { name }) };
    case 'tooManyPages':
      return { status: 413, text: t('paper.error.pdfTooManyPages', { name, most: MAX_PDF_PAGES }) };
    case 'tooLarge':
      return { status: 413, text: t('paper.error.pdfTooLarge', { name }) };
    case 'activeContent':
      return { status: 400, text: t('paper.error.pdfActiveContent', { name }) };
  }
}
