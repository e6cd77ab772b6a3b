import { ATTACHMENTS, ekonomisktBistand } from '../forms/ekonomiskt-bistand';
import { visibleSteps } from '../forms/journey';
import { summarize } from '../forms/summary';
import type { Draft } from '../forms/types';
import { answerText } from '../forms/values';
import { visibleValues } from '../forms/visible-values';
import { translator, type MessageKey, type Translate } from '../locales';
import { estimateForDraft } from './application-estimate';
import type { ApplicationPdfContent } from './application-pdf';
import type { Municipality } from './municipalities';
import { encodeAnswers } from './paper-qr';

const form = ekonomisktBistand;

/** The list of papers to enclose, with the ones the applicant ticked marked. */
export function attachmentChecklist(draft: Draft, t: Translate) {
  const enclosed = (draft.values.bilagor?.enclosed ?? []) as string[];
  return ATTACHMENTS.map((value) => ({
    label: t(`eb.bilagor.enclosed.option.${value}` as MessageKey),
    enclosed: enclosed.includes(value),
  }));
}

/** Everything the paper application shows, from a completed draft. */
export function paperApplication(draft: Draft, municipality: Municipality): ApplicationPdfContent {
  // The paper goes to the municipality: it is always in Swedish.
  const t = translator('sv');
  const { values } = draft;
  const name = (stepId: string) =>
    `${answerText(values, stepId, 'firstName')} ${answerText(values, stepId, 'lastName')}`.trim();
  const withPartner = visibleSteps(form, draft).some((step) => step.id === 'medsokande');
  const codes = encodeAnswers({
    formId: form.id,
    formVersion: form.version,
    values: visibleValues(form, draft),
  });
  const period = answerText(values, 'period', 'period');
  return {
    title: t('pdf.title', { period }),
    language: 'sv',
    municipality,
    period,
    sections: summarize(form, draft, t),
    estimate: estimateForDraft(draft),
    declaration: t('eb.intygande.statement'),
    signers: withPartner ? [name('om-dig'), name('medsokande')] : [name('om-dig')],
    attachments: attachmentChecklist(draft, t),
    qrCodes: codes,
  };
}
