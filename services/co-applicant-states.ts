import type { CoApplicantState } from './db/schema';

/** The medsökande has neither confirmed online nor had a paper signature registered. */
export const SIGNATURE_OUTSTANDING: readonly CoApplicantState[] = ['paper', 'waiting'];
