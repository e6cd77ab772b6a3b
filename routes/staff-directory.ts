import { Router } from 'express';
import type { Services } from '../services';
import { maskedPhone } from '../services/sms/phone-number';
import { longDate } from '../services/date-texts';
import { renderAdminOnly, staffOf } from './staff-guard';
import { STAFF_PATHS } from './staff-paths';

export const STAFF_DIRECTORY_PATH = '/handlaggare/personal';

/**
 * "Personal": a municipality's administrator sees who has access to it, in which role, and
 * whose account is closed. Anyone who administers no municipality: 403 (logged).
 */
export default function staffDirectoryRoutes(services: Services): Router {
  const router = Router();

  router.get(STAFF_DIRECTORY_PATH, async (req, res) => {
    const t = res.locals.t;
    const municipalities = await services.staffDirectory.forAdmin({
      staff: staffOf(req),
      requestId: req.id,
    });
    if (municipalities.length === 0) return renderAdminOnly(res);
    res.render('staff/directory', {
      backHref: STAFF_PATHS.home,
      municipalities: municipalities.map((one) => ({
        code: one.code,
        name: one.name,
        staff: one.staff.map((row) => ({
          name: row.name,
          username: row.username,
          role: t(`staff.role.${row.role}`),
          secondFactor:
            [
              row.mobile ? t('staffDirectory.sms', { phone: maskedPhone(row.mobile) }) : null,
              row.app ? t('staffDirectory.app') : null,
            ]
              .filter((text) => text !== null)
              .join(', ') || t('staffDirectory.noSecondFactor'),
          state: t(`staffDirectory.state.${row.state}`, {
            date: row.temporaryUntil ? longDate(row.temporaryUntil, req.language) : '',
          }),
          disabled: row.disabled,
        })),
      })),
    });
  });

  return router;
}
