import { Router, type Request, type Response } from 'express';
import type { FieldError } from '../forms/field-error';
import type { Services } from '../services';
import type { ApplicantOverview } from '../services/applicant-account-desk';
import { CODES_PER_LIST } from '../services/code-lists';
import { longDate } from '../services/date-texts';
import { maskedPhone } from '../services/sms/phone-number';
import { writableMunicipalities } from '../services/staff-access';
import {
  checkMobile,
  checkNewAccount,
  FIELDS,
  NAME_MAX,
  type NewAccountInput,
} from './staff-account-form';
import { bodyField, bodyText } from './form-body';
import { maskedPersonnummer } from './staff-case-view';
import {
  letterOwnerOf,
  logStaffEvent,
  renderForbidden,
  renderNotFound,
  staffOf,
} from './staff-guard';
import { accountIdOf, STAFF_PATHS } from './staff-paths';

/** What a fixed word in the address after a change says; nothing typed is echoed. */
const MOBILE_NOTICES = {
  sent: ['staff.account.mobileChanged', 'staff.account.mobileOldTold'],
  failed: ['staff.account.mobileChanged', 'staff.account.mobileOldFailed'],
  noPhone: ['staff.account.mobileChanged'],
  samma: ['staff.account.mobileUnchanged'],
  // The box left empty: the number is gone, not changed.
  'bort-sent': ['staff.account.mobileRemoved', 'staff.account.mobileOldTold'],
  'bort-failed': ['staff.account.mobileRemoved', 'staff.account.mobileOldFailed'],
  'bort-noPhone': ['staff.account.mobileRemoved'],
} as const;

function noticeOf(value: unknown): readonly string[] {
  return typeof value === 'string' && Object.hasOwn(MOBILE_NOTICES, value)
    ? MOBILE_NOTICES[value as keyof typeof MOBILE_NOTICES]
    : [];
}

/** Staff hand out applicants' accounts and look after them (issue D). */
export default function staffAccountRoutes(services: Services): Router {
  const router = Router();
  const desk = services.applicantAccountDesk;

  async function renderNewAccount(
    req: Request,
    res: Response,
    status: number,
    page: { input: NewAccountInput; errors: FieldError[]; existing?: { href?: string } },
  ) {
    const codes = writableMunicipalities(staffOf(req));
    const options = [];
    for (const code of codes) {
      const municipality = await services.municipalities.find(code);
      options.push({
        id: `${FIELDS.municipality}-${code}`,
        value: code,
        label: municipality?.name ?? code,
        checked: page.input.municipality === code || codes.length === 1,
      });
    }
    res.status(status).render('staff/new-account', {
      ...page,
      existing: page.existing,
      options,
      nameMax: NAME_MAX,
      action: STAFF_PATHS.newAccount,
    });
  }

  router.get(STAFF_PATHS.newAccount, async (req, res) => {
    if (writableMunicipalities(staffOf(req)).length === 0) {
      await logStaffEvent(services, req, { action: 'account.new', outcome: 'forbidden' });
      renderForbidden(res);
      return;
    }
    const input = { personnummer: '', name: '', mobile: '', municipality: '' };
    await renderNewAccount(req, res, 200, { input, errors: [] });
  });

  router.post(STAFF_PATHS.newAccount, async (req, res) => {
    const staff = staffOf(req);
    const t = res.locals.t;
    const input: NewAccountInput = {
      personnummer: bodyText(req, FIELDS.personnummer).slice(0, 40),
      name: bodyText(req, FIELDS.name).slice(0, NAME_MAX * 4),
      mobile: bodyText(req, FIELDS.mobile).slice(0, 40),
      municipality: bodyText(req, FIELDS.municipality).slice(0, 10),
    };
    const writable = writableMunicipalities(staff);
    // Only a municipality offered on the page: anything else is a post our page cannot make. A
    // read-only user has no page to post from at all: refused whatever the post holds (SEC-16).
    if (
      writable.length === 0 ||
      (input.municipality !== '' && !writable.includes(input.municipality))
    ) {
      await logStaffEvent(services, req, {
        action: 'account.create',
        outcome: 'forbidden',
        municipality: input.municipality.replace(/\D/g, '').slice(0, 4) || null,
      });
      renderForbidden(res);
      return;
    }
    const { errors, checked } = checkNewAccount(input, t);
    if (input.municipality === '') {
      const first = writable[0] ?? '';
      errors.push({
        field: FIELDS.municipality,
        text: t('staff.error.municipalityRequired'),
        href: `#${FIELDS.municipality}-${first}`,
      });
    }
    if (!checked || errors.length > 0) {
      await renderNewAccount(req, res, 400, { input, errors });
      return;
    }
    const result = await desk.handOut(
      staff,
      { ...checked, municipalityCode: input.municipality },
      letterOwnerOf(req),
    );
    if (result.outcome === 'forbidden') {
      await logStaffEvent(services, req, {
        action: 'account.create',
        outcome: 'forbidden',
        municipality: input.municipality,
      });
      renderForbidden(res);
      return;
    }
    if (result.outcome === 'exists') {
      await logStaffEvent(services, req, {
        action: 'account.create',
        outcome: 'exists',
        subject: result.account?.id ?? result.loggedAs,
        municipality: input.municipality,
        // The personnummer has an account in another municipality: a refusal (SEC-15).
        outside: !result.account,
      });
      const text = t(result.account ? 'staff.error.exists' : 'staff.error.existsElsewhere');
      const error = { field: FIELDS.personnummer, text, href: `#${FIELDS.personnummer}` };
      const existing = result.account ? { href: STAFF_PATHS.account(result.account.id) } : {};
      await renderNewAccount(req, res, 409, { input, errors: [error], existing });
      return;
    }
    await logStaffEvent(services, req, {
      action: 'account.create',
      outcome: 'ok',
      subject: result.account.id,
      municipality: input.municipality,
    });
    res.redirect(303, STAFF_PATHS.letter(result.account.id));
  });

  function renderAccount(
    res: Response,
    status: number,
    overview: ApplicantOverview,
    page: { notices: readonly string[]; mobile: string; errors: FieldError[] },
  ) {
    const { account, municipality } = overview;
    const lang = res.locals.lang;
    const until = overview.activationUntil;
    res.status(status).render('staff/account', {
      ...page,
      id: account.id,
      name: account.name,
      personnummer: maskedPersonnummer(account.personnummer),
      phone: account.mobile ? maskedPhone(account.mobile) : undefined,
      municipalityName: municipality.name,
      codesLeft: overview.codesLeft,
      codesTotal: CODES_PER_LIST,
      activated: overview.activated,
      letterUntil: until && longDate(until, lang),
      letterExpired: until !== undefined && until.getTime() <= services.clock.now().getTime(),
      mayChange: overview.mayChange,
      paths: {
        newCodeList: STAFF_PATHS.newCodeList(account.id),
        newActivationLetter: STAFF_PATHS.newActivationLetter(account.id),
        mobile: STAFF_PATHS.mobile(account.id),
        home: STAFF_PATHS.home,
      },
    });
  }

  router.get('/handlaggare/konton/:id', async (req, res) => {
    const id = accountIdOf(req.params.id);
    const overview = id ? await desk.overview(staffOf(req), id) : undefined;
    if (!overview || overview.outcome !== 'found') {
      await logStaffEvent(services, req, {
        action: 'account.view',
        outcome: 'notFound',
        subject: id,
        outside: overview?.outside,
      });
      renderNotFound(res);
      return;
    }
    await logStaffEvent(services, req, {
      action: 'account.view',
      outcome: 'ok',
      subject: overview.account.id,
      municipality: overview.account.municipalityCode,
    });
    // Back from "Ny kodlista" or "Nytt aktiveringsbrev" without the box ticked: nothing was
    // changed. Only these two fixed words are read from the address.
    const t = res.locals.t;
    const unconfirmed =
      req.query.fel === 'bekrafta'
        ? { field: 'bekrafta', text: t('staff.account.confirmCodeListRequired') }
        : req.query.fel === 'bekrafta-brev'
          ? { field: 'bekrafta-brev', text: t('staff.account.confirmActivationRequired') }
          : undefined;
    renderAccount(res, unconfirmed ? 400 : 200, overview, {
      notices: noticeOf(req.query.bytt),
      mobile: '',
      errors: unconfirmed ? [{ ...unconfirmed, href: `#${unconfirmed.field}-ja` }] : [],
    });
  });

  router.post('/handlaggare/konton/:id/mobilnummer', async (req, res) => {
    const staff = staffOf(req);
    const id = accountIdOf(req.params.id);
    const overview = id ? await desk.overview(staff, id) : undefined;
    if (!overview || overview.outcome !== 'found') {
      await logStaffEvent(services, req, {
        action: 'account.mobile',
        outcome: 'notFound',
        subject: id,
        outside: overview?.outside,
      });
      renderNotFound(res);
      return;
    }
    const event = {
      action: 'account.mobile' as const,
      subject: overview.account.id,
      municipality: overview.account.municipalityCode,
    };
    if (!overview.mayChange) {
      await logStaffEvent(services, req, { ...event, outcome: 'forbidden' });
      renderForbidden(res);
      return;
    }
    // An empty box removes the number: a missing field or a list is no such choice.
    const posted = bodyField(req, FIELDS.mobile);
    const typed = (posted ?? '').slice(0, 40);
    const mobile =
      posted === undefined
        ? { ok: false as const, text: res.locals.t('staff.error.notMobile') }
        : checkMobile(typed, res.locals.t);
    if (!mobile.ok) {
      await logStaffEvent(services, req, { ...event, outcome: 'invalid' });
      const errors = [{ field: FIELDS.mobile, text: mobile.text, href: `#${FIELDS.mobile}` }];
      renderAccount(res, 400, overview, { notices: [], mobile: typed, errors });
      return;
    }
    const result = await desk.changeMobile(staff, overview.account.id, mobile.value);
    if (result.outcome === 'notFound' || result.outcome === 'forbidden') {
      await logStaffEvent(services, req, { ...event, outcome: result.outcome });
      if (result.outcome === 'forbidden') renderForbidden(res);
      else renderNotFound(res);
      return;
    }
    await logStaffEvent(services, req, { ...event, outcome: 'ok' });
    const notice =
      result.outcome !== 'changed'
        ? 'samma'
        : mobile.value === null
          ? `bort-${result.sms}`
          : result.sms;
    res.redirect(303, `${STAFF_PATHS.account(overview.account.id)}?bytt=${notice}`);
  });

  return router;
}
