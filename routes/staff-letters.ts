import { Router, type Request, type Response } from 'express';
import { limitPdfDownloads } from '../middleware/set-up-rate-limits';
import type { Services } from '../services';
import { longDate } from '../services/date-texts';
import type { LetterResult, NotFound } from '../services/applicant-account-desk';
import {
  letterOwnerOf,
  logStaffEvent,
  renderForbidden,
  renderNotFound,
  staffOf,
  type StaffAction,
} from './staff-guard';
import { accountIdOf, STAFF_PATHS } from './staff-paths';

const FILE_NAMES = { activation: 'aktiveringsbrev.pdf', codeList: 'kodlista.pdf' } as const;

/**
 * Letters with codes: a new code list or a new activation letter is issued by a POST, then the
 * staff member downloads it to print from the page it leads to, within 15 minutes.
 */
export default function staffLetterRoutes(services: Services): Router {
  const router = Router();
  const desk = services.applicantAccountDesk;

  async function refused(
    req: Request,
    res: Response,
    action: StaffAction,
    result: NotFound | LetterResult,
  ) {
    await logStaffEvent(services, req, {
      action,
      outcome: result.outcome === 'forbidden' ? 'forbidden' : 'notFound',
      subject: accountIdOf(req.params.id),
      outside: result.outcome === 'notFound' && result.outside,
      municipality: result.outcome === 'forbidden' ? result.municipalityCode : null,
    });
    if (result.outcome === 'forbidden') renderForbidden(res);
    else renderNotFound(res);
  }

  const issuers = [
    {
      path: '/handlaggare/konton/:id/ny-kodlista',
      action: 'account.codeList' as const,
      // Stops the list the applicant holds and texts them: only with the box ticked.
      unconfirmed: 'bekrafta',
      issue: (req: Request, id: string) => desk.newCodeList(staffOf(req), id, letterOwnerOf(req)),
    },
    {
      path: '/handlaggare/konton/:id/nytt-aktiveringsbrev',
      action: 'account.activationLetter' as const,
      // Stops the code list too (and a waiting activation code): the same tick first.
      unconfirmed: 'bekrafta-brev',
      issue: (req: Request, id: string) =>
        desk.newActivationLetter(staffOf(req), id, letterOwnerOf(req)),
    },
  ];
  for (const { path, action, unconfirmed, issue } of issuers) {
    router.post(path, async (req, res) => {
      const id = accountIdOf(req.params.id);
      const confirmed = (req.body as Record<string, unknown> | undefined)?.bekrafta === 'ja';
      // Without the box ticked, one who may change the account is sent back to tick it; anyone
      // else goes on to be refused exactly as before.
      const overview = !confirmed && id ? await desk.overview(staffOf(req), id) : undefined;
      if (id && overview?.outcome === 'found' && overview.mayChange) {
        res.redirect(303, `${STAFF_PATHS.account(id)}?fel=${unconfirmed}`);
        return;
      }
      const result: LetterResult = id
        ? await issue(req, id)
        : { outcome: 'notFound', outside: false };
      if (result.outcome !== 'issued') {
        await refused(req, res, action, result);
        return;
      }
      await logStaffEvent(services, req, {
        action,
        outcome: 'ok',
        subject: result.account.id,
        municipality: result.account.municipalityCode,
      });
      res.redirect(303, STAFF_PATHS.letter(result.account.id));
    });
  }

  router.get('/handlaggare/konton/:id/brev', async (req, res) => {
    const id = accountIdOf(req.params.id);
    const found = id
      ? await desk.letter(staffOf(req), id, letterOwnerOf(req))
      : ({ outcome: 'notFound', outside: false } as const);
    if (found.outcome !== 'found') {
      await refused(req, res, 'letter.view', found);
      return;
    }
    const { account, letter } = found;
    await logStaffEvent(services, req, {
      action: 'letter.view',
      outcome: letter ? 'ok' : 'none',
      subject: account.id,
      municipality: account.municipalityCode,
    });
    const municipality = account.municipalityCode
      ? await services.municipalities.find(account.municipalityCode)
      : undefined;
    const content = letter?.content;
    res.status(letter ? 200 : 404).render('staff/letter', {
      letter: letter && { reason: letter.reason, sms: letter.sms, kind: letter.content.kind },
      // The letter's window: where the address came from, or null when none is known.
      addressFrom: content
        ? content.address
          ? longDate(content.address.receivedAt, req.language)
          : null
        : undefined,
      name: account.name,
      municipalityName: municipality?.name ?? '',
      downloadHref: STAFF_PATHS.letterPdf(account.id),
      accountHref: STAFF_PATHS.account(account.id),
    });
  });

  router.get('/handlaggare/konton/:id/brev.pdf', limitPdfDownloads(services), async (req, res) => {
    const id = accountIdOf(req.params.id);
    const found = id
      ? await desk.letterPdf(staffOf(req), id, letterOwnerOf(req))
      : ({ outcome: 'notFound', outside: false } as const);
    if (found.outcome !== 'found' || !found.pdf || !found.kind) {
      await logStaffEvent(services, req, {
        action: 'letter.download',
        outcome: found.outcome === 'found' ? 'none' : 'notFound',
        subject: id,
        municipality: found.outcome === 'found' ? found.account.municipalityCode : null,
        outside: found.outcome === 'notFound' && found.outside,
      });
      if (found.outcome === 'found') res.redirect(303, STAFF_PATHS.letter(found.account.id));
      else renderNotFound(res);
      return;
    }
    await logStaffEvent(services, req, {
      action: 'letter.download',
      outcome: 'ok',
      subject: found.account.id,
      municipality: found.account.municipalityCode,
    });
    res.setHeader('Content-Type', 'application/pdf');
    res.setHeader('Content-Disposition', `attachment; filename="${FILE_NAMES[found.kind]}"`);
    res.send(found.pdf);
  });

  return router;
}
