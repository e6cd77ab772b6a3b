import type { Migration, MigrationProvider } from 'kysely';
import * as municipalities from './001-municipalities';
import * as sessions from './002-sessions';
import * as applications from './003-applications';
import * as rateLimits from './004-rate-limits';
import * as accounts from './005-accounts';
import * as smsOutbox from './006-sms-outbox';
import * as attachments from './007-attachments';
import * as submissions from './008-submissions';
import * as coApplicants from './009-co-applicants';
import * as auditAndCases from './010-audit-and-cases';
import * as caseMarks from './011-case-marks';
import * as completionRequests from './012-completion-requests';
import * as decisions from './013-decisions';
import * as inboxFilters from './014-inbox-filters';
import * as caseNotes from './015-case-notes';
import * as messages from './016-messages';
import * as inboxNameIndex from './017-inbox-name-index';
import * as auditMunicipalityText from './018-audit-municipality-text';
import * as openMarks from './019-open-marks';
import * as inboxPartialIndexes from './020-inbox-partial-indexes';
import * as totpPendingSecret from './021-totp-pending-secret';
import * as sessionRenewedFrom from './022-session-renewed-from';
import * as completionDrafts from './023-completion-drafts';
import * as assignmentEvents from './024-assignment-events';
import * as caseworkerOpened from './025-caseworker-opened';
import * as signatureAndLetterTexts from './026-signature-and-letter-texts';
import * as messageAttachments from './028-message-attachments';
import * as auditHashChain from './029-audit-hash-chain';
import * as temporaryPassword from './030-temporary-password';
import * as removedRow from './031-removed-row';
import * as auditShown from './032-audit-shown';
import * as auditShownIndex from './033-audit-shown-index';
import * as completionPapersByPost from './034-completion-papers-by-post';
import * as unreadApplicantMessages from './035-unread-applicant-messages';
import * as auditShownHead from './036-audit-shown-head';
import * as auditDetail from './037-audit-detail';
import * as decisionDrafts from './038-decision-drafts';

/** Listed in code (not read from disk) so the same set runs under tsx, tests and bundlers. */
const migrations: Record<string, Migration> = {
  '001-municipalities': municipalities,
  '002-sessions': sessions,
  '003-applications': applications,
  '004-rate-limits': rateLimits,
  '005-accounts': accounts,
  '006-sms-outbox': smsOutbox,
  '007-attachments': attachments,
  '008-submissions': submissions,
  '009-co-applicants': coApplicants,
  '010-audit-and-cases': auditAndCases,
  '011-case-marks': caseMarks,
  '012-completion-requests': completionRequests,
  '013-decisions': decisions,
  '014-inbox-filters': inboxFilters,
  '015-case-notes': caseNotes,
  '016-messages': messages,
  '017-inbox-name-index': inboxNameIndex,
  '018-audit-municipality-text': auditMunicipalityText,
  '019-open-marks': openMarks,
  '020-inbox-partial-indexes': inboxPartialIndexes,
  '021-totp-pending-secret': totpPendingSecret,
  '022-session-renewed-from': sessionRenewedFrom,
  '023-completion-drafts': completionDrafts,
  '024-assignment-events': assignmentEvents,
  '025-caseworker-opened': caseworkerOpened,
  '026-signature-and-letter-texts': signatureAndLetterTexts,
  '028-message-attachments': messageAttachments,
  '029-audit-hash-chain': auditHashChain,
  '030-temporary-password': temporaryPassword,
  '031-removed-row': removedRow,
  '032-audit-shown': auditShown,
  '033-audit-shown-index': auditShownIndex,
  '034-completion-papers-by-post': completionPapersByPost,
  '035-unread-applicant-messages': unreadApplicantMessages,
  '036-audit-shown-head': auditShownHead,
  '037-audit-detail': auditDetail,
  '038-decision-drafts': decisionDrafts,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: () => Promise.resolve(migrations),
};
