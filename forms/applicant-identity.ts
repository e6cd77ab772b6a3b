import { formatPhone } from './phone-format';
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

/** What the account knows of its owner: the personnummer (12 digits), a name, a mobile (E.164). */
export interface AccountIdentity {
  personnummer: string;
  name: string;
  mobile: string | null;
}

/**
 * A new draft of a logged-in applicant starts with their own personnummer filled in, and the
 * name (the last word as the surname) and mobile the account has (written "070-123 45 67", as
 * the applicant would type it): typed answers, to change.
 */
export function identityPrefill(form: FormDefinition, account: AccountIdentity): Draft['input'] {
  const identity = form.hooks.applicantIdentity;
  const { personnummer } = account;
  if (!identity || !/^\d{12}$/.test(personnummer)) return {};
  const typed: Record<string, string> = {
    [identity.personnummerField]: `${personnummer.slice(0, 8)}-${personnummer.slice(8)}`,
  };
  const words = account.name.trim().split(/\s+/).filter(Boolean);
  if (identity.firstNameField && identity.lastNameField && words.length > 0) {
    typed[identity.firstNameField] =
      words.length > 1 ? words.slice(0, -1).join(' ') : (words[0] ?? '');
    if (words.length > 1) typed[identity.lastNameField] = words.at(-1) ?? '';
  }
  if (identity.phoneField && account.mobile)
    typed[identity.phoneField] = formatPhone(account.mobile);
  return { [identity.stepId]: typed };
}
