import { Router, type Request, type Response } from 'express';
import type { FieldError } from '../forms/field-error';
import type { MessageKey } from '../locales';
import type { Services } from '../services';
import {
  INBOX_CHANNELS,
  INBOX_LISTS,
  type InboxChannel,
  type InboxCursor,
  type InboxList,
  type InboxRow,
} from '../services/case-inbox';
import { CASE_STATUSES, isCaseStatus } from '../services/case-statuses';
import { writableMunicipalities } from '../services/staff-access';
import { bodyText } from './form-body';
import { inboxRowView } from './staff-case-view';
import { staffOf } from './staff-guard';
import { searchedPersonnummer } from './staff-search-input';
import { STAFF_PATHS } from './staff-paths';
import { PAPER_PATHS } from './staff-paper-paths';

const SEARCH = 'personnummer';

interface Query {
  list: InboxList;
  status: string | undefined;
  channel: InboxChannel | undefined;
  after: InboxCursor | undefined;
}

const oneOf = <T extends string>(values: readonly T[], value: unknown): T | undefined =>
  typeof value === 'string' && (values as readonly string[]).includes(value)
    ? (value as T)
    : undefined;

/** `efter=<received ms>.<uuid>`; anything else is the first page. */
function cursorOf(value: unknown): InboxCursor | undefined {
  if (typeof value !== 'string') return undefined;
  const match = /^(\d{1,15})\.([0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12})$/.exec(value);
  return match ? { receivedAt: Number(match[1]), id: String(match[2]) } : undefined;
}

function queryOf(req: Request): Query {
  const status = typeof req.query.status === 'string' ? req.query.status : undefined;
  return {
    list: oneOf(INBOX_LISTS, req.query.lista) ?? 'nya',
    status: isCaseStatus(status) ? status : undefined,
    channel: oneOf(INBOX_CHANNELS, req.query.kanal),
    after: cursorOf(req.query.efter),
  };
}

function hrefOf(query: Partial<Query>): string {
  const params = new URLSearchParams();
  if (query.list && query.list !== 'nya') params.set('lista', query.list);
  if (query.status) params.set('status', query.status);
  if (query.channel) params.set('kanal', query.channel);
  if (query.after) params.set('efter', `${query.after.receivedAt}.${query.after.id}`);
  const text = params.toString();
  return text ? `${STAFF_PATHS.home}?${text}` : STAFF_PATHS.home;
}

interface SearchState {
  value: string;
  errors: FieldError[];
  /** Undefined until a search was made. */
  rows: InboxRow[] | undefined;
}

/** The caseworker's inbox: predefined lists, filters, pages of 25, and search by personnummer. */
export default function staffInboxRoutes(services: Services): Router {
  const router = Router();

  async function render(req: Request, res: Response, status: number, search: SearchState) {
    const staff = staffOf(req);
    const t = res.locals.t;
    const query = queryOf(req);
    const who = { staff, requestId: req.id };
    const page =
      search.rows === undefined
        ? await services.caseInbox.list(who, query.list, query, query.after)
        : undefined;
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
    res.status(status).render('staff/inbox', {
      grants,
      mayHandOut: writableMunicipalities(staff).length > 0,
      newAccountHref: STAFF_PATHS.newAccount,
      paperHref: PAPER_PATHS.start,
      accountSearchHref: STAFF_PATHS.accountSearch,
      tabs: INBOX_LISTS.map((list) => ({
        text: t(`inbox.list.${list}` as MessageKey),
        href: hrefOf({ list }),
        current: search.rows === undefined && list === query.list,
      })),
      filter: {
        action: STAFF_PATHS.home,
        list: query.list === 'nya' ? '' : query.list,
        statuses: CASE_STATUSES.map((value) => ({
          value,
          text: t(`case.status.${value}` as MessageKey),
          selected: value === query.status,
        })),
        channels: INBOX_CHANNELS.map((value) => ({
          value,
          text: t(`inbox.channel.${value}`),
          selected: value === query.channel,
        })),
      },
      heading:
        search.rows === undefined
          ? t(`inbox.list.${query.list}` as MessageKey)
          : t('inbox.search.results'),
      rows: (search.rows ?? page?.rows ?? []).map((row) => inboxRowView(row, t)),
      nextHref: page?.next ? hrefOf({ ...query, after: page.next }) : undefined,
      firstHref: query.after ? hrefOf({ ...query, after: undefined }) : undefined,
      searchAction: STAFF_PATHS.caseSearch,
      search,
    });
  }

  router.get(STAFF_PATHS.home, async (req, res) => {
    await render(req, res, 200, { value: '', errors: [], rows: undefined });
  });

  // A POST, so the personnummer stays out of addresses, history and logs.
  router.post(STAFF_PATHS.caseSearch, async (req, res) => {
    const typed = bodyText(req, SEARCH).slice(0, 40);
    const parsed = searchedPersonnummer(typed, SEARCH, res.locals.t);
    if (!parsed.ok) {
      await render(req, res, 400, { value: typed, errors: [parsed.error], rows: undefined });
      return;
    }
    const rows = await services.caseInbox.search(
      { staff: staffOf(req), requestId: req.id },
      parsed.value,
    );
    await render(req, res, 200, { value: typed, errors: [], rows });
  });

  return router;
}
