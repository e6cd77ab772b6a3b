import { STAFF_PATHS } from './staff-paths';

/** Where a case's notes, messages and assignment to a colleague are posted. */
export const CASEWORK_PATHS = {
  notes: (id: string) => `${STAFF_PATHS.case(id)}/anteckningar`,
  messages: (id: string) => `${STAFF_PATHS.case(id)}/meddelanden`,
  assignTo: (id: string) => `${STAFF_PATHS.case(id)}/tilldela-kollega`,
  /** Back on the case after a change, with what was done said at its section. */
  done: (id: string, what: CaseworkDone, section: string) =>
    `${STAFF_PATHS.case(id)}?klart=${what}#${section}`,
  /** The applicant's reply on Mina sidor. */
  myMessages: (id: string) => `/mina-sidor/ansokningar/${id}/meddelanden`,
} as const;

/** The assignment form's choice "Ingen handläggare": the case goes back to nobody. */
export const NO_ASSIGNEE = 'ingen';

/** What the case page says was done, from its address: only these fixed words. */
export const CASEWORK_DONE = [
  'anteckning',
  'meddelande',
  'meddelande-utan-sms',
  'meddelande-sms-fel',
  'tilldelad',
  'tilldelad-mig',
  /** Taken over from the colleague who had it. */
  'tagen',
  /** Assigned, and taken from Inkommen to Under handläggning with it. */
  'tilldelad-startad',
  /** Given back: nobody has the case now. */
  'ingen-handlaggare',
] as const;
export type CaseworkDone = (typeof CASEWORK_DONE)[number];

export function caseworkDoneOf(value: unknown): CaseworkDone | undefined {
  return CASEWORK_DONE.find((word) => word === value);
}
