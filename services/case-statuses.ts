/**
 * The statuses of a sent application and the moves between them, as data: one table says what
 * may follow what, and who or what makes the move.
 */
export const CASE_STATUSES = [
  'vantar-medsokande',
  'avbojd-av-medsokande',
  'inkommen',
  'under-handlaggning',
  'komplettering-begard',
  'kompletterad',
  'beviljad',
  'delvis-beviljad',
  'avslag',
  'aterkallad',
  'makulerad',
] as const;

export type CaseStatus = (typeof CASE_STATUSES)[number];

/**
 * Who makes a move: a caseworker with a button; a completion request or the applicant's
 * resubmission (completion); a decision with its letter (decision); the medsökande.
 */
export type TransitionBy = 'caseworker' | 'completion' | 'decision' | 'co-applicant';

export const DECIDED: readonly CaseStatus[] = ['beviljad', 'delvis-beviljad', 'avslag'];
/** Ended without a decision: withdrawn, cancelled (e.g. a duplicate), or declined by the partner. */
export const ENDED_UNDECIDED: readonly CaseStatus[] = [
  'aterkallad',
  'makulerad',
  'avbojd-av-medsokande',
];
/** Nothing more happens to these (an appeal is a case of its own). */
export const CLOSED: readonly CaseStatus[] = [...DECIDED, ...ENDED_UNDECIDED];

const decide = { beviljad: 'decision', 'delvis-beviljad': 'decision', avslag: 'decision' } as const;
const end = { aterkallad: 'caseworker', makulerad: 'caseworker' } as const;

/** The allowed moves: from -> to -> by whom. Anything not here is refused. */
export const TRANSITIONS: Readonly<
  Record<CaseStatus, Readonly<Partial<Record<CaseStatus, TransitionBy>>>>
> = {
  'vantar-medsokande': {
    inkommen: 'co-applicant',
    'avbojd-av-medsokande': 'co-applicant',
    ...end,
  },
  'avbojd-av-medsokande': { makulerad: 'caseworker' },
  inkommen: { 'under-handlaggning': 'caseworker', ...end },
  'under-handlaggning': { 'komplettering-begard': 'completion', ...decide, ...end },
  'komplettering-begard': {
    kompletterad: 'completion',
    'under-handlaggning': 'caseworker',
    ...end,
  },
  kompletterad: {
    'under-handlaggning': 'caseworker',
    'komplettering-begard': 'completion',
    ...decide,
    ...end,
  },
  beviljad: {},
  'delvis-beviljad': {},
  avslag: {},
  aterkallad: {},
  makulerad: {},
};

/** A reason must be given for these moves: they end a case without a decision. */
export const REASON_REQUIRED: readonly CaseStatus[] = ['aterkallad', 'makulerad'];

export function isCaseStatus(value: unknown): value is CaseStatus {
  return typeof value === 'string' && (CASE_STATUSES as readonly string[]).includes(value);
}

/** Who may move a case from `from` to `to`; undefined when the move is not allowed at all. */
export function transition(from: string, to: string): TransitionBy | undefined {
  if (!isCaseStatus(from) || !isCaseStatus(to)) return undefined;
  return TRANSITIONS[from][to];
}

/** The moves a caseworker makes with a button from this status. */
export function caseworkerMoves(from: string): CaseStatus[] {
  if (!isCaseStatus(from)) return [];
  return CASE_STATUSES.filter((to) => TRANSITIONS[from][to] === 'caseworker');
}
