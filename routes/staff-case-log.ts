import { Router, type Request } from 'express';
import { hasMessage, type MessageKey } from '../locales';
import { dateTime } from '../services/date-texts';
import type { Services } from '../services';
import type { AuditAction, AuditDetail } from '../services/audit-log';
import { groupDigits } from '../forms/format';
import { caseIdOf } from './staff-case-id';
import { renderAdminOnly, renderNotFound, staffOf } from './staff-guard';
import { STAFF_PATHS } from './staff-paths';

/** "Vem har öppnat ärendet": the case's rows of the audit log, for its municipality's admins. */
export const caseLogPath = (id: string) => `/handlaggare/arenden/${id}/logg`;

const whoOf = (req: Request) => ({ staff: staffOf(req), requestId: req.id });

/** `?fore=` from the link to older events: a place in the chain; anything else is the first page. */
function placeIn(value: unknown): number | undefined {
  return typeof value === 'string' && /^[1-9][0-9]{0,14}$/.test(value) ? Number(value) : undefined;
}

const LISTED_ACTIONS = ['view', 'list', 'search', 'export', 'report'] as const;

/**
 * A case among many on the screen reads as such: "Såg ärendet i en lista", not "Öppnade". A look
 * or change with a detail says what it was ("Skrev en anteckning"), where the texts have it.
 */
function actionKey(
  action: AuditAction,
  detail: AuditDetail | undefined,
  listed: boolean,
): MessageKey {
  const many = LISTED_ACTIONS.find((one) => one === action);
  if (listed && many) return `caseLog.listed.${many}`;
  const detailed = `caseLog.detail.${action}.${detail ?? ''}`;
  return (hasMessage('sv', detailed) ? detailed : `caseLog.action.${action}`) as MessageKey;
}

export default function staffCaseLogRoutes(services: Services): Router {
  const router = Router();

  router.get('/handlaggare/arenden/:id/logg', async (req, res) => {
    const id = await caseIdOf(services, req, res, 'view');
    if (!id) return;
    const olderThan = placeIn(req.query.fore);
    const result = await services.caseAccessLog.forAdmin(whoOf(req), id, olderThan);
    if (result.outcome === 'notFound') return renderNotFound(res);
    // Not "you may not change": a caseworker may change the case, only not read its log.
    if (result.outcome === 'forbidden') return renderAdminOnly(res);
    const { t } = res.locals;
    const total = groupDigits(result.total);
    res.render('staff/case/access-log', {
      backHref: STAFF_PATHS.case(id),
      lead:
        olderThan !== undefined
          ? t('caseLog.leadOlder', { total })
          : result.total > result.rows.length
            ? t('caseLog.leadCapped', { shown: groupDigits(result.rows.length), total })
            : t('caseLog.lead', { count: result.total }),
      rows: result.rows.map((row) => ({
        at: dateTime(row.at, req.language),
        who: row.name
          ? `${row.name}${row.username ? ` (${row.username})` : ''}`
          : t('caseLog.unknown'),
        role: row.role ? t(`staff.role.${row.role}`) : '',
        action: t(actionKey(row.action, row.detail, row.listed)),
        outcome: t(`caseLog.outcome.${row.outcome}`),
        denied: row.outcome !== 'ok',
      })),
      olderHref:
        result.olderThan === undefined ? undefined : `${caseLogPath(id)}?fore=${result.olderThan}`,
      newestHref: olderThan === undefined ? undefined : caseLogPath(id),
    });
  });

  return router;
}
