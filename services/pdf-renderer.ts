import { Piscina } from 'piscina';
import type { Config } from '../config';
import type { Printout } from '../forms/printout';
import type { Language } from '../locales';
import type { ActivationLetterPdfContent } from './activation-letter-pdf';
import type { ApplicationPdfContent } from './application-pdf';
import { paperApplication } from './application-print';
import type { CoApplicantSignaturePdfContent } from './co-applicant-signature-pdf';
import type { NumberedCode } from './code-lists';
import type { CompletionLetterPdfContent } from './completion-letter-pdf';
import type { DecisionLetterPdfContent } from './decision-letter-pdf';
import type { Municipality } from './municipalities';
import type { Clock } from './clock';
import type { PdfTask } from './pdf-tasks';
import { RecentPdfs } from './recent-pdfs';
import { ServiceBusyError } from './service-busy-error';
import { workerExecArgv } from './worker-exec-argv';

const RECENT_PDF_MINUTES = 5;
/** An idle worker stays this long, so PDFs in a busy hour never wait for a thread to start. */
const WORKER_IDLE_MS = 15 * 60_000;

/** Every worker is busy and the queue is full: the caller says "try again in a minute". */
export class PdfQueueFullError extends ServiceBusyError {
  constructor() {
    super('Too many PDFs are being made at once; the PDF queue is full', 60);
  }
}

/**
 * Makes PDFs in worker threads, so a long PDF never holds up the pages other people are loading.
 * At most `workers` PDFs are made at once and `queueMax` wait; beyond that, PdfQueueFullError.
 */
export class PdfRenderer {
  private readonly pool: Piscina<PdfTask, Uint8Array>;
  private readonly recent: RecentPdfs;
  private readonly capacity: number;
  private underWay = 0;

  constructor(
    config: Config['pdf'],
    private readonly clock: Clock,
  ) {
    this.capacity = config.workers + config.queueMax;
    this.recent = new RecentPdfs(config.cacheEntries, RECENT_PDF_MINUTES * 60_000, clock);
    this.pool = new Piscina({
      filename: new URL('./pdf-worker.ts', import.meta.url).href,
      // Started on the first PDF, not with the app: most requests never need one.
      minThreads: 0,
      maxThreads: config.workers,
      idleTimeout: WORKER_IDLE_MS,
      ...workerExecArgv(),
    });
  }

  /** The paper application of a printout, cached by its key while the draft is unchanged. */
  renderApplication(
    printout: Printout & { cacheKey: string },
    form: { id: string; version: number },
    municipality: Municipality,
  ): Promise<Buffer> {
    return this.render(paperApplication(printout, form, municipality), printout.cacheKey);
  }

  /**
   * The PDF of `content`. With a `cacheKey` that changes whenever the content does, the same PDF
   * asked for again within a few minutes is served as it was made.
   */
  render(content: ApplicationPdfContent, cacheKey?: string): Promise<Buffer> {
    const recent = cacheKey === undefined ? undefined : this.recent.get(cacheKey);
    if (recent) return recent;
    const pdf = this.renderInWorker({ kind: 'application', content });
    if (cacheKey !== undefined) this.recent.set(cacheKey, pdf);
    return pdf;
  }

  /**
   * A new code list to mail: a letter with the name and address for a window envelope (page 1)
   * and the list (page 2). Never kept among the recent PDFs: it holds the codes in clear, and
   * is made once, when the list is issued.
   */
  renderCodeList(list: {
    municipality: Municipality;
    name: string;
    /** Street, postal code and town for the window envelope; none when unknown. */
    address?: string[];
    issuedAt: Date;
    codes: NumberedCode[];
    language?: Language;
  }): Promise<Buffer> {
    return this.renderInWorker({
      kind: 'codeList',
      content: {
        language: list.language ?? 'sv',
        municipality: list.municipality,
        name: list.name,
        address: list.address ?? [],
        issuedAt: list.issuedAt,
        codes: list.codes,
      },
    });
  }

  /**
   * The letter that tells a new account holder how to activate the account (page 1), with the
   * code list (page 2), dated today. Like the code list, never kept.
   */
  renderActivationLetter(letter: {
    municipality: Municipality;
    name: string;
    /** Street, postal code and town for the window envelope; none when unknown. */
    address?: string[];
    personnummer: string;
    activationCode: string;
    expiresAt: Date;
    loginUrl: string;
    codes: NumberedCode[];
    language?: Language;
  }): Promise<Buffer> {
    const content: ActivationLetterPdfContent = {
      language: letter.language ?? 'sv',
      municipality: letter.municipality,
      date: this.clock.now(),
      name: letter.name,
      address: letter.address ?? [],
      personnummer: letter.personnummer,
      activationCode: letter.activationCode,
      expiresAt: letter.expiresAt,
      loginUrl: letter.loginUrl,
      codes: letter.codes,
    };
    return this.renderInWorker({ kind: 'activationLetter', content });
  }

  /** The one-page form a medsökande without an account signs and mails to the municipality. */
  renderCoApplicantSignature(
    form: Omit<CoApplicantSignaturePdfContent, 'language'> & { language?: Language },
  ): Promise<Buffer> {
    return this.renderInWorker({
      kind: 'coApplicantSignature',
      content: { ...form, language: form.language ?? 'sv' },
    });
  }

  /** A decision letter; made once, when the decision is, and stored with it. */
  renderDecisionLetter(content: DecisionLetterPdfContent): Promise<Buffer> {
    return this.renderInWorker({ kind: 'decisionLetter', content });
  }

  renderCompletionLetter(content: CompletionLetterPdfContent): Promise<Buffer> {
    return this.renderInWorker({ kind: 'completionLetter', content });
  }

  private async renderInWorker(task: PdfTask): Promise<Buffer> {
    if (this.underWay >= this.capacity) throw new PdfQueueFullError();
    this.underWay++;
    try {
      const bytes = await this.pool.run(task);
      return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    } finally {
      this.underWay--;
    }
  }

  /** Lets the PDFs under way finish, then stops the workers. */
  close(): Promise<void> {
    return this.pool.close();
  }
}
