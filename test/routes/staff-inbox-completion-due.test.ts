import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { caseRows } from '../helpers/cases';
import {
  CASEWORKER_9901,
  caseUnderHandling,
  markAnswer,
  requestCompletion,
} from '../helpers/completion';
import { getPage } from '../helpers/http';
import { staffAgent } from '../helpers/staff';
import { ManualClock } from '../helpers/manual-clock';
import { useTestApp } from '../helpers/test-services';

describe('"Väntar på komplettering": by when the applicant was asked to answer', () => {
  const clock = new ManualClock('2026-11-24T08:30:00Z');
  const testApp = useTestApp({ clock });

  it('shows the last day under the status, and a warning once it has passed', async () => {
    const { casePath, caseworker } = await caseUnderHandling(testApp());
    const { agent } = caseworker;
    await markAnswer(agent, casePath, 'Hur bor du?', 'Skicka hyreskontraktet.');
    const requested = await requestCompletion(agent, casePath, { due: '2026-12-01' });
    assert.equal(requested.response.status, 303);

    const waiting = await getPage(agent, '/handlaggare?lista=komplettering');
    const [row] = caseRows(waiting.$);
    assert.ok(row, 'the case is in the list');
    assert.equal(row.href, casePath);
    assert.equal(row.status, 'Komplettering begärd');
    const statusCell = waiting.$('table tbody tr').first().find('td').eq(4);
    assert.equal(statusCell.find('.portal-due').text().trim(), 'Svar senast 1 december 2026');
    assert.equal(row.warning, '', 'not late yet');
    // In the CSV file too: the receipt number and the day, sortable in a spreadsheet.
    const csv = await agent.get('/handlaggare/arenden.csv?lista=komplettering');
    const receipt = await testApp()
      .services.database.db.selectFrom('submission')
      .select('receipt_number')
      .where('application_id', '=', casePath.split('/').pop() ?? '')
      .executeTakeFirstOrThrow();
    const lines = csv.text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    assert.deepEqual(lines[0]?.split(';').slice(-2), [
      'Kvittonummer',
      'Svar på komplettering senast',
    ]);
    assert.deepEqual(lines[1]?.split(';').slice(-2), [receipt.receipt_number, '2026-12-01']);

    // The last day itself is still in time; the day after, the list warns (a new morning, a
    // new login: the session of a week ago has ended).
    const rowOn = async (days: number) => {
      clock.advanceMinutes(days * 24 * 60);
      const colleague = await staffAgent(testApp(), CASEWORKER_9901);
      const { $ } = await getPage(colleague.agent, '/handlaggare?lista=komplettering');
      const found = caseRows($).find((one) => one.href === casePath);
      assert.ok(found);
      return found;
    };
    assert.equal((await rowOn(7)).warning, '');
    assert.equal((await rowOn(1)).warning, 'Sista dagen för kompletteringen har passerat');
  });

  it('says nothing of a due date on cases not waiting for a completion', async () => {
    const { casePath, caseworker } = await caseUnderHandling(testApp());
    const { $ } = await getPage(caseworker.agent, '/handlaggare?lista=ej-beslutade');
    const row = $('table tbody tr').filter(
      (_, one) => $(one).find(`a[href="${casePath}"]`).length === 1,
    );
    assert.equal(row.length, 1);
    assert.equal(row.find('.portal-due').length, 0);
  });
});
