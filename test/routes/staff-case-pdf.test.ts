import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { caseUnderHandling } from '../helpers/completion';
import { linkNamed } from '../helpers/fields';
import { getPage } from '../helpers/http';
import { ManualClock } from '../helpers/manual-clock';
import { pdfText, popplerSkipReason } from '../helpers/pdf';
import { staffAgent } from '../helpers/staff';
import { useTestApp } from '../helpers/test-services';

describe('the application as a PDF on the case view', () => {
  const clock = new ManualClock('2026-11-24T08:30:00Z');
  const testApp = useTestApp({ clock });

  it('SEC-28: any role of the municipality downloads the applicant’s copy, each download logged; another municipality gets 404', async (t) => {
    const skip = popplerSkipReason();
    if (skip) return t.skip(skip);
    const app = testApp();
    const { casePath, caseworker, sent } = await caseUnderHandling(app);
    const { $ } = await getPage(caseworker.agent, casePath);
    const href = linkNamed($, 'Ansökan som PDF (för utskrift)').attr('href') ?? '';
    assert.equal(href, `${casePath}/ansokan.pdf`);

    const download = await caseworker.agent.get(href).buffer(true);
    assert.equal(download.status, 200);
    assert.equal(download.headers['content-type'], 'application/pdf');
    assert.match(
      String(download.headers['content-disposition']),
      /^attachment; filename="?ansokan-EB-/,
    );
    const text = pdfText(download.body as Buffer).replace(/\s+/g, ' ');
    assert.match(text, /Ansökan om ekonomiskt bistånd/);
    assert.match(text, /Łukasz Øvergård/);
    assert.match(text, /Inskickad elektroniskt .* Kvittonummer EB-/);

    const reader = await staffAgent(app, [{ municipalityCode: '9901', role: 'readonly' }]);
    assert.equal((await reader.agent.get(href)).status, 200);
    const elsewhere = await staffAgent(app, [{ municipalityCode: '9902', role: 'caseworker' }]);
    const refused = await elsewhere.agent.get(href);
    assert.equal(refused.status, 404);
    const rows = await app.services.database.db
      .selectFrom('audit_event')
      .select(['action', 'outcome'])
      .where('subject', '=', sent.id)
      .where('action', '=', 'pdf')
      .orderBy('at')
      .execute();
    assert.deepEqual(rows, [
      { action: 'pdf', outcome: 'ok' },
      { action: 'pdf', outcome: 'ok' },
      { action: 'pdf', outcome: 'denied' },
    ]);
  });

  it('a paper application’s copy says it came by post, on which day', async (t) => {
    const skip = popplerSkipReason();
    if (skip) return t.skip(skip);
    const app = testApp();
    const { casePath, caseworker, sent } = await caseUnderHandling(app);
    const { db } = app.services.database;
    await db
      .updateTable('application')
      .set({ owner_id: null, channel: 'post', received_at: Date.parse('2026-11-20T12:00:00Z') })
      .where('id', '=', sent.id)
      .execute();
    await db
      .updateTable('submission')
      .set({ login_method: 'papper', pdf: null, pdf_sha256: null })
      .where('application_id', '=', sent.id)
      .execute();
    const download = await caseworker.agent.get(`${casePath}/ansokan.pdf`).buffer(true);
    assert.equal(download.status, 200);
    const text = pdfText(download.body as Buffer).replace(/\s+/g, ' ');
    assert.match(
      text,
      /Kom in per post den 20 november 2026 och registrerades av en handläggare den/,
    );
    // Every page's foot says so too, never that it was sent electronically.
    assert.match(text, /Kom in per post – registrerad av en handläggare/);
    assert.doesNotMatch(text, /Inskickad elektroniskt/);
  });
});
