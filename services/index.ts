import type { DestinationStream } from 'pino';
import type { Config } from '../config';
import { FormRegistry } from '../forms';
import type { FormDefinition } from '../forms/types';
import { AccountActivation } from './account-activation';
import { AccountNotices } from './account-notices';
import { AccountSettings } from './account-settings';
import { AccountService } from './accounts';
import { ActivationCodes } from './activation-codes';
import { ApplicantAccountDesk } from './applicant-account-desk';
import { ApplicantAddresses } from './applicant-addresses';
import { ApplicationService } from './application-service';
import { AttachmentService, type AttachmentLimits } from './attachments';
import { AuditLog } from './audit-log';
import { CaseAssignment } from './case-assignment';
import { CaseEstimates } from './case-estimate';
import { CaseHistory } from './case-history';
import { CaseInbox } from './case-inbox';
import { CaseMessages } from './case-messages';
import { CaseNotes } from './case-notes';
import { CaseDuplicates } from './case-duplicates';
import { CaseReports } from './case-reports';
import { CaseMarks } from './case-marks';
import { CaseService } from './cases';
import { CoApplicantSignatures } from './co-applicant-signatures';
import { PaperRegistration } from './paper-registration';
import { PaperScanner } from './paper-scanner';
import { PdfChecker } from './pdf-checker';
import { DatabaseBlobStore } from './blob-store';
import { DeviceTrust } from './device-trust';
import { DecisionService } from './decisions';
import { DecisionLetterSettings } from './decision-letter-settings';
import { CodeLists } from './code-lists';
import { CaseAccessLog } from './case-access-log';
import { AuditShownIndex } from './audit-shown-index';
import { CaseCopies } from './case-copies';
import { CompletionByPost } from './completion-by-post';
import { CompletionRequests } from './completion-requests';
import { Completions } from './completions';
import { CoApplicantService } from './co-applicants';
import { systemClock, type Clock } from './clock';
import { openDatabase } from './db/database';
import { migrateToLatest } from './db/migrate';
import { demoCaseworker, seedDemoAccounts } from './demo-accounts';
import { seedDemoCases } from './demo-cases';
import { demoMunicipalities, seedDemoData } from './demo-data';
import { HealthService } from './health';
import { createLogger } from './logger';
import { LoginService } from './login';
import { InstallationAdmin } from './installation-admin';
import { StaffDirectory } from './staff-directory';
import { MunicipalityService } from './municipalities';
import {
  PasswordHasher,
  type Argon2Cost,
  type HashQueueOptions,
} from './passwords/password-hasher';
import { RateLimits } from './rate-limits';
import { PdfRenderer } from './pdf-renderer';
import { UploadMemory } from './upload-memory';
import { PendingLetters } from './pending-letters';
import { EarlierApplications } from './earlier-applications';
import { DatabaseSessionStore } from './session-store';
import { SmsCodes } from './sms-codes';
import { createSmsSenders } from './sms/sms-senders';
import { SubmissionService } from './submissions';
import { AppCodes } from './totp';
import { ApplicantSmsNotices } from './applicant-sms-notices';

export interface ServiceOptions {
  clock?: Clock;
  logDestination?: DestinationStream;
  /** The forms offered; the published ones unless a test adds its own. */
  forms?: readonly FormDefinition[];
  /** Tests hash with a cheaper Argon2 cost; everything else uses OWASP's. */
  argon2Cost?: Argon2Cost;
  /** How long a paper upload may be read before its worker is stopped (tests: a millisecond). */
  paperScanTimeoutMs?: number;
  /** Tests: hashing threads and the Argon2 functions (one a test can hold up). */
  passwordHashing?: Pick<HashQueueOptions, 'slots' | 'argon2'>;
}

/** A session row holds ids and small flags: anything near this is a bug or an attack. */
const SESSION_MAX_BYTES = 8 * 1024;

const MEGABYTE = 1024 * 1024;
/** What one application may carry: a month's papers as photos or PDFs, with room to spare. */
const ATTACHMENT_LIMITS: AttachmentLimits = {
  maxFiles: 10,
  maxFileBytes: 10 * MEGABYTE,
  maxTotalBytes: 30 * MEGABYTE,
};
/** A blob no attachment names is kept this long, so an upload under way never loses its bytes. */
const UNREFERENCED_BLOB_MS = 60 * 60_000;

export function createServices(config: Config, options: ServiceOptions = {}) {
  const clock = options.clock ?? systemClock;
  const logger = createLogger(config.logLevel, options.logDestination);
  const database = openDatabase(config.database);
  const municipalities = new MunicipalityService(database.db);
  const sessionStore = new DatabaseSessionStore(database.db, clock, {
    idleMs: config.session.idleMinutes * 60_000,
    maxBytes: SESSION_MAX_BYTES,
    // A touch within this of the last stored expiry is not written: at most a minute, and well
    // under the idle time, or a short idle time (SESSION_IDLE_MINUTES=1) could never be renewed.
    touchIntervalMs: Math.min(60_000, (config.session.idleMinutes * 60_000) / 10),
    orphanDraftMs: config.session.absoluteHours * 3_600_000,
  });
  const forms = new FormRegistry(options.forms);
  const applications = new ApplicationService(database.db, forms, clock, {
    draftMaxBytes: config.draftMaxBytes,
  });
  const blobStore = new DatabaseBlobStore(database.db, clock);
  const pdfChecker = new PdfChecker(logger);
  const attachments = new AttachmentService(
    database.db,
    blobStore,
    clock,
    ATTACHMENT_LIMITS,
    pdfChecker,
  );
  const rateLimits = new RateLimits(database.db, clock, config.rateLimits);
  const auditLog = new AuditLog(database.db, clock);
  const pdfRenderer = new PdfRenderer(config.pdf, clock);
  const uploadMemory = new UploadMemory(config.uploadMemoryBytes);
  const { sms, smsOutbox } = createSmsSenders(config.sms, { db: database.db, clock, logger });
  const accounts = new AccountService(database.db, clock);
  const passwords = new PasswordHasher(options.argon2Cost, {
    ...options.passwordHashing,
    ...(config.passwordHashQueueMax === undefined ? {} : { queueMax: config.passwordHashQueueMax }),
  });
  const codeLists = new CodeLists(database.db, passwords, clock);
  const installationAdmin = new InstallationAdmin(
    database.db,
    clock,
    accounts,
    municipalities,
    passwords,
    auditLog,
  );
  const appCodes = new AppCodes(database.db, clock, 'E-tjänst ekonomiskt bistånd');
  const smsCodes = new SmsCodes(database.db, clock, sms, { validityMs: 5 * 60_000 });
  const devices = new DeviceTrust(
    config.session.secret,
    clock,
    config.deviceCookieDays * 24 * 3_600_000,
  );
  const login = new LoginService(
    accounts,
    passwords,
    smsCodes,
    codeLists,
    appCodes,
    rateLimits,
    devices,
    clock,
  );
  const accountNotices = new AccountNotices(sms, accounts, municipalities);
  const notices = new ApplicantSmsNotices(database.db, municipalities, sms, logger);
  const coApplicants = new CoApplicantService(
    database.db,
    forms,
    accounts,
    municipalities,
    notices,
    pdfRenderer,
    logger,
    clock,
    rateLimits,
  );
  const accountSettings = new AccountSettings({
    accounts,
    login,
    passwords,
    sessions: sessionStore,
    smsCodes,
    appCodes,
    rateLimits,
    notices: accountNotices,
  });
  const submissions = new SubmissionService(
    database.db,
    applications,
    municipalities,
    pdfRenderer,
    clock,
    coApplicants,
    forms,
  );
  const activationCodes = new ActivationCodes(database.db, passwords, clock);
  const accountActivation = new AccountActivation(
    accounts,
    activationCodes,
    passwords,
    rateLimits,
    accountNotices,
  );
  const applicantAccountDesk = new ApplicantAccountDesk({
    accounts,
    activation: activationCodes,
    codeLists,
    municipalities,
    letters: new PendingLetters(clock),
    pdfRenderer,
    sms,
    notices: accountNotices,
    addresses: new ApplicantAddresses(database.db, forms),
    baseUrl: config.baseUrl,
  });
  const cases = new CaseService(database.db, auditLog, attachments, coApplicants, forms, clock);
  const caseCopies = new CaseCopies(database.db, forms, cases, submissions);
  const auditShownIndex = new AuditShownIndex(database.db);
  const caseAccessLog = new CaseAccessLog(database.db, auditLog, cases, auditShownIndex);
  const decisions = new DecisionService(
    database.db,
    auditLog,
    forms,
    municipalities,
    pdfRenderer,
    notices,
    clock,
  );
  const coApplicantSignatures = new CoApplicantSignatures(database.db, cases, clock);
  const caseNotes = new CaseNotes(database.db, cases, clock);
  const caseMessages = new CaseMessages(database.db, cases, notices, clock, attachments);
  const caseAssignment = new CaseAssignment(database.db, cases, clock);
  const caseEstimates = new CaseEstimates(database.db, forms);
  const caseHistory = new CaseHistory(database.db, forms);
  const earlierApplications = new EarlierApplications(database.db, forms);
  const paperScanner = new PaperScanner(
    options.paperScanTimeoutMs === undefined ? {} : { timeoutMs: options.paperScanTimeoutMs },
  );
  const caseDuplicates = new CaseDuplicates(database.db);
  const paperRegistration = new PaperRegistration(
    database.db,
    applications,
    attachments,
    blobStore,
    auditLog,
    forms,
    municipalities,
    clock,
    paperScanner,
    caseDuplicates,
  );
  const caseInbox = new CaseInbox(database.db, auditLog, caseDuplicates);
  const caseReports = new CaseReports(database.db, auditLog, caseInbox);
  const caseMarks = new CaseMarks(database.db, auditLog, forms, clock);
  const completionRequests = new CompletionRequests(
    database.db,
    caseMarks,
    forms,
    municipalities,
    notices,
    clock,
    pdfRenderer,
  );
  const completions = new Completions(database.db, applications, attachments, forms, clock);
  const completionByPost = new CompletionByPost(
    database.db,
    caseMarks,
    attachments,
    blobStore,
    forms,
    clock,
  );
  let sweeper: NodeJS.Timeout | undefined;

  return {
    config,
    clock,
    uploadMemory,
    logger,
    database,
    municipalities,
    sessionStore,
    forms,
    applications,
    blobStore,
    attachments,
    rateLimits,
    auditLog,
    pdfRenderer,
    sms,
    smsOutbox,
    accounts,
    passwords,
    codeLists,
    appCodes,
    smsCodes,
    login,
    accountSettings,
    submissions,
    activationCodes,
    accountActivation,
    applicantAccountDesk,
    coApplicants,
    coApplicantSignatures,
    cases,
    caseInbox,
    decisions,
    decisionLetterSettings: new DecisionLetterSettings(municipalities, auditLog),
    /** `npm run admin` (scripts/admin.ts) builds its own; tests reach it here. */
    installationAdmin,
    staffDirectory: new StaffDirectory(installationAdmin, municipalities, auditLog, clock),
    caseNotes,
    caseMessages,
    caseAssignment,
    caseEstimates,
    caseHistory,
    earlierApplications,
    paperRegistration,
    caseDuplicates,
    caseReports,
    caseMarks,
    completionRequests,
    completions,
    completionByPost,
    caseCopies,
    caseAccessLog,
    health: new HealthService(database),

    /** Brings the schema up to date and, on an empty installation, adds the demo data. */
    async prepare(): Promise<void> {
      const applied = await migrateToLatest(database);
      if (applied.length > 0) logger.info({ applied }, 'database migrated');
      if (config.seedDemoData && (await seedDemoData(municipalities))) {
        logger.info('demo data added');
      }
      // Known passwords: never in production, whatever DEMO_DATA says.
      if (config.seedDemoData && config.environment !== 'production') {
        const codes = demoMunicipalities.map((municipality) => municipality.code);
        const seeded = await seedDemoAccounts({ accounts, passwords, codeLists }, codes);
        if (seeded)
          logger.info(seeded, 'demo accounts added (development only; SMS codes at /dev/sms)');
        // Cases for the demo caseworkers' inbox; the tests (NODE_ENV=test) start from none.
        if (seeded && config.environment === 'development') {
          const cases = await seedDemoCases(
            {
              accounts,
              attachments,
              applications,
              submissions,
              caseAssignment,
              caseMarks,
              completionRequests,
              decisions,
              paperRegistration,
              clock,
            },
            forms.defaultForm,
            demoCaseworker,
          );
          logger.info({ cases }, 'demo applications added to the inbox');
        }
      }
    },

    startBackgroundJobs(): void {
      sweeper = setInterval(() => {
        sessionStore.sweepExpired().catch((error: unknown) => {
          logger.error({ err: error }, 'session sweep failed');
        });
        rateLimits.sweepExpired().catch((error: unknown) => {
          logger.error({ err: error }, 'rate-limit sweep failed');
        });
        blobStore.sweepUnreferenced(UNREFERENCED_BLOB_MS).catch((error: unknown) => {
          logger.error({ err: error }, 'blob sweep failed');
        });
        smsCodes.sweepExpired().catch((error: unknown) => {
          logger.error({ err: error }, 'SMS code sweep failed');
        });
        auditShownIndex.catchUp().catch((error: unknown) => {
          logger.error({ err: error }, 'audit index catch-up failed');
        });
      }, config.session.sweepMinutes * 60_000);
      sweeper.unref();
    },

    async close(): Promise<void> {
      clearInterval(sweeper);
      await pdfRenderer.close();
      await paperScanner.close();
      await pdfChecker.close();
      await database.close();
    },
  };
}

export type Services = ReturnType<typeof createServices>;
