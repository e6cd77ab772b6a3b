import { create as contentDisposition } from 'content-disposition';
import { Router } from 'express';
import { swedishDay } from '../forms/dates';
import type { MessageKey } from '../locales';
import type { Services } from '../services';
import { csvDocument } from '../services/csv';
import { inboxRowView } from './staff-case-view';
import { staffOf } from './staff-guard';
import { inboxQueryOf } from './staff-inbox-query';
import { STAFF_PATHS } from './staff-paths';

/**
 * The list on screen (tab, filters, sort) as a CSV file for a spreadsheet: the same columns as
 * the table plus the co-applicant's signature, the channel, the case id, the receipt number and
 * the last day of an open completion request (YYYY-MM-DD, so a spreadsheet sorts it),
 * personnummer masked as in the list. The signature has a column of its own (the list has only a badge), so a
 * spreadsheet can filter on it whatever the status. Reading, so the read-only role may too; one
 * audit row ('export').
 */
export default function staffInboxExportRoutes(services: Services): Router {
  const router = Router();

  router.get(STAFF_PATHS.export, async (req, res) => {
    const t = res.locals.t;
    const { list, filter } = inboxQueryOf(req);
    const { rows } = await services.caseInbox.export(
      { staff: staffOf(req), requestId: req.id },
      list,
      filter,
    );
    const header = [
      'received',
      'period',
      'applicant',
      'personnummer',
      'household',
      'status',
      'signature',
      'channel',
      'assignee',
      'warning',
      'caseId',
      'receiptNumber',
      'completionDue',
    ].map((column) => t(`inbox.column.${column}` as MessageKey));
    const today = swedishDay(services.clock.now());
    const body = rows.map((row) => {
      const view = inboxRowView(row, t, { today });
      const channel = `inbox.channel.${row.channel}` as MessageKey;
      return [
        view.received,
        view.period,
        view.name,
        view.personnummer,
        view.household,
        view.status.text,
        row.signatureOutstanding ? t('inbox.export.signatureMissing') : '',
        ['e-tjanst', 'post', 'papper'].includes(row.channel) ? t(channel) : row.channel,
        view.assignee,
        // Every warning the list shows, not only the duplicate.
        [view.duplicate, view.openMarks, view.completionLate, view.newMessage]
          .filter(Boolean)
          .join(', '),
        row.id,
        row.receiptNumber,
        row.completionDue ?? '',
      ];
    });
    const name = `${t('inbox.export.fileName')}-${list}-${today}.csv`;
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', contentDisposition(name, { type: 'attachment' }));
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Cache-Control', 'no-store');
    res.send(csvDocument([header, ...body]));
  });

  return router;
}
