import { Router, type Request, type Response } from 'express';
import type { FieldError } from '../forms/field-error';
import type { Services } from '../services';
import { writableMunicipalities } from '../services/staff-access';
import { bodyText } from './form-body';
import { logStaffEvent, staffOf } from './staff-guard';
import { searchedPersonnummer } from './staff-search-input';
import { STAFF_PATHS } from './staff-paths';

const SEARCH = 'personnummer';

interface SearchState {
  value: string;
  errors: FieldError[];
  noMatch: boolean;
}

/** The search for an applicant's account (the inbox at /handlaggare links here). */
export default function staffHomeRoutes(services: Services): Router {
  const router = Router();

  function render(req: Request, res: Response, status: number, search: SearchState) {
    res.status(status).render('staff/account-search', {
      mayHandOut: writableMunicipalities(staffOf(req)).length > 0,
      newAccountHref: STAFF_PATHS.newAccount,
      homeHref: STAFF_PATHS.home,
      searchAction: STAFF_PATHS.search,
      search,
    });
  }

  router.get(STAFF_PATHS.accountSearch, (req, res) => {
    render(req, res, 200, { value: '', errors: [], noMatch: false });
  });

  // A POST, so the personnummer stays out of addresses, history and logs.
  router.post(STAFF_PATHS.search, async (req, res) => {
    const typed = bodyText(req, SEARCH).slice(0, 40);
    const parsed = searchedPersonnummer(typed, SEARCH, res.locals.t);
    if (!parsed.ok) {
      render(req, res, 400, { value: typed, errors: [parsed.error], noMatch: false });
      return;
    }
    const found = await services.applicantAccountDesk.search(staffOf(req), parsed.value);
    if (found.outcome === 'found') {
      await logStaffEvent(services, req, {
        action: 'search',
        outcome: 'ok',
        subject: found.account.id,
        municipality: found.account.municipalityCode,
      });
      res.redirect(303, STAFF_PATHS.account(found.account.id));
      return;
    }
    await logStaffEvent(services, req, {
      action: 'search',
      outcome: 'none',
      outside: found.outside,
    });
    render(req, res, 200, { value: typed, errors: [], noMatch: true });
  });

  return router;
}
