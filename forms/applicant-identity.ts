import type { Draft, DraftValues, FormDefinition } from './types';
import { answerText } from './values';

const digits = (text: string) => text.replace(/\D/g, '');

/**
 * Whether the applicant the answers name is the person logged in: an application sent with an
 * account is made in its owner's name. True for a form that asks for no identity.
 */
export function identityMatches(
  form: FormDefinition,
  values: DraftValues,
  personnummer: string,
): boolean {
  const identity = form.hooks.applicantIdentity;
  if (!identity) return true;
  const answered = digits(answerText(values, identity.stepId, identity.personnummerField));
  return answered === digits(personnummer);
}

/** The applicant's personnummer as answered (12 digits), for an application without an account. */
export function answeredPersonnummer(form: FormDefinition, values: DraftValues): string | null {
  const identity = form.hooks.applicantIdentity;
  if (!identity) return null;
  const answered = digits(answerText(values, identity.stepId, identity.personnummerField));
  return /^\d{12}$/.test(answered) ? answered : null;
}

/** A new draft of a logged-in applicant starts with their own personnummer filled in. */
export function identityPrefill(form: FormDefinition, personnummer: string): Draft['input'] {
  const identity = form.hooks.applicantIdentity;
  if (!identity || !/^\d{12}$/.test(personnummer)) return {};
  const typed = `${personnummer.slice(0, 8)}-${personnummer.slice(8)}`;
  return { [identity.stepId]: { [identity.personnummerField]: typed } };
}
