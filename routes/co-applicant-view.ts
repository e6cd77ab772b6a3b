import type { Translate } from '../locales';
import type { Services } from '../services';
import { swedishDateTime } from '../services/submissions';
import { receiptPath } from './application-submit';

/** Where the medsökande stands, in plain words for the applicant's receipt and Mina sidor. */
export interface CoApplicantView {
  state: 'waiting' | 'confirmed' | 'declined' | 'paper';
  name: string;
  text: string;
  message: string | undefined;
  /** The paper form to print while the medsökande's signature is outstanding. */
  signatureHref: string | undefined;
}

export function signatureFormPath(applicationId: string): string {
  return `${receiptPath(applicationId)}/underskrift.pdf`;
}

/** Call only for an application the reader may see (the owner's, checked by the caller). */
export async function coApplicantView(
  services: Services,
  applicationId: string,
  t: Translate,
): Promise<CoApplicantView | undefined> {
  const status = await services.coApplicants.coApplicantOf(applicationId);
  if (!status) return undefined;
  const texts = {
    waiting: () => t('coApplicant.state.waiting', { name: status.name }),
    confirmed: () =>
      t('coApplicant.state.confirmed', {
        time: status.decidedAt ? swedishDateTime(status.decidedAt) : '',
      }),
    declined: () => t('coApplicant.state.declined', { message: status.message ?? '' }),
    paper: () => t('coApplicant.state.paper'),
  };
  return {
    state: status.state,
    name: status.name,
    text: texts[status.state](),
    message: status.message,
    signatureHref: status.state === 'paper' ? signatureFormPath(applicationId) : undefined,
  };
}
