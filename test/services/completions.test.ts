import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { swedishDay } from '../../forms/dates';
import { ekonomisktBistand } from '../../forms/ekonomiskt-bistand';
import { summarize, withRowPaths } from '../../forms/summary';
import { caseAnswers } from '../../services/case-answers';
import { hasOpenMarks } from '../../services/case-marks';
import type { StaffRequest } from '../../services/cases';
import { loadStaffMember } from '../../services/staff-access';
import { databaseTargets } from '../helpers/database-targets';
import { samplePng } from '../helpers/sample-files';
import { createApplicant, type TestApplicant } from '../helpers/login';
import { ManualClock } from '../helpers/manual-clock';
import { form, sentApplication, sv } from '../helpers/sent-for-completion';
import { createStaff } from '../helpers/staff';
import type { TestServices } from '../helpers/test-services';

for (const target of databaseTargets()) {
  describe(`marks and completions on ${target.name}`, { skip: target.skip }, () => {
    const clock = new ManualClock('2026-11-24T08:00:00Z');
    let opened: TestServices;
    let caseworker: StaffRequest;
    let reader: StaffRequest;
    let other: StaffRequest;
    let owner: TestApplicant;
    before(async () => {
      opened = await target.open({ clock, forms: [ekonomisktBistand, form] });
      const member = async (grants: Parameters<typeof createStaff>[1]) => {
        const created = await createStaff(opened.services, grants);
        const staff = await loadStaffMember(opened.services.accounts, created.account.id);
        assert.ok(staff);
        return { staff, requestId: randomUUID() };
      };
      caseworker = await member([{ municipalityCode: '9901', role: 'caseworker' }]);
      reader = await member([{ municipalityCode: '9901', role: 'readonly' }]);
      other = await member([{ municipalityCode: '9902', role: 'admin' }]);
      owner = await createApplicant(opened.services, { mobile: '+46701112233' });
    });
    after(async () => {
      await opened.cleanup();
    });

    const fresh = (who: StaffRequest): StaffRequest => ({ ...who, requestId: randomUUID() });
    /** As a paper application registered by a caseworker is: by post, no owner account. */
    const paperCase = async () => {
      const id = await sentApplication(opened.services, owner, 'under-handlaggning', 4);
      await opened.services.database.db
        .updateTable('application')
        .set({ owner_id: null, channel: 'post' })
        .where('id', '=', id)
        .execute();
      return id;
    };
    const auditOf = (who: StaffRequest) =>
      opened.services.auditLog
        .ofRequest(who.requestId)
        .then((rows) => rows.map(({ action, outcome, role }) => [action, outcome, role]));
    const applicant = () => ({ kind: 'applicant' as const, userId: owner.account.id });
    const statusOf = async (id: string) =>
      (
        await opened.services.database.db
          .selectFrom('application')
          .select('status')
          .where('id', '=', id)
          .executeTakeFirstOrThrow()
      ).status;

    it('marks an answer or a checklist item with a reason, each call one audit row; refuses what is not there', async () => {
      const { caseMarks } = opened.services;
      const id = await sentApplication(opened.services, owner, 'under-handlaggning', 1);
      const refusals: [string, string, string][] = [
        ['answer:tillgangar.nothing', 'Fel', 'unknownTarget'],
        ['answer:tillgangar.sharesValue', 'Fel', 'unknownTarget'],
        ['attachment:pass', 'Fel', 'unknownTarget'],
        ['tillgangar.bankBalance', 'Fel', 'unknownTarget'],
        ['answer:tillgangar.bankBalance', '  ', 'reasonRequired'],
        ['answer:tillgangar.bankBalance', 'x'.repeat(501), 'reasonTooLong'],
      ];
      for (const [targetText, reason, outcome] of refusals) {
        const who = fresh(caseworker);
        assert.equal(await caseMarks.mark(who, id, targetText, reason), outcome, targetText);
        assert.deepEqual(await auditOf(who), [['change', 'invalid', 'caseworker']]);
      }
      assert.equal(await hasOpenMarks(opened.services.database.db, id), false);
      const who = fresh(caseworker);
      assert.equal(
        await caseMarks.mark(who, id, 'answer:tillgangar.bankBalance', 'Saldot saknar öre.'),
        'marked',
      );
      assert.deepEqual(await auditOf(who), [['change', 'ok', 'caseworker']]);
      assert.equal(
        await caseMarks.mark(fresh(caseworker), id, 'answer:tillgangar.bankBalance', 'Igen'),
        'alreadyMarked',
      );
      clock.advanceMinutes(1);
      assert.equal(
        await caseMarks.mark(fresh(caseworker), id, 'attachment:kontoutdrag', 'Saknas.'),
        'marked',
      );
      assert.equal(await caseMarks.hasOpenMarks(id), true);

      const readOnly = fresh(reader);
      assert.equal(
        await caseMarks.mark(readOnly, id, 'answer:meddelande.message', 'X'),
        'forbidden',
      );
      assert.deepEqual(await auditOf(readOnly), [['change', 'denied', 'readonly']]);
      const outside = fresh(other);
      assert.equal(await caseMarks.mark(outside, id, 'answer:meddelande.message', 'X'), 'notFound');
      assert.deepEqual(await auditOf(outside), [['change', 'denied', null]]);

      const view = await opened.services.completionRequests.forCase(caseworker.staff, id);
      assert.deepEqual(
        view?.marks.map((mark) => [mark.kind, mark.key, mark.label, mark.reason]),
        [
          [
            'answer',
            'tillgangar.bankBalance',
            'Tillgångar – Hur mycket pengar finns på alla bankkonton tillsammans?',
            'Saldot saknar öre.',
          ],
          [
            'attachment',
            'kontoutdrag',
            'Kontoutdrag för de senaste 3 månaderna, för alla konton',
            'Saknas.',
          ],
        ],
      );
      assert.equal(await opened.services.completionRequests.forCase(other.staff, id), undefined);

      assert.ok(view);
      for (const mark of view.marks) {
        const clearer = fresh(caseworker);
        assert.equal(await caseMarks.clear(clearer, id, mark.id), 'cleared');
        assert.deepEqual(await auditOf(clearer), [['change', 'ok', 'caseworker']]);
        assert.equal(await caseMarks.clear(fresh(caseworker), id, mark.id), 'notFound');
        assert.equal(await caseMarks.clear(fresh(reader), id, mark.id), 'forbidden');
      }
      assert.equal(await hasOpenMarks(opened.services.database.db, id), false);
    });

    it('asks for completion: the date checked, the status moved by the table with its event and audit row, an SMS without personal data', async () => {
      const { caseMarks, completionRequests, database } = opened.services;
      const id = await sentApplication(opened.services, owner, 'under-handlaggning', 2);
      const ask = (dueDate: string, who = fresh(caseworker)) =>
        completionRequests.request(who, id, { dueDate, message: 'Hej!' });
      assert.equal(completionRequests.defaultDueDate(), '2026-12-01');
      assert.equal((await ask('2026-12-01')).outcome, 'noMarks');
      await caseMarks.mark(fresh(caseworker), id, 'answer:tillgangar.hasVehicle', 'Du har en bil.');
      assert.equal((await ask('2026-02-30')).outcome, 'invalidDate');
      assert.equal((await ask('2026-11-23')).outcome, 'pastDate');
      assert.equal((await ask('2026-11-24')).outcome, 'pastDate', 'today leaves no day to answer');
      assert.equal((await ask('2026-12-01', fresh(reader))).outcome, 'forbidden');
      assert.equal((await ask('2026-12-01', fresh(other))).outcome, 'notFound');
      assert.equal(await statusOf(id), 'under-handlaggning');

      const who = fresh(caseworker);
      const result = await ask('2026-11-25', who);
      assert.equal(result.outcome, 'requested');
      assert.equal(result.sms, 'sent');
      assert.deepEqual(await auditOf(who), [['change', 'ok', 'caseworker']]);
      assert.equal(await statusOf(id), 'komplettering-begard');
      const events = await database.db
        .selectFrom('application_event')
        .select(['from_status', 'to_status', 'actor_id'])
        .where('application_id', '=', id)
        .execute();
      assert.deepEqual(events, [
        {
          from_status: 'under-handlaggning',
          to_status: 'komplettering-begard',
          actor_id: caseworker.staff.account.id,
        },
      ]);
      const sms = await opened.services.smsOutbox?.latestTo('+46701112233');
      assert.equal(
        sms?.text,
        'Din kommun behöver fler uppgifter för din ansökan. Logga in på Mina sidor. /Exempelby kommun',
      );
      assert.equal((await ask('2026-12-01')).outcome, 'illegal', 'asked already');

      const inkommen = await sentApplication(opened.services, owner, 'inkommen', 3);
      await caseMarks.mark(fresh(caseworker), inkommen, 'answer:meddelande.message', 'Oklart.');
      const early = await completionRequests.request(fresh(caseworker), inkommen, {
        dueDate: '2026-12-01',
        message: '',
      });
      assert.deepEqual(early, { outcome: 'illegal', from: 'inkommen' });
    });

    it('a paper case without an account: asked by letter (no SMS), answered by post on a day that is checked with the marked answer as the letter gives it, each step logged', async () => {
      const { caseMarks, completionRequests, completionByPost, database } = opened.services;
      const id = await paperCase();
      await caseMarks.mark(
        fresh(caseworker),
        id,
        'answer:tillgangar.bankBalance',
        'Saldot stämmer inte.',
      );
      const who = fresh(caseworker);
      const result = await completionRequests.request(who, id, {
        dueDate: '2026-12-01',
        message: 'Hej!',
      });
      assert.equal(result.outcome, 'requested');
      assert.equal(result.sms, 'letter');
      assert.deepEqual(await auditOf(who), [['change', 'ok', 'caseworker']]);
      assert.equal(await statusOf(id), 'komplettering-begard');
      const requestId = result.requestId;

      const answer = async (day: string, posted: Record<string, unknown> = {}) => {
        const one = fresh(caseworker);
        const result = await completionByPost.register(
          one,
          id,
          requestId,
          { day, posted, files: [] },
          'sv',
        );
        return {
          result: result.outcome,
          day: 'day' in result ? result.day : undefined,
          audit: await auditOf(one),
        };
      };
      assert.deepEqual(await answer('2026-13-01'), {
        result: 'invalid',
        day: 'invalidDate',
        audit: [['change', 'invalid', 'caseworker']],
      });
      assert.equal((await answer('2099-01-01')).day, 'futureDate');
      assert.equal((await answer('2020-01-01')).day, 'beforeRequest');
      assert.equal(await statusOf(id), 'komplettering-begard');
      const today = swedishDay(opened.services.clock.now());
      // The marked answer is read as the form reads it: an amount that is not one is refused.
      const wrong = await completionByPost.register(
        fresh(caseworker),
        id,
        requestId,
        { day: today, posted: { 'tillgangar.bankBalance': 'mycket' }, files: [] },
        'sv',
      );
      assert.equal(wrong.outcome, 'invalid');
      assert.equal(wrong.errors[0]?.field, 'tillgangar.bankBalance');
      assert.equal(await statusOf(id), 'komplettering-begard');

      const page = await completionByPost.page(fresh(caseworker), id, requestId, 'sv');
      assert.equal(page.outcome, 'found');
      assert.deepEqual(
        page.page.answers.map(({ path, reason }) => [path, reason]),
        [['tillgangar.bankBalance', 'Saldot stämmer inte.']],
      );
      const before = page.page.answers[0]?.value;
      assert.deepEqual(await answer(today, { 'tillgangar.bankBalance': '5 000' }), {
        result: 'answered',
        day: undefined,
        audit: [['change', 'ok', 'caseworker']],
      });
      assert.equal(await statusOf(id), 'kompletterad');
      const view = await completionRequests.forCase(caseworker.staff, id);
      assert.equal(view?.hasAccount, false);
      const answeredAt = view.rounds[0]?.answeredAt;
      assert.ok(answeredAt);
      assert.equal(swedishDay(answeredAt), today);
      // The answer as the letter gave it, beside the one before, as an answer online shows.
      assert.deepEqual(
        view.rounds[0]?.changes.map(({ path, before: was, after }) => [path, was, after]),
        [['tillgangar.bankBalance', before, '5 000 kr']],
      );
      const answers = await caseAnswers(database.db, opened.services.forms, id);
      assert.equal(answers?.answers.tillgangar?.bankBalance, 500_000, 'in öre');
      // Once answered, a second registration changes nothing.
      assert.equal((await answer(today)).result, 'notWaiting');
    });

    it('two registrations of one answer by post at once: one is kept with its scan, the other leaves nothing behind', async () => {
      const { caseMarks, completionRequests, completionByPost, database } = opened.services;
      const id = await paperCase();
      await caseMarks.mark(fresh(caseworker), id, 'answer:tillgangar.bankBalance', 'Fel.');
      const asked = await completionRequests.request(fresh(caseworker), id, {
        dueDate: '2026-12-01',
        message: '',
      });
      assert.equal(asked.outcome, 'requested');
      const day = swedishDay(opened.services.clock.now());
      const register = async (balance: string) =>
        completionByPost.register(
          fresh(caseworker),
          id,
          asked.requestId,
          {
            day,
            posted: { 'tillgangar.bankBalance': balance },
            files: [{ originalName: `svar-${balance}.png`, bytes: samplePng() }],
          },
          'sv',
        );
      const blobsBefore = await database.db
        .selectFrom('blob')
        .select((eb) => eb.fn.countAll<number | string>().as('count'))
        .executeTakeFirstOrThrow();
      const outcomes = (await Promise.all([register('100'), register('200')])).map(
        (result) => result.outcome,
      );
      assert.deepEqual(
        outcomes.filter((outcome) => outcome === 'answered'),
        ['answered'],
        `one kept: ${outcomes.join(', ')}`,
      );
      const files = await database.db
        .selectFrom('attachment')
        .select('name')
        .where('application_id', '=', id)
        .execute();
      assert.equal(files.length, 1);
      const blobsAfter = await database.db
        .selectFrom('blob')
        .select((eb) => eb.fn.countAll<number | string>().as('count'))
        .executeTakeFirstOrThrow();
      assert.equal(Number(blobsAfter.count) - Number(blobsBefore.count), 1, 'no blob left over');
    });

    it('an answer by post is only for a letter: a case with an account answers online', async () => {
      const { caseMarks, completionRequests } = opened.services;
      const id = await sentApplication(opened.services, owner, 'under-handlaggning', 4);
      await caseMarks.mark(fresh(caseworker), id, 'answer:tillgangar.hasVehicle', 'Du har en bil.');
      const asked = await completionRequests.request(fresh(caseworker), id, {
        dueDate: '2026-12-01',
        message: '',
      });
      const requestId = asked.outcome === 'requested' ? asked.requestId : '';
      const today = swedishDay(opened.services.clock.now());
      const byPost = await opened.services.completionByPost.register(
        fresh(caseworker),
        id,
        requestId,
        { day: today, posted: {}, files: [] },
        'sv',
      );
      assert.equal(byPost.outcome, 'notFound');
      assert.equal(await completionRequests.letter(fresh(caseworker), id, requestId), 'notFound');
      assert.equal(await statusOf(id), 'komplettering-begard');
    });

    it('the applicant changes only the marked answer, checked like the form; the snapshot stays; a second round starts from the first one’s answers', async () => {
      const { caseMarks, completionRequests, completions, database } = opened.services;
      const id = await sentApplication(opened.services, owner, 'under-handlaggning', 4);
      await caseMarks.mark(fresh(caseworker), id, 'answer:tillgangar.bankBalance', 'Fel saldo.');
      await completionRequests.request(fresh(caseworker), id, {
        dueDate: '2026-12-01',
        message: '',
      });

      const stranger = await createApplicant(opened.services);
      assert.equal(
        await completions.openRequest({ kind: 'applicant', userId: stranger.account.id }, id, 'sv'),
        undefined,
        'SEC-14 not theirs',
      );
      assert.deepEqual(
        await completions.answer(
          { kind: 'applicant', userId: stranger.account.id },
          id,
          { 'tillgangar.bankBalance': '5' },
          'sv',
          0,
        ),
        { outcome: 'notFound' },
      );

      const open = await completions.openRequest(applicant(), id, 'sv');
      assert.deepEqual(open?.answers, [
        {
          path: 'tillgangar.bankBalance',
          label: 'Tillgångar – Hur mycket pengar finns på alla bankkonton tillsammans?',
          value: '1 200 kr',
          reason: 'Fel saldo.',
        },
      ]);
      const bad = await completions.answer(
        applicant(),
        id,
        { 'tillgangar.bankBalance': 'tusen' },
        'sv',
        0,
      );
      assert.equal(bad.outcome, 'invalid');
      assert.deepEqual(
        bad.errors.map(({ text, href }) => [text, href]),
        [
          [
            '”Hur mycket pengar finns på alla bankkonton tillsammans?”: Beloppet innehåller bokstäver. Skriv beloppet med siffror, till exempel 1\u00a0234,50.',
            '#f-tillgangar-bankBalance',
          ],
        ],
      );
      assert.equal(await statusOf(id), 'komplettering-begard');

      const sent = await completions.answer(
        applicant(),
        id,
        { 'tillgangar.bankBalance': '1 250,50', 'tillgangar.hasShares': 'ja' },
        'sv',
        // The invalid answer above was saved as the draft: version 1.
        1,
      );
      assert.deepEqual(sent, { outcome: 'sent' });
      assert.deepEqual(
        await completions.answer(applicant(), id, { 'tillgangar.bankBalance': '1' }, 'sv', 1),
        { outcome: 'stale' },
      );
      assert.equal(await statusOf(id), 'kompletterad');
      const request = await database.db
        .selectFrom('completion_request')
        .selectAll()
        .where('application_id', '=', id)
        .executeTakeFirstOrThrow();
      assert.deepEqual(JSON.parse(request.changes ?? ''), [
        {
          path: 'tillgangar.bankBalance',
          label: 'Tillgångar – Hur mycket pengar finns på alla bankkonton tillsammans?',
          before: '1 200 kr',
          after: '1 250,50 kr',
        },
      ]);
      const answersAfter = JSON.parse(request.answers_after ?? '{}') as Record<string, object>;
      assert.deepEqual(answersAfter.tillgangar, {
        bankBalance: 125_050,
        hasShares: 'nej',
        hasVehicle: 'nej',
        hasProperty: 'nej',
      });
      const snapshot = await database.db
        .selectFrom('submission')
        .select('snapshot')
        .where('application_id', '=', id)
        .executeTakeFirstOrThrow();
      assert.match(snapshot.snapshot, /"bankBalance":120000/);

      // Round two: the caseworker marks a yes/no whose "yes" needs more answers.
      clock.advanceMinutes(1);
      await caseMarks.mark(fresh(caseworker), id, 'answer:tillgangar.hasVehicle', 'Du har en bil.');
      const again = await completionRequests.request(fresh(caseworker), id, {
        dueDate: '2026-12-02',
        message: '',
      });
      assert.equal(again.outcome, 'requested', 'from kompletterad too');
      const second = await completions.openRequest(applicant(), id, 'sv');
      assert.deepEqual(
        second?.answers.map((one) => [one.path, one.value]),
        [
          ['tillgangar.bankBalance', '1 250,50 kr'],
          ['tillgangar.hasVehicle', 'Nej'],
          // The questions "Ja" opens come with it, to be answered on the same page.
          ['tillgangar.vehicleRegistration', ''],
          ['tillgangar.vehicleValue', ''],
        ],
      );
      const needsMore = await completions.answer(
        applicant(),
        id,
        { 'tillgangar.bankBalance': '1 250,50', 'tillgangar.hasVehicle': 'ja' },
        'sv',
        0,
      );
      assert.equal(needsMore.outcome, 'invalid');
      assert.deepEqual(
        needsMore.errors.map((error) => error.href),
        ['#f-tillgangar-vehicleRegistration', '#f-tillgangar-vehicleValue'],
      );
      const answered = await completions.answer(
        applicant(),
        id,
        {
          'tillgangar.bankBalance': '1 250,50',
          'tillgangar.hasVehicle': 'ja',
          'tillgangar.vehicleRegistration': 'ABC 123',
          'tillgangar.vehicleValue': '15 000',
        },
        'sv',
        (await completions.openRequest(applicant(), id, 'sv'))?.draftVersion ?? -1,
      );
      assert.equal(answered.outcome, 'sent');
    });

    it('parallel sends of one completion make one change and one event', async () => {
      const { caseMarks, completionRequests, completions, database } = opened.services;
      const id = await sentApplication(opened.services, owner, 'under-handlaggning', 6);
      await caseMarks.mark(fresh(caseworker), id, 'answer:meddelande.message', 'Oklart.');
      await completionRequests.request(fresh(caseworker), id, {
        dueDate: '2026-12-01',
        message: '',
      });
      const results = await Promise.all(
        [1, 2, 3, 4].map((n) =>
          completions.answer(applicant(), id, { 'meddelande.message': `Svar ${n}` }, 'sv', 0),
        ),
      );
      assert.equal(results.filter((result) => result.outcome === 'sent').length, 1);
      assert.ok(results.every((result) => ['sent', 'stale'].includes(result.outcome)));
      const events = await database.db
        .selectFrom('application_event')
        .select('to_status')
        .where('application_id', '=', id)
        .where('to_status', '=', 'kompletterad')
        .execute();
      assert.equal(events.length, 1);
    });

    it('old snapshots without row paths get them from their answers', async () => {
      const id = await sentApplication(opened.services, owner, 'inkommen', 5, {
        oldSnapshot: true,
      });
      const who = fresh(caseworker);
      const details = await opened.services.cases.open(who, id);
      const paths = details?.sections.flatMap((section) => section.rows.map((row) => row.path));
      assert.deepEqual(paths, [
        'tillgangar.bankBalance',
        'tillgangar.hasShares',
        'tillgangar.hasVehicle',
        'tillgangar.hasProperty',
        'meddelande.message',
      ]);
      const summary = summarize(form, {}, sv);
      assert.deepEqual(withRowPaths(summary, undefined, {}, sv), summary);
    });
  });
}
