import type { Language, Translate } from '../locales';
import { dateTime } from '../services/date-texts';
import type { Services } from '../services';
import { receiptPath } from './application-submit';

/**
 * Where the medsökande stands, in plain words for the applicant's receipt and Mina sidor. A
 * medsökande with an account ('waiting') and one without ('paper') look the same: whether a
 * person has an account here (and so applies for assistance) is not the applicant's to learn.
 */
export interface CoApplicantView {
  /** `withCase`: never confirmed here, but a caseworker has the case (the signature is theirs). */
  state: 'waiting' | 'confirmed' | 'declined' | 'withCase';
  name: string;
  text: string;
  message: string | undefined;
  /** The paper form to print while the medsökande's signature is outstanding. */
  signatureHref: string | undefined;
}

export function signatureFormPath(applicationId: string): string {
  return `${receiptPath(applicationId)}/underskrift.pdf`;
}

/** Sent, and no caseworker has moved it on yet: only then can it still wait for the partner. */
export function caseUntouched(applicationStatus: string): boolean {
  return applicationStatus === 'inkommen' || applicationStatus === 'vantar-medsokande';
}

/** Call only for an application the reader may see (the owner's, checked by the caller). */
export async function coApplicantView(
  services: Services,
  application: { id: string; status: string },
  t: Translate,
  language: Language,
): Promise<CoApplicantView | undefined> {
  const applicationId = application.id;
  const status = await services.coApplicants.coApplicantOf(applicationId);
  if (!status) return undefined;
  const unconfirmed = status.state === 'paper' || status.state === 'waiting';
  if (unconfirmed && !caseUntouched(application.status)) {
    return {
      state: 'withCase',
      name: status.name,
      text: status.name,
      message: undefined,
      signatureHref: undefined,
    };
  }
  // Signed on paper is confirmed, as far as the applicant goes: the case goes on.
  const state =
    status.state === 'paper' ? 'waiting' : status.state === 'signed' ? 'confirmed' : status.state;
  const texts = {
    waiting: () => t('coApplicant.state.waiting', { name: status.name }),
    confirmed: () =>
      status.state === 'signed'
        ? t('coApplicant.state.signed', { name: status.name })
        : t('coApplicant.state.confirmed', {
            time: status.decidedAt ? dateTime(status.decidedAt, language) : '',
          }),
    declined: () => t('coApplicant.state.declined', { message: status.message ?? '' }),
  };
  return {
    state,
    name: status.name,
    text: texts[state](),
    message: status.message,
    signatureHref: state === 'waiting' ? signatureFormPath(applicationId) : undefined,
  };
}
