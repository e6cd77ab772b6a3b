/** Where the staff pages for applicants' accounts live. */
export const STAFF_PATHS = {
  home: '/handlaggare',
  search: '/handlaggare/sok',
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
