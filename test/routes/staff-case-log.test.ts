import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { searchCases } from '../helpers/cases';
import { caseUnderHandling } from '../helpers/completion';
import { linkNamed } from '../helpers/fields';
import { writeAndPress } from '../helpers/casework';
import { csrfTokenOf, getPage, textOf, tableCells } from '../helpers/http';
import { ManualClock } from '../helpers/manual-clock';
import { staffAgent } from '../helpers/staff';
import { useTestApp } from '../helpers/test-services';

describe('"Vem har öppnat ärendet": the case’s log for its municipality’s administrators', () => {
  const clock = new ManualClock('2026-11-24T08:30:00Z');
  const testApp = useTestApp({ clock });

  it('SEC-29: lists who looked and what they did, refusals too, newest first; the look at the log is logged', async () => {
    const app = testApp();
    const { casePath, caseworker, sent } = await caseUnderHandling(app);
    clock.advanceMinutes(1);
    const outsider = await staffAgent(app, [{ municipalityCode: '9902', role: 'caseworker' }]);
    assert.equal((await outsider.agent.get(casePath)).status, 404);
    clock.advanceMinutes(1);
    const admin = await staffAgent(app, [{ municipalityCode: '9901', role: 'admin' }]);
    const casePage = await getPage(admin.agent, casePath);
    const href = linkNamed(casePage.$, 'Vem har öppnat ärendet (logg)').attr('href') ?? '';
    assert.equal(href, `${casePath}/logg`);

    const log = await getPage(admin.agent, href);
    assert.equal(log.response.status, 200);
    assert.equal(textOf(log.$, 'h1'), 'Vem har öppnat ärendet');
    const rows = tableCells(log.$, 'main');
    // Newest first: the administrator's own look at the case, the outsider's refusal, then the
    // caseworker's work.
    assert.deepEqual(rows[0]?.slice(1), [
      `${admin.staff.account.name} (${admin.staff.username})`,
      'administratör',
      'Öppnade',
      'Utfört',
    ]);
    assert.deepEqual(rows[1]?.slice(1), [
      `${outsider.staff.account.name} (${outsider.staff.username})`,
      '',
      'Öppnade',
      'Nekades: saknar behörighet',
    ]);
    assert.ok(
      rows.some(
        (row) =>
          row[1] === `${caseworker.staff.account.name} (${caseworker.staff.username})` &&
          row[3] === 'Ändrade status',
      ),
    );
    // The look at the log is the newest row now, and says it was the log that was read.
    const latest = await app.services.database.db
      .selectFrom('audit_event')
      .select(['actor_id', 'action', 'outcome', 'detail'])
      .where('subject', '=', sent.id)
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();
    assert.deepEqual(latest, {
      actor_id: admin.staff.account.id,
      action: 'view',
      outcome: 'ok',
      detail: 'log',
    });
    const again = await getPage(admin.agent, href);
    assert.deepEqual(tableCells(again.$, 'main')[0]?.slice(3), [
      'Öppnade loggen för ärendet',
      'Utfört',
    ]);
    assert.deepEqual(await app.services.auditLog.verify(), {
      ok: true,
      checked: Number(
        (
          await app.services.database.db
            .selectFrom('audit_event')
            .select((eb) => eb.fn.countAll<number | string>().as('count'))
            .executeTakeFirstOrThrow()
        ).count,
      ),
    });
  });

  it('SEC-15 SEC-16: a caseworker or a read-only user gets 403 and no link; another municipality’s admin gets 404', async () => {
    const app = testApp();
    const { casePath, caseworker } = await caseUnderHandling(app);
    const own = await getPage(caseworker.agent, casePath);
    assert.equal(linkNamed(own.$, 'Vem har öppnat ärendet (logg)').length, 0);
    const refused = await getPage(caseworker.agent, `${casePath}/logg`);
    assert.equal(refused.response.status, 403);
    assert.equal(textOf(refused.$, 'h1'), 'Sidan är bara för administratörer');
    const reader = await staffAgent(app, [{ municipalityCode: '9901', role: 'readonly' }]);
    assert.equal((await reader.agent.get(`${casePath}/logg`)).status, 403);
    const otherAdmin = await staffAgent(app, [{ municipalityCode: '9902', role: 'admin' }]);
    assert.equal((await otherAdmin.agent.get(`${casePath}/logg`)).status, 404);
  });

  it('SEC-29: the lists and search results the case was seen in are there too, as such', async () => {
    const app = testApp();
    const { casePath, caseworker, sent } = await caseUnderHandling(app);
    clock.advanceMinutes(1);
    assert.equal((await caseworker.agent.get('/handlaggare?lista=alla')).status, 200);
    clock.advanceMinutes(1);
    const found = await searchCases(caseworker.agent, sent.applicant.personnummer);
    assert.equal(found.response.status, 200);
    // A search that does not find the person does not name the case.
    await searchCases(caseworker.agent, 'Ingenting Alls');
    const admin = await staffAgent(app, [{ municipalityCode: '9901', role: 'admin' }]);
    const log = await getPage(admin.agent, `${casePath}/logg`);
    const caseworkerName = `${caseworker.staff.account.name} (${caseworker.staff.username})`;
    assert.deepEqual(
      tableCells(log.$, 'main')
        .filter((row) => row[1] === caseworkerName)
        .slice(0, 2)
        .map((row) => row[3]),
      ['Sökte och fick ärendet bland träffarna', 'Såg ärendet i en lista'],
    );
  });

  it('SEC-29: says what a change was, and tells a refusal for want of a right from a mistake', async () => {
    const app = testApp();
    const { casePath, caseworker } = await caseUnderHandling(app);
    await writeAndPress(
      caseworker.agent,
      casePath,
      'Ny anteckning',
      'Ringt, ingen svarade.',
      'Spara anteckningen',
    );
    await writeAndPress(caseworker.agent, casePath, 'Ny anteckning', '   ', 'Spara anteckningen');
    const reader = await staffAgent(app, [{ municipalityCode: '9901', role: 'readonly' }]);
    const readerPage = await getPage(reader.agent, casePath);
    const refused = await reader.agent
      .post(`${casePath}/anteckningar`)
      .type('form')
      .send({ _csrf: csrfTokenOf(readerPage.$), text: 'Läsaren skriver.' });
    assert.equal(refused.status, 403);

    const admin = await staffAgent(app, [{ municipalityCode: '9901', role: 'admin' }]);
    const rows = tableCells((await getPage(admin.agent, `${casePath}/logg`)).$, 'main');
    const done = rows.map((row) => row.slice(3)).filter(([what]) => what !== 'Öppnade');
    assert.deepEqual(done.slice(0, 3), [
      ['Skrev en anteckning', 'Nekades: saknar behörighet'],
      ['Skrev en anteckning', 'Inte utfört: fel i det som skickades, eller ärendet hade ändrats'],
      ['Skrev en anteckning', 'Utfört'],
    ]);
  });

  it('SEC-29: a long log comes a hundred rows at a time, the newest first, older ones a link away', async () => {
    const app = testApp();
    const { casePath, caseworker, sent } = await caseUnderHandling(app);
    for (let look = 0; look < 120; look++) {
      await app.services.auditLog.record({
        actorId: caseworker.staff.account.id,
        role: 'caseworker',
        municipality: '9901',
        subject: sent.id,
        action: 'pdf',
        outcome: 'ok',
        requestId: null,
      });
    }
    const admin = await staffAgent(app, [{ municipalityCode: '9901', role: 'admin' }]);
    const first = await getPage(admin.agent, `${casePath}/logg`);
    const total = await app.services.database.db
      .selectFrom('audit_event')
      .select((eb) => eb.fn.countAll<number | string>().as('count'))
      .where('subject', '=', sent.id)
      .executeTakeFirstOrThrow();
    // The admin's own look is written after the page was read.
    const before = Number(total.count) - 1;
    assert.equal(tableCells(first.$, 'main').length, 100);
    assert.match(
      textOf(first.$, '.portal-lead'),
      new RegExp(`Loggen har ${before} händelser för ärendet\\. Här visas de 100 senaste`),
    );
    const older = linkNamed(first.$, 'Visa äldre händelser').attr('href') ?? '';
    assert.match(older, /\/logg\?fore=\d+$/);
    const second = await getPage(admin.agent, older);
    assert.equal(tableCells(second.$, 'main').length, before - 100);
    assert.equal(linkNamed(second.$, 'Visa äldre händelser').length, 0);
    assert.equal(
      linkNamed(second.$, 'Till de senaste händelserna').attr('href'),
      `${casePath}/logg`,
    );
    // The oldest rows are the caseworker's work before the 120 PDFs.
    assert.ok(tableCells(second.$, 'main').some((row) => row[3] === 'Ändrade status'));
    // A made-up place is the first page, not an error.
    const odd = await getPage(admin.agent, `${casePath}/logg?fore=abc`);
    assert.equal(odd.response.status, 200);
    assert.equal(tableCells(odd.$, 'main').length, 100);
  });
});
