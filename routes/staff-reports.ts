import { Router } from 'express';
import { addMonths, swedishDay, yearMonthOf } from '../forms/dates';
import { formatMonth } from '../forms/format';
import type { Language, MessageKey, Translate } from '../locales';
import type { Services } from '../services';
import { inboxRowView, statusBadge } from './staff-case-view';
import { renderNotFound, staffOf } from './staff-guard';
import { inboxParams, periodChoices, periodOf, withParams } from './staff-inbox-query';
import { STAFF_PATHS } from './staff-paths';

/**
 * The median time to a decision in words: "samma dag" for none, else "1 dag", "2,5 dagar" (to a
 * tenth, "2.5 days" in English); said of the only decided application when there is one.
 */
export function medianText(
  medianDays: number,
  decided: number,
  t: Translate,
  language: Language,
): string {
  const rounded = Math.round(medianDays * 10) / 10;
  const days = rounded.toLocaleString(language === 'sv' ? 'sv-SE' : 'en-GB', {
    maximumFractionDigits: 1,
  });
  const span = rounded === 0 ? 'sameDay' : 'days';
  if (decided === 1) return t(`reports.median.single.${span}`, { days });
  return t(`reports.median.${span}`, {
    days,
    decided: t('reports.median.decided', { count: decided }),
  });
}

/**
 * /handlaggare/rapporter: one municipality's applications for one period (item 8). Another
 * municipality's report is the same 404 as a missing page (SEC-15); any grant may read it.
 */
export default function staffReportRoutes(services: Services): Router {
  const router = Router();

  router.get(STAFF_PATHS.reports, async (req, res) => {
    const staff = staffOf(req);
    const t = res.locals.t;
    const asked = req.query.kommun;
    const code =
      asked === undefined
        ? (staff.grants[0]?.municipalityCode ?? '')
        : typeof asked === 'string'
          ? asked
          : '';
    const thisMonth = yearMonthOf(swedishDay(services.clock.now()));
    const period =
      periodOf(req.query.period) ??
      (await services.caseReports.defaultPeriod(staff, code, addMonths(thisMonth, 1), thisMonth));
    const report = await services.caseReports.report({ staff, requestId: req.id }, code, period);
    if (!report) {
      renderNotFound(res);
      return;
    }
    const municipalities = [];
    for (const grant of staff.grants) {
      const municipality = await services.municipalities.find(grant.municipalityCode);
      municipalities.push({
        value: grant.municipalityCode,
        text: municipality?.name ?? grant.municipalityCode,
        selected: grant.municipalityCode === code,
      });
    }
    const channelText = (channel: string) =>
      ['e-tjanst', 'post', 'papper'].includes(channel)
        ? t(`inbox.channel.${channel}` as MessageKey)
        : channel;
    res.render('staff/reports', {
      backHref: STAFF_PATHS.home,
      action: STAFF_PATHS.reports,
      municipalities,
      periods: periodChoices(services.clock.now(), period).map((value) => ({
        value,
        text: formatMonth(value, t),
        selected: value === period,
      })),
      heading: t('reports.heading', {
        municipality: municipalities.find((one) => one.selected)?.text ?? code,
        period: formatMonth(period, t),
      }),
      total: report.total,
      periodText: formatMonth(period, t),
      byStatus: report.byStatus.map((row) => ({
        text: statusBadge(row.status, t).text,
        count: row.count,
      })),
      byChannel: report.byChannel.map((row) => ({
        text: channelText(row.channel),
        count: row.count,
      })),
      median:
        report.medianDays === undefined
          ? t('reports.median.none')
          : medianText(report.medianDays, report.decided, t, res.locals.lang),
      undecided: report.undecided.map((row) => inboxRowView(row, t)),
      undecidedMore:
        report.undecidedCount > report.undecided.length
          ? t('reports.undecided.more', {
              shown: report.undecided.length,
              count: report.undecidedCount,
            })
          : undefined,
      undecidedHref: withParams(
        STAFF_PATHS.home,
        inboxParams({ list: 'ej-beslutade', filter: { period } }),
      ),
    });
  });

  return router;
}
