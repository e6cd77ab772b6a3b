import { Router, type Request, type Response } from 'express';
import type { FieldError } from '../forms/field-error';
import { firstIncompleteStep } from '../forms/journey';
import type { Services } from '../services';
import type { StaffRequest } from '../services/cases';
import type { StartResult } from '../services/paper-registration';
import { checkedUploadReader, type ParsedUpload } from './attachment-upload';
import { limitTexts, UPLOAD_FIELD } from './attachment-view';
import { bodyText } from './form-body';
import { paperNoteText, setPaperNote } from './staff-paper-note';
import { scanRefusal } from './staff-paper-refusals';
import { PAPER_PATHS, PAPER_REMOVED } from './staff-paper-paths';
import { renderForbidden, staffOf } from './staff-guard';
import { formatMonth } from '../forms/format';
import { dateTime } from '../services/date-texts';

/** What a hand scanner types for the longest application, with room to spare. */
const CODES_MAX = 160_000;
const MUNICIPALITY = 'kommun';
const CODES = 'koder';
const SCAN_INPUT_ID = 'skannade-sidor';

interface StartPage {
  municipality: string;
  codes: string;
  errors: FieldError[];
}

const whoOf = (req: Request): StaffRequest => ({ staff: staffOf(req), requestId: req.id });

/**
 * "Registrera pappersansökan", its first page: the municipality, and one of three ways in —
 * photos or scans of the signed paper, the codes' text from a hand scanner, or the empty form.
 */
export default function staffPaperRoutes(services: Services): Router {
  const router = Router();
  const registration = services.paperRegistration;
  const readCheckedUpload = checkedUploadReader(services, registration.limits);

  async function render(req: Request, res: Response, status: number, page: StartPage) {
    const { t } = res.locals;
    const who = whoOf(req);
    const codes = registration.writable(who);
    const options = [];
    for (const code of codes) {
      const municipality = await services.municipalities.find(code);
      options.push({
        id: `${MUNICIPALITY}-${code}`,
        value: code,
        label: municipality?.name ?? code,
        checked: page.municipality === code,
      });
    }
    // Asked first when there are several; the ways in then carry the one chosen.
    const chosen =
      codes.length === 1
        ? options[0]
        : options.find((option) => option.value === page.municipality);
    const texts = limitTexts(registration.limits, req.language);
    res.status(status).render('staff/paper/start', {
      removed: req.query[PAPER_REMOVED] === '1',
      options,
      chosen,
      errors: page.errors,
      errorOf: (field: string) => page.errors.find((error) => error.field === field)?.text,
      codes: page.codes,
      codesMax: CODES_MAX,
      scanInputId: SCAN_INPUT_ID,
      scanField: UPLOAD_FIELD,
      scanHint: t('paper.start.scanHint', texts),
      paths: PAPER_PATHS,
      unfinished: (await registration.unfinished(who)).map((draft) => ({
        href: PAPER_PATHS.draft(draft.id),
        text: draft.applicantName || t('paper.start.noName'),
        detail: t('paper.start.unfinishedDetail', {
          municipality: draft.municipalityName,
          date: dateTime(draft.updatedAt, req.language),
        }),
        period: draft.period && formatMonth(draft.period, t),
      })),
    });
  }

  /** Read-only staff may not register: 403 and an audit row (SEC-16). */
  async function mayRegister(req: Request, res: Response): Promise<boolean> {
    const who = whoOf(req);
    if (registration.writable(who).length > 0) return true;
    await services.auditLog.record({
      actorId: who.staff.account.id,
      role: who.staff.grants[0]?.role ?? null,
      municipality: who.staff.grants.map((grant) => grant.municipalityCode).join(',') || null,
      subject: null,
      action: req.method === 'GET' ? 'view' : 'change',
      outcome: 'denied',
      requestId: req.id,
    });
    renderForbidden(res);
    return false;
  }

  /**
   * The municipality posted, or the only one; an error when several and none was chosen, or
   * when the posted one is none of the staff member's own (SEC-23: a crafted value never
   * reaches the database or the audit log). One of their read-only grants goes on to be
   * refused with 403 and an audit row (SEC-16).
   */
  function municipalityOf(req: Request, res: Response, posted: string): string | FieldError {
    const who = whoOf(req);
    const codes = registration.writable(who);
    if (posted !== '') {
      const own = who.staff.grants.some((grant) => grant.municipalityCode === posted);
      return own ? posted : municipalityError(req, res, 'paper.error.notYours');
    }
    if (codes.length === 1 && codes[0]) return codes[0];
    return municipalityError(req, res);
  }

  function municipalityError(
    req: Request,
    res: Response,
    key: 'paper.error.municipality' | 'paper.error.notYours' = 'paper.error.municipality',
  ): FieldError {
    const first = registration.writable(whoOf(req))[0] ?? '';
    return {
      field: MUNICIPALITY,
      text: res.locals.t(key),
      href: `#${MUNICIPALITY}-${first}`,
    };
  }

  /** Where a started registration goes, or the first page again with what went wrong. */
  async function afterStart(
    req: Request,
    res: Response,
    result: StartResult,
    page: StartPage,
    byHand = false,
  ): Promise<void> {
    const { t } = res.locals;
    if (result.outcome === 'forbidden') {
      renderForbidden(res);
      return;
    }
    if (result.outcome === 'started') {
      setPaperNote(req, result.record.id, result.note);
      // By hand every step is empty: straight to the first, the overview stays a link away.
      const first = byHand
        ? firstIncompleteStep(result.record.form, result.record.draft)
        : undefined;
      res.redirect(
        303,
        first ? PAPER_PATHS.step(result.record.id, first.id) : PAPER_PATHS.draft(result.record.id),
      );
      return;
    }
    if (result.outcome === 'codesNotRead') {
      const again = result.note.kind === 'missingParts' ? ` ${t('paper.error.codesAgain')}` : '';
      const text = `${paperNoteText(result.note, t, req.language)}${again}`;
      const error = { field: CODES, text, href: `#${CODES}` };
      await render(req, res, 400, { ...page, errors: [error] });
      return;
    }
    if (result.outcome === 'busy') {
      res.setHeader('Retry-After', '60');
      const error = { field: UPLOAD_FIELD, text: t('paper.error.busy'), href: `#${SCAN_INPUT_ID}` };
      await render(req, res, 503, { ...page, errors: [error] });
      return;
    }
    if (result.outcome === 'tooLarge') {
      const error = { field: CODES, text: t('form.draftTooLarge'), href: '#main' };
      await render(req, res, 413, { ...page, errors: [error] });
      return;
    }
    const { status, text } = scanRefusal(result.refusal, registration.limits, req.language, t);
    await render(req, res, status, {
      ...page,
      errors: [{ field: UPLOAD_FIELD, text, href: `#${SCAN_INPUT_ID}` }],
    });
  }

  router.get(PAPER_PATHS.start, async (req, res) => {
    if (!(await mayRegister(req, res))) return;
    // Only one of the staff member's own municipalities is taken from the address.
    const asked = typeof req.query.kommun === 'string' ? req.query.kommun : '';
    const municipality = registration.writable(whoOf(req)).includes(asked) ? asked : '';
    // The chooser was sent (it carries `valj`) without a municipality of theirs.
    const errors =
      req.query.valj !== undefined && municipality === '' ? [municipalityError(req, res)] : [];
    await render(req, res, errors.length > 0 ? 400 : 200, { municipality, codes: '', errors });
  });

  router.post(PAPER_PATHS.codes, async (req, res) => {
    if (!(await mayRegister(req, res))) return;
    const codes = bodyText(req, CODES);
    const page = {
      municipality: bodyText(req, MUNICIPALITY),
      codes: codes.slice(0, CODES_MAX),
      errors: [],
    };
    const municipality = municipalityOf(req, res, page.municipality);
    if (typeof municipality !== 'string') {
      await render(req, res, 400, { ...page, errors: [municipality] });
      return;
    }
    if (codes.trim() === '' || codes.length > CODES_MAX) {
      const key = codes.trim() === '' ? 'paper.error.noCodes' : 'paper.error.codesTooLong';
      const error = { field: CODES, text: res.locals.t(key), href: `#${CODES}` };
      await render(req, res, 400, { ...page, errors: [error] });
      return;
    }
    const result = await registration.start(whoOf(req), municipality, {
      kind: 'codes',
      text: codes,
    });
    await afterStart(req, res, result, page);
  });

  router.post(PAPER_PATHS.hand, async (req, res) => {
    if (!(await mayRegister(req, res))) return;
    const page = { municipality: bodyText(req, MUNICIPALITY), codes: '', errors: [] };
    const municipality = municipalityOf(req, res, page.municipality);
    if (typeof municipality !== 'string') {
      await render(req, res, 400, { ...page, errors: [municipality] });
      return;
    }
    const result = await registration.start(whoOf(req), municipality, { kind: 'hand' });
    await afterStart(req, res, result, page, true);
  });

  router.post(PAPER_PATHS.scan, async (req, res, next) => {
    if (!(await mayRegister(req, res))) return;
    const parsed = await readCheckedUpload(req, res, next);
    if (!parsed) return;
    const page = { municipality: bodyText(req, MUNICIPALITY), codes: '', errors: [] };
    if (parsed.outcome !== 'files') {
      await afterStart(req, res, unreadUpload(parsed), page);
      return;
    }
    const municipality = municipalityOf(req, res, page.municipality);
    if (typeof municipality !== 'string') {
      await render(req, res, 400, { ...page, errors: [municipality] });
      return;
    }
    const result = await registration.start(whoOf(req), municipality, {
      kind: 'scan',
      files: parsed.files,
    });
    services.logger.info(
      { reqId: req.id, outcome: result.outcome, files: parsed.files.length },
      'paper application upload',
    );
    if (result.outcome === 'refused' && result.refusal.problem === 'pdf') {
      // No name: which problem the scanner's PDF had (activeContent: code or embedded files).
      services.logger.warn(
        { reqId: req.id, issue: result.refusal.issue },
        'paper application PDF refused',
      );
    }
    if (result.outcome === 'refused' && result.refusal.problem === 'readFailed') {
      // A hostile or broken file, or a fault of ours: the caseworker gets a message, we the cause.
      services.logger.warn(
        { reqId: req.id, reason: result.refusal.reason, err: result.cause },
        'paper application upload could not be read',
      );
    }
    await afterStart(req, res, result, page);
  });

  return router;
}

function unreadUpload(parsed: Exclude<ParsedUpload, { outcome: 'files' }>): StartResult {
  if (parsed.outcome === 'tooLarge') {
    return { outcome: 'refused', refusal: { problem: 'tooLarge', name: parsed.originalName } };
  }
  if (parsed.outcome === 'tooMany') return { outcome: 'refused', refusal: { problem: 'tooMany' } };
  return { outcome: 'refused', refusal: { problem: 'noFile' } };
}
