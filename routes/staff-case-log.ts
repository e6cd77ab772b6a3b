import { Router, type Request } from 'express';
import type { MessageKey } from '../locales';
import { dateTime } from '../services/date-texts';
import type { Services } from '../services';
import { ACCESS_LOG_ROWS } from '../services/case-access-log';
import { groupDigits } from '../forms/format';
import { caseIdOf } from './staff-case-id';
import { renderAdminOnly, renderNotFound, staffOf } from './staff-guard';
import { STAFF_PATHS } from './staff-paths';

/** "Vem har öppnat ärendet": the case's rows of the audit log, for its municipality's admins. */
export const caseLogPath = (id: string) => `/handlaggare/arenden/${id}/logg`;

const whoOf = (req: Request) => ({ staff: staffOf(req), requestId: req.id });

export default function staffCaseLogRoutes(services: Services): Router {
  const router = Router();

  router.get('/handlaggare/arenden/:id/logg', async (req, res) => {
    const id = await caseIdOf(services, req, res, 'view');
    if (!id) return;
    const result = await services.caseAccessLog.forAdmin(whoOf(req), id);
    if (result.outcome === 'notFound') return renderNotFound(res);
    // Not "you may not change": a caseworker may change the case, only not read its log.
    if (result.outcome === 'forbidden') return renderAdminOnly(res);
    const { t } = res.locals;
    res.render('staff/case/access-log', {
      backHref: STAFF_PATHS.case(id),
      lead:
        result.total > result.rows.length
          ? t('caseLog.leadCapped', {
              shown: groupDigits(result.rows.length),
              total: groupDigits(result.total),
            })
          : t('caseLog.lead', { count: result.total }),
      rows: result.rows.map((row) => ({
        at: dateTime(row.at, req.language),
        who: row.name
          ? `${row.name}${row.username ? ` (${row.username})` : ''}`
          : t('caseLog.unknown'),
        role: row.role ? t(`staff.role.${row.role}`) : '',
        action: t(`caseLog.action.${row.action}` as MessageKey),
        outcome: t(row.outcome === 'ok' ? 'caseLog.ok' : 'caseLog.denied'),
        denied: row.outcome === 'denied',
      })),
      max: ACCESS_LOG_ROWS,
    });
  });

  return router;
}
