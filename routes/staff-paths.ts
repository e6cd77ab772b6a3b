/** Where the staff pages live: the inbox, cases, and applicants' accounts. */
export const STAFF_PATHS = {
  home: '/handlaggare',
  /** The applicant-account search page; its form posts to `search`. */
  accountSearch: '/handlaggare/konton/sok',
  search: '/handlaggare/sok',
  caseSearch: '/handlaggare/arenden/sok',
  /** The list as CSV, with the list's own query string. */
  export: '/handlaggare/arenden.csv',
  reports: '/handlaggare/rapporter',
  case: (id: string) => `/handlaggare/arenden/${id}`,
  /** The application as the applicant's copy (PDF), to print or keep with the case. */
  casePdf: (id: string) => `/handlaggare/arenden/${id}/ansokan.pdf`,
  assign: (id: string) => `/handlaggare/arenden/${id}/tilldela`,
  status: (id: string) => `/handlaggare/arenden/${id}/status`,
  caseAttachment: (id: string, attachmentId: string) =>
    `/handlaggare/arenden/${id}/bilagor/${attachmentId}`,
  newAccount: '/handlaggare/konton/ny',
  account: (id: string) => `/handlaggare/konton/${id}`,
  newCodeList: (id: string) => `/handlaggare/konton/${id}/ny-kodlista`,
  newActivationLetter: (id: string) => `/handlaggare/konton/${id}/nytt-aktiveringsbrev`,
  mobile: (id: string) => `/handlaggare/konton/${id}/mobilnummer`,
  letter: (id: string) => `/handlaggare/konton/${id}/brev`,
  letterPdf: (id: string) => `/handlaggare/konton/${id}/brev.pdf`,
} as const;

/** Account ids are UUIDs: anything else is no account, and never reaches the database. */
export function accountIdOf(value: unknown): string | undefined {
  return typeof value === 'string' && /^[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$/.test(value)
    ? value
    : undefined;
}
