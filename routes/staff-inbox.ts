import { randomBytes } from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import { swedishDay } from '../forms/dates';
import { formatMonth, groupDigits } from '../forms/format';
import type { FieldError } from '../forms/field-error';
import type { MessageKey } from '../locales';
import type { Services } from '../services';
import {
  COUNT_CAP,
  COUNTED_LISTS,
  EXPORT_MAX,
  INBOX_CHANNELS,
  INBOX_LISTS,
  INBOX_SORTS,
  statusesShownIn,
  type CountedList,
  type InboxList,
  type InboxRow,
} from '../services/case-inbox';
import { writableMunicipalities } from '../services/staff-access';
import { bodyText } from './form-body';
import { inboxRowView } from './staff-case-view';
import { searchedCase } from './staff-case-search-input';
import { staffOf } from './staff-guard';
import {
  CLOSED_PARAM,
  inboxParams,
  inboxQueryOf,
  periodChoices,
  withParams,
} from './staff-inbox-query';
import { STAFF_PATHS } from './staff-paths';
import { PAPER_PATHS } from './staff-paper-paths';
import { adminMunicipalities } from '../services/decision-letter-settings';
import { STAFF_DIRECTORY_PATH } from './staff-directory';
import { LETTER_TEXT_PATHS } from './staff-letter-texts';

declare module 'express-session' {
  interface SessionData {
    /**
     * The inbox searches typed lately (a personnummer or a name), by a random key: the key goes
     * in the results' address, the words never do. One per search, so each tab keeps its own.
     */
    caseSearches?: { key: string; typed: string }[];
    /**
     * The list or search results last shown, as their address rebuilt from what was understood
     * of it (never the address as typed): "Till ärendelistan" on a case leads back there.
     */
    caseList?: string;
  }
}

const SEARCH = 'sokord';
const SEARCH_KEY = 's';
/** Enough for a caseworker's open tabs; the oldest goes first (the session row stays small). */
const SEARCHES_KEPT = 8;

/** Keeps `typed` under a new key, dropping the oldest past SEARCHES_KEPT; gives the key. */
function keepSearch(req: Request, typed: string): string {
  const key = randomBytes(6).toString('base64url');
  const kept = (req.session.caseSearches ?? []).slice(-(SEARCHES_KEPT - 1));
  req.session.caseSearches = [...kept, { key, typed }];
  return key;
}

function keptSearch(req: Request): { key: string; typed: string } | undefined {
  const key = req.query[SEARCH_KEY];
  return req.session.caseSearches?.find((search) => search.key === key);
}

const isCounted = (list: InboxList): list is CountedList =>
  (COUNTED_LISTS as readonly string[]).includes(list);

interface SearchState {
  value: string;
  errors: FieldError[];
  /** Undefined until a search was made. */
  rows: InboxRow[] | undefined;
  /** The kept search's key, for its results' address. */
  key?: string;
}

/**
 * The caseworker's inbox: predefined lists, filters and sorting in the address, pages of 25,
 * and search by personnummer or name.
 */
export default function staffInboxRoutes(services: Services): Router {
  const router = Router();

  async function render(req: Request, res: Response, status: number, search: SearchState) {
    const staff = staffOf(req);
    const t = res.locals.t;
    const query = inboxQueryOf(req);
    const { list, filter } = query;
    const who = { staff, requestId: req.id };
    // At once, not one after the other: each is a round trip to the database.
    // The tabs keep the month and the channel chosen: so do their counts.
    const tabFilter = {
      ...(filter.period ? { period: filter.period } : {}),
      ...(filter.channel ? { channel: filter.channel } : {}),
    };
    const [page, colleagues, counts] = await Promise.all([
      search.rows === undefined
        ? services.caseInbox.list(who, list, filter, query.position)
        : undefined,
      services.caseInbox.colleagues(staff),
      services.caseInbox.counts(staff, tabFilter),
    ]);
    const rows = search.rows ?? page?.rows ?? [];
    const shownAt =
      search.key !== undefined
        ? withParams(STAFF_PATHS.caseSearch, new URLSearchParams({ [SEARCH_KEY]: search.key }))
        : withParams(STAFF_PATHS.home, inboxParams(query));
    // Written only when it changes: the session row is saved only then.
    if (status === 200 && req.session.caseList !== shownAt) req.session.caseList = shownAt;
    const grants = [];
    for (const grant of staff.grants) {
      const municipality = await services.municipalities.find(grant.municipalityCode);
      grants.push(
        t('staff.home.grant', {
          municipality: municipality?.name ?? grant.municipalityCode,
          role: t(`staff.role.${grant.role}`),
        }),
      );
    }
    const assignee = filter.assignee;
    const chosenAssignee =
      assignee?.kind === 'me' ? 'mig' : assignee?.kind === 'none' ? 'ingen' : assignee?.id;
    const option = (value: string, text: string, chosen: string | undefined) => ({
      value,
      text,
      selected: value === chosen,
    });
    const filtered = Object.keys(filter).length > 0;
    const periods = periodChoices(services.clock.now(), filter.period).map((value) =>
      option(value, formatMonth(value, t), filter.period),
    );
    // Only what the list can hold: "Beviljad" under "Nya" would always find nothing.
    const statuses = statusesShownIn(list).map((value) =>
      option(value, t(`case.status.${value}` as MessageKey), filter.status),
    );
    // A read-only user is never given a case: no "Mina ärenden", no "Mig".
    const mayWork = writableMunicipalities(staff).length > 0;
    const assignees = [
      ...(mayWork ? [option('mig', t('inbox.filter.me'), chosenAssignee)] : []),
      option('ingen', t('inbox.filter.nobody'), chosenAssignee),
      ...colleagues.map((one) => option(one.id, one.name, chosenAssignee)),
    ];
    const channels = INBOX_CHANNELS.map((value) =>
      option(value, t(`inbox.channel.${value}`), filter.channel),
    );
    const sorts = INBOX_SORTS.map((value) =>
      option(value, t(`inbox.sort.${value}`), filter.sort ?? 'aldst'),
    );
    // What the list shows, said in words above it (the form may be far up on a phone).
    const chosen = [periods, statuses, assignees, channels]
      .flatMap((options) => options.filter((one) => one.selected).map((one) => one.text))
      .concat(filter.sort ? [t(`inbox.sort.${filter.sort}`)] : [])
      .concat(filter.closed ? [t('inbox.filter.closedChosen')] : []);
    res.status(status).render('staff/inbox', {
      // Just chosen their own password in place of a temporary one (routes/account-password.ts).
      passwordChanged: req.method === 'GET' && req.query.klart === 'losenord',
      grants,
      mayHandOut: mayWork,
      newAccountHref: STAFF_PATHS.newAccount,
      paperHref: PAPER_PATHS.start,
      accountSearchHref: STAFF_PATHS.accountSearch,
      reportsHref: STAFF_PATHS.reports,
      letterTextsHref: adminMunicipalities(staff).length > 0 ? LETTER_TEXT_PATHS.page : undefined,
      staffDirectoryHref: adminMunicipalities(staff).length > 0 ? STAFF_DIRECTORY_PATH : undefined,
      tabs: INBOX_LISTS.filter((one) => mayWork || one !== 'mina').map((one) => ({
        text: t(`inbox.list.${one}` as MessageKey),
        count: isCounted(one)
          ? {
              number: counts[one] > COUNT_CAP ? `${COUNT_CAP}+` : String(counts[one]),
              cases: t('inbox.tabCases', { count: counts[one] }),
            }
          : undefined,
        // The month and the channel chosen stay from tab to tab; the rest belongs to a list.
        href: withParams(STAFF_PATHS.home, inboxParams({ list: one, filter: tabFilter })),
        current: search.rows === undefined && one === list,
      })),
      filter: {
        action: STAFF_PATHS.home,
        list: list === 'nya' ? '' : list,
        periods,
        statuses,
        assignees,
        channels,
        sorts,
        closed:
          list === 'mina'
            ? { name: CLOSED_PARAM, value: 'ja', checked: filter.closed === true }
            : undefined,
        clearHref:
          filtered && search.rows === undefined
            ? withParams(STAFF_PATHS.home, inboxParams({ list, filter: {} }))
            : undefined,
      },
      listNote:
        search.rows === undefined && list === 'mina' && !filter.closed && !filter.status
          ? t('inbox.mineOpenOnly')
          : undefined,
      chosenText:
        search.rows === undefined && chosen.length > 0
          ? t('inbox.filter.chosen', { filters: chosen.join(', ') })
          : undefined,
      messagesWaiting: (page?.messagesWaiting ?? []).map((row) => {
        const view = inboxRowView(row, t, { language: req.language });
        return {
          href: `${view.href}#meddelanden`,
          name: view.name,
          about: t('inbox.messagesWaiting.about', {
            period: view.period,
            status: view.status.text,
          }),
        };
      }),
      heading:
        search.rows === undefined
          ? t(`inbox.list.${list}` as MessageKey)
          : t('inbox.search.results'),
      rows: rows.map((row) =>
        inboxRowView(row, t, {
          lastDay: search.rows === undefined && list === 'ej-beslutade',
          // "Nya" holds only unopened cases; "Senast öppnade" holds those the reader opened (an
          // admin's or a reader's look does not count as a caseworker's): there it would puzzle.
          hideUnread: search.rows === undefined && (list === 'nya' || list === 'senast'),
          today: swedishDay(services.clock.now()),
          language: req.language,
        }),
      ),
      nextHref: page?.next
        ? withParams(
            STAFF_PATHS.home,
            inboxParams({ list, filter, position: { direction: 'after', cursor: page.next } }),
          )
        : undefined,
      previousHref: page?.previous
        ? withParams(
            STAFF_PATHS.home,
            inboxParams({ list, filter, position: { direction: 'before', cursor: page.previous } }),
          )
        : undefined,
      // Not on the first page (or past the end of the list, as an old bookmark may be).
      firstHref:
        page?.previous || (query.position && page?.rows.length === 0)
          ? withParams(STAFF_PATHS.home, inboxParams({ list, filter }))
          : undefined,
      exportHref:
        search.rows === undefined && (page?.rows.length ?? 0) > 0
          ? withParams(STAFF_PATHS.export, inboxParams({ list, filter }))
          : undefined,
      exportMax: groupDigits(EXPORT_MAX),
      searchAction: STAFF_PATHS.caseSearch,
      searchField: SEARCH,
      search,
    });
  }

  router.get(STAFF_PATHS.home, async (req, res) => {
    await render(req, res, 200, { value: '', errors: [], rows: undefined });
  });

  // A POST, so the personnummer or name stays out of addresses, history and logs; then a
  // redirect to the results, so the browser's back button from a case returns to them without
  // asking to send a form again. What was searched for is kept in the session under a key of
  // its own, which the results' address carries: another tab's search never changes them.
  router.post(STAFF_PATHS.caseSearch, (req, res) => {
    const key = keepSearch(req, bodyText(req, SEARCH).slice(0, 100));
    res.redirect(
      303,
      withParams(STAFF_PATHS.caseSearch, new URLSearchParams({ [SEARCH_KEY]: key })),
    );
  });

  router.get(STAFF_PATHS.caseSearch, async (req, res) => {
    const kept = keptSearch(req);
    if (kept === undefined) {
      res.redirect(303, STAFF_PATHS.home);
      return;
    }
    const { key, typed } = kept;
    const parsed = searchedCase(typed, SEARCH, res.locals.t);
    if (!parsed.ok) {
      await render(req, res, 400, { value: typed, errors: [parsed.error], rows: undefined });
      return;
    }
    const rows = await services.caseInbox.search(
      { staff: staffOf(req), requestId: req.id },
      parsed.value,
    );
    await render(req, res, 200, {
      value: typed,
      errors: [],
      rows,
      key,
    });
  });

  return router;
}
