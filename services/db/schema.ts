import type { ColumnType, Generated } from 'kysely';

/** PostgreSQL returns bigint columns as strings; we always write numbers. */
type BigIntColumn = ColumnType<number | string, number, number>;

export interface MunicipalityTable {
  code: string;
  name: string;
  unit_name: string;
  street_address: string;
  postal_code: string;
  city: string;
  phone: string;
  email: string;
  website: string | null;
  /** What the decision letter names as the law it rests on; null: the default text. */
  decision_legal_basis?: string | null;
  /** How and when granted money is paid, for the decision letter; null: the default text. */
  payment_info?: string | null;
}

export interface SessionTable {
  sid: string;
  sess: string;
  expires_at: BigIntColumn;
  /** The anonymous drafts this session holds, space-separated, so they can go with it. */
  draft_ids: ColumnType<string, string | undefined, string>;
  /** The logged-in account, so a password change or a disabled account can end its sessions. */
  account_id: ColumnType<string | null, string | null | undefined, string | null>;
  /** SHA-256 of the id this session was renewed from, so ending that id ends this one too. */
  renewed_from: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface ApplicationTable {
  id: string;
  form_id: string;
  form_version: number;
  municipality_code: string;
  owner_id: string | null;
  channel: string;
  status: string;
  /** JSON: what was typed, per step. */
  input: string;
  /** JSON: the checked values of the steps that are done. */
  answers: string;
  /** JSON: the group row removed last, as typed, for "Ångra" (migration 031); null when none. */
  removed_row: string | null;
  row_version: number;
  created_at: BigIntColumn;
  updated_at: BigIntColumn;
  /** When it was sent (the submission's time); null for a draft. */
  received_at: ColumnType<number | string | null, number | null | undefined, number | null>;
  /** The caseworker who has the case. */
  assignee_id: ColumnType<string | null, string | null | undefined, string | null>;
  /** When staff first opened it; until then it is among "Nya". */
  opened_at: ColumnType<number | string | null, number | null | undefined, number | null>;
  /** Migration 014, written when sent (services/case-columns.ts): YYYY-MM, '' for a draft. */
  period: ColumnType<string, string | undefined, string>;
  applicant_name: ColumnType<string | null, string | null | undefined, string | null>;
  applicant_personnummer: ColumnType<string | null, string | null | undefined, string | null>;
  co_personnummer: ColumnType<string | null, string | null | undefined, string | null>;
  household_size: ColumnType<number | null, number | null | undefined, number | null>;
  /** Migration 019: how many open marks the case has, kept by CaseMarks ("Fel och brister"). */
  open_marks: ColumnType<number, number | undefined, number>;
}

export interface RateLimitTable {
  /** `<limit>:<sha256 of the counted key>`. */
  key: string;
  points: number;
  expires_at: BigIntColumn;
}

export type AccountKind = 'applicant' | 'staff';
export type StaffRole = 'caseworker' | 'readonly' | 'admin';

export interface AccountTable {
  id: string;
  kind: AccountKind;
  /** 12 digits; applicants only. */
  personnummer: string | null;
  /** Staff only; stored lower-case. */
  username: string | null;
  name: string;
  /** Swedish mobile as +467XXXXXXXX, or null when the account has no phone. */
  mobile: string | null;
  /** An applicant's municipality. */
  municipality_code: string | null;
  /** Argon2id (PHC string); null until the account is activated. */
  password_hash: string | null;
  password_changed_at: BigIntColumn | null;
  /**
   * When the administrator handed out the current password (ms): it must be changed at the
   * first login and stops working after TEMPORARY_PASSWORD_VALIDITY_MS. Null for a password
   * the person chose themselves (migration 030).
   */
  password_temporary_since: BigIntColumn | null;
  disabled_at: BigIntColumn | null;
  created_at: BigIntColumn;
  updated_at: BigIntColumn;
}

export interface StaffGrantTable {
  account_id: string;
  municipality_code: string;
  role: StaffRole;
}

export interface ActivationTable {
  account_id: string;
  code_hash: string;
  expires_at: BigIntColumn;
  used_at: BigIntColumn | null;
  created_at: BigIntColumn;
}

export interface SmsCodeTable {
  id: string;
  account_id: string;
  session_hash: string;
  code_hash: string;
  expires_at: BigIntColumn;
  used_at: BigIntColumn | null;
  created_at: BigIntColumn;
}

export interface CodeListTable {
  id: string;
  account_id: string;
  issued_at: BigIntColumn;
  revoked_at: BigIntColumn | null;
}

export interface CodeListCodeTable {
  list_id: string;
  number: number;
  code_hash: string;
  used_at: BigIntColumn | null;
}

export interface TotpTable {
  account_id: string;
  secret: string;
  last_step: BigIntColumn | null;
  enabled_at: BigIntColumn | null;
  /** A replacement app's secret, waiting for its first code while `secret` still logs in. */
  pending_secret: string | null;
}

/** Development and tests only: SMS kept instead of sent (`SMS_PROVIDER=outbox`). */
export interface SmsOutboxTable {
  /** Counts up: the order the messages were sent in. */
  id: Generated<number>;
  /** E.164, e.g. +46701234512. */
  recipient: string;
  text: string;
  created_at: BigIntColumn;
}

export interface SubmissionTable {
  application_id: string;
  receipt_number: string;
  submitted_at: BigIntColumn;
  submitted_by: string;
  login_method: string;
  snapshot: string;
  pdf: Buffer | null;
  pdf_sha256: string | null;
}

export interface ApplicationEventTable {
  id: string;
  application_id: string;
  at: BigIntColumn;
  actor_id: string | null;
  actor_kind: string;
  from_status: string;
  to_status: string;
  reason: string | null;
  /** Set on an assignment (migration 024): the account given the case; the status stays. */
  assignee_id: ColumnType<string | null, string | null | undefined, string | null>;
  /** What an event that moves no status records; null (or absent) for a status move. */
  kind?: string | null;
}

/** 'signed': the medsökande's signature on paper came in and a caseworker registered it. */
export type CoApplicantState = 'waiting' | 'confirmed' | 'declined' | 'paper' | 'signed';

export interface CoApplicantTable {
  application_id: string;
  personnummer: string;
  name: string;
  account_id: string | null;
  state: CoApplicantState;
  decided_at: BigIntColumn | null;
  message: string | null;
  /** The day (YYYY-MM-DD) the signed paper came in ('signed'). */
  signature_received_on?: string | null;
}

export interface BlobTable {
  id: string;
  bytes: Buffer;
  size: number;
  created_at: BigIntColumn;
}

export interface AttachmentTable {
  /** A random UUID: never derived from the uploaded file's name. */
  id: string;
  application_id: string;
  blob_id: string;
  /** The name shown and offered on download, sanitised (see services/attachment-names.ts). */
  name: string;
  /** Detected from the bytes, never taken from the client. */
  media_type: string;
  size: number;
  /** SHA-256 of the bytes, hex. */
  sha256: string;
  created_at: BigIntColumn;
  /** The message it was sent with, for a file sent in the thread after submission. */
  message_id: string | null;
}

/** One thing staff looked at or did (SECURITY.md line 29); never a secret in it. */
export interface AuditEventTable {
  id: string;
  at: BigIntColumn;
  actor_id: string | null;
  role: string | null;
  municipality: string | null;
  subject: string | null;
  action: string;
  outcome: string;
  request_id: string | null;
  /** The applications a list, search, export or report showed: a JSON array of ids (032). */
  shown: string | null;
  /** What the change or look was, where the action alone does not say (migration 037). */
  detail: string | null;
  /** Place in the hash chain, 1, 2, 3, … (migration 029; every row has one). */
  seq: BigIntColumn | null;
  /** sha256(canonical(event) || the previous event's hash), hex. */
  hash: string | null;
}

/** An application a list, search, export or report showed, by the event's place (033). */
export interface AuditShownTable {
  application_id: string;
  seq: BigIntColumn;
}

/** One row (id 1): the place in the chain up to which audit_shown indexes the events (036). */
export interface AuditShownHeadTable {
  id: number;
  seq: BigIntColumn;
}

/** One row (id 1): the last place and hash of the audit chain. */
export interface AuditChainTable {
  id: number;
  seq: BigIntColumn;
  hash: string;
}

export interface CaseViewTable {
  account_id: string;
  application_id: string;
  viewed_at: BigIntColumn;
}

export interface CaseMarkTable {
  id: string;
  application_id: string;
  target: string;
  reason: string;
  created_at: BigIntColumn;
  created_by: string;
  cleared_at: BigIntColumn | null;
  cleared_by: string | null;
}

export interface DecisionTable {
  application_id: string;
  decided_at: BigIntColumn;
  decided_by: string;
  outcome: string;
  /** JSON: the parts decided, see services/decisions.ts DecidedPart. */
  parts: string;
  total_granted_ore: BigIntColumn;
  income_ore: BigIntColumn;
  payable_ore: BigIntColumn;
  letter: Buffer;
  letter_sha256: string;
}

export interface DecisionDraftTable {
  application_id: string;
  staff_id: string;
  /** JSON: the typed DecisionInput, see services/decision-drafts.ts. */
  input: string;
  saved_at: BigIntColumn;
}

export interface CaseNoteTable {
  id: string;
  application_id: string;
  author_id: string;
  text: string;
  created_at: BigIntColumn;
}

export type MessageAuthorKind = 'applicant' | 'staff';

export interface MessageTable {
  id: string;
  application_id: string;
  author_kind: MessageAuthorKind;
  author_id: string;
  text: string;
  created_at: BigIntColumn;
  /** When the other side first read it; null while unread. */
  read_at: BigIntColumn | null;
}

/** A word of an applicant's (person 0) or medsökande's (person 1) name, folded, for search. */
export interface CaseNameWordTable {
  application_id: string;
  person: number;
  word: string;
  municipality_code: string;
  received_at: BigIntColumn;
}

export interface CompletionRequestTable {
  id: string;
  application_id: string;
  requested_at: BigIntColumn;
  requested_by: string;
  due_date: string;
  message: string | null;
  mark_ids: string;
  answered_at: BigIntColumn | null;
  answered_by: string | null;
  changes: string | null;
  answers_after: string | null;
  attachment_ids: string | null;
  /** JSON: marked path -> typed value, saved but not sent (migration 023). */
  draft_answers: string | null;
  draft_version: ColumnType<number, number | undefined, number>;
  draft_saved_at: BigIntColumn | null;
  /** 1: the papers asked for come by post or by hand, not as files (migration 034). */
  papers_by_post: ColumnType<number, number | undefined, number>;
}

export interface Database {
  municipality: MunicipalityTable;
  session: SessionTable;
  application: ApplicationTable;
  rate_limit: RateLimitTable;
  account: AccountTable;
  staff_grant: StaffGrantTable;
  activation: ActivationTable;
  sms_code: SmsCodeTable;
  code_list: CodeListTable;
  code_list_code: CodeListCodeTable;
  totp: TotpTable;
  sms_outbox: SmsOutboxTable;
  submission: SubmissionTable;
  application_event: ApplicationEventTable;
  co_applicant: CoApplicantTable;
  blob: BlobTable;
  attachment: AttachmentTable;
  audit_event: AuditEventTable;
  audit_chain: AuditChainTable;
  audit_shown: AuditShownTable;
  audit_shown_head: AuditShownHeadTable;
  case_view: CaseViewTable;
  case_mark: CaseMarkTable;
  decision: DecisionTable;
  decision_draft: DecisionDraftTable;
  case_note: CaseNoteTable;
  message: MessageTable;
  case_name_word: CaseNameWordTable;
  completion_request: CompletionRequestTable;
}
