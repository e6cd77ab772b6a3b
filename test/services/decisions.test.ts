import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { Services } from '../../services';
import type { StaffRequest } from '../../services/cases';
import {
  outcomeOf,
  readDecisionInput,
  REASON_MAX,
  type DecidedPart,
  type DecisionInput,
} from '../../services/decisions';
import { loadStaffMember } from '../../services/staff-access';
import type { AppliedPart } from '../../forms/types';
import { databaseTargets } from '../helpers/database-targets';
import { ManualClock } from '../helpers/manual-clock';
import { pdfText, popplerSkipReason } from '../helpers/pdf';
import { createApplicant } from '../helpers/login';
import { createStaff } from '../helpers/staff';
import type { TestServices } from '../helpers/test-services';

const PARTS: AppliedPart[] = [
  { id: 'riksnorm', label: 'Riksnormen för hushållet', kind: 'norm', appliedOre: 391_000 },
  { id: 'kostnad-0', label: 'Hyra', kind: 'cost', appliedOre: 785_000 },
];

const input = (
  granted: Record<string, string>,
  reasons: Record<string, string> = {},
): DecisionInput => ({ seenVersion: 0, granted, reasons });

describe('reading a decision', () => {
  it('takes amounts as people write them and requires a reason for less than applied', () => {
    const read = readDecisionInput(
      PARTS,
      input({ riksnorm: '3 910', 'kostnad-0': '6 000,50 kr' }, { 'kostnad-0': ' För dyr.\r\n' }),
    );
    assert.deepEqual(read.problems, []);
    assert.deepEqual(
      read.parts.map((part) => [part.grantedOre, part.reason]),
      [
        [391_000, null],
        [600_050, 'För dyr.'],
      ],
    );
  });

  it('names each problem: missing, not a number, negative, more than applied, no reason, too long, invisible', () => {
    const problems = (granted: string, reason = '') =>
      readDecisionInput(
        PARTS.slice(1),
        input({ 'kostnad-0': granted }, { 'kostnad-0': reason }),
      ).problems.map((problem) => `${problem.field}:${problem.code}`);
    assert.deepEqual(problems(''), ['granted:required']);
    assert.deepEqual(problems('sjutusen'), ['granted:notNumber']);
    assert.deepEqual(problems('-100'), ['granted:negative']);
    assert.deepEqual(problems('7 850,01'), ['granted:moreThanApplied']);
    assert.deepEqual(problems('100'), ['reason:reasonRequired']);
    assert.deepEqual(problems('100', 'x'.repeat(REASON_MAX + 1)), ['reason:reasonTooLong']);
    assert.deepEqual(problems('100', 'Hyran\u202e är för hög'), ['reason:reasonCharacters']);
    assert.deepEqual(problems('7 850', 'Rader\nmed\tbrytningar är bra'), []);
  });

  it('the norm may be set above the estimate (its table may be derived), up to twice it', () => {
    const norm = (granted: string) =>
      readDecisionInput(PARTS.slice(0, 1), input({ riksnorm: granted }, {})).problems.map(
        (problem) => `${problem.field}:${problem.code}`,
      );
    assert.equal(PARTS[0]?.kind, 'norm');
    assert.deepEqual(norm('4 100'), []);
    assert.deepEqual(norm('7 820'), []);
    assert.deepEqual(norm('7 820,01'), ['granted:moreThanNormLimit']);
    assert.deepEqual(norm('39 100'), ['granted:moreThanNormLimit']);
  });

  it('derives the outcome: all granted, some, nothing', () => {
    const decided = (...granted: number[]): DecidedPart[] =>
      PARTS.map((part, index) => ({ ...part, grantedOre: granted[index] ?? 0, reason: null }));
    assert.equal(outcomeOf(decided(391_000, 785_000), 0), 'beviljad');
    assert.equal(outcomeOf(decided(391_000, 600_000), 0), 'delvis-beviljad');
    assert.equal(outcomeOf(decided(0, 1), 0), 'delvis-beviljad');
    assert.equal(outcomeOf(decided(0, 0), 0), 'avslag');
    // Incomes as large as what is granted leave nothing to pay: an avslag, not "Du får 0 kr".
    assert.equal(outcomeOf(decided(391_000, 785_000), 1_176_000), 'avslag');
    assert.equal(outcomeOf(decided(391_000, 785_000), 2_000_000), 'avslag');
    assert.equal(outcomeOf(decided(391_000, 785_000), 1_175_900), 'beviljad');
  });
});

/** A sent application of a single adult in 9901 applying for rent, as SubmissionService leaves it. */
async function handledApplication(services: Services, ownerId: string | null, now: number) {
  const id = randomUUID();
  const answers = {
    period: { period: '2026-12' },
    'om-dig': { firstName: 'Sara', lastName: 'Ek', civilStatus: 'ensamstaende' },
    boende: {
      housingType: 'forstahand',
      street: 'Ekvägen 3',
      postalCode: '12345',
      city: 'Exempelby',
      adults: 1,
      childrenInHome: 0,
    },
    inkomster: { incomes: [{ person: 'sokande', type: 'lon', amount: 200_000 }] },
    kostnader: {
      costs: [
        { type: 'hyra', amount: 785_000, dueDate: '2026-12-31' },
        {
          type: 'annat',
          description: 'Glasögon <b>nya</b>',
          amount: 150_000,
          dueDate: '2026-12-20',
        },
      ],
    },
  };
  const db = services.database.db;
  await db
    .insertInto('application')
    .values({
      id,
      form_id: 'ekonomiskt-bistand',
      form_version: 1,
      municipality_code: '9901',
      owner_id: ownerId,
      channel: 'e-tjanst',
      status: 'under-handlaggning',
      input: '{}',
      answers: '{}',
      row_version: 3,
      created_at: now,
      updated_at: now,
      received_at: now,
    })
    .execute();
  await db
    .insertInto('submission')
    .values({
      application_id: id,
      receipt_number: `EB-${id.slice(0, 4).toUpperCase()}-TEST`,
      submitted_at: now,
      submitted_by: ownerId ?? 'nobody',
      login_method: 'sms',
      snapshot: JSON.stringify({
        formId: 'ekonomiskt-bistand',
        formVersion: 1,
        sections: [],
        answers,
      }),
      pdf: null,
      pdf_sha256: null,
    })
    .execute();
  return id;
}

for (const target of databaseTargets()) {
  describe(`decisions on ${target.name}`, { skip: target.skip || popplerSkipReason() }, () => {
    const clock = new ManualClock('2026-11-24T08:00:00Z');
    let opened: TestServices;
    let caseworker: StaffRequest;
    let reader: StaffRequest;
    let other: StaffRequest;
    before(async () => {
      opened = await target.open({ clock });
      const member = async (grants: Parameters<typeof createStaff>[1]) => {
        const created = await createStaff(opened.services, grants);
        const staff = await loadStaffMember(opened.services.accounts, created.account.id);
        assert.ok(staff);
        return { staff, requestId: randomUUID() };
      };
      caseworker = await member([{ municipalityCode: '9901', role: 'caseworker' }]);
      reader = await member([{ municipalityCode: '9901', role: 'readonly' }]);
      other = await member([{ municipalityCode: '9902', role: 'caseworker' }]);
    });
    after(async () => {
      await opened.cleanup();
    });

    const fresh = (who: StaffRequest): StaffRequest => ({ ...who, requestId: randomUUID() });
    const auditOf = (who: StaffRequest) =>
      opened.services.auditLog
        .ofRequest(who.requestId)
        .then((rows) => rows.map(({ action, outcome, role }) => [action, outcome, role]));

    it('decides in one transaction: status, decision with its letter, event and one audit row', async () => {
      const { services } = opened;
      const owner = await createApplicant(services, { municipalityCode: '9901' });
      const id = await handledApplication(services, owner.account.id, clock.now().getTime());
      // Asked before there is one: no refusal of a right, a request that could not be met.
      const early = randomUUID();
      assert.equal(
        await services.decisions.letterForApplicant(owner.account.id, id, early),
        undefined,
      );
      assert.deepEqual(
        (await services.auditLog.ofRequest(early)).map((event) => [event.action, event.outcome]),
        [['pdf', 'invalid']],
      );
      const basis = await services.decisions.basis(fresh(caseworker), id);
      assert.equal(basis.outcome, 'ok');
      assert.deepEqual(
        basis.view.parts.map((part) => [part.id, part.label, part.appliedOre]),
        [
          ['riksnorm', 'Riksnormen för hushållet', 522_000],
          ['kostnad-0', 'Hyra eller avgift för bostaden', 785_000],
          ['kostnad-1', 'Annat: Glasögon <b>nya</b>', 150_000],
        ],
      );
      assert.equal(basis.view.incomeOre, 200_000);

      const who = fresh(caseworker);
      const result = await services.decisions.decide(who, id, {
        seenVersion: 3,
        granted: { riksnorm: '5 220', 'kostnad-0': '7 850', 'kostnad-1': '0' },
        reasons: { 'kostnad-1': 'Glasögon ingår i riksnormen.' },
      });
      assert.deepEqual(result, { outcome: 'decided', decision: 'delvis-beviljad', sms: 'sent' });
      assert.deepEqual(await auditOf(who), [['change', 'ok', 'caseworker']]);
      const db = services.database.db;
      const app = await db
        .selectFrom('application')
        .select(['status', 'row_version'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      assert.deepEqual(app, { status: 'delvis-beviljad', row_version: 4 });
      const events = await db
        .selectFrom('application_event')
        .select(['from_status', 'to_status', 'actor_id'])
        .where('application_id', '=', id)
        .execute();
      assert.deepEqual(events, [
        {
          from_status: 'under-handlaggning',
          to_status: 'delvis-beviljad',
          actor_id: caseworker.staff.account.id,
        },
      ]);
      const row = await db
        .selectFrom('decision')
        .selectAll()
        .where('application_id', '=', id)
        .executeTakeFirstOrThrow();
      assert.equal(Number(row.total_granted_ore), 1_307_000);
      assert.equal(Number(row.income_ore), 200_000);
      assert.equal(Number(row.payable_ore), 1_107_000);
      assert.equal(row.decided_by, caseworker.staff.account.id);
      const text = pdfText(Buffer.from(row.letter));
      assert.match(text, /Sara Ek Ekvägen 3 123 45 Exempelby/);
      assert.match(
        text,
        /Annat: Glasögon <b>nya<\/b> Du sökte 1 500 kr\. Vi har beviljat 0 kr av det. Glasögon ingår i riksnormen\./,
      );
      assert.match(text, /Du får 11 070 kr\./);

      const decision = await services.decisions.ofApplicant(owner.account.id, id);
      assert.equal(decision?.outcome, 'delvis-beviljad');
      assert.equal(decision.payableOre, 1_107_000);
      assert.equal(await services.decisions.ofApplicant(randomUUID(), id), undefined);
      const letter = await services.decisions.letterForApplicant(
        owner.account.id,
        id,
        randomUUID(),
      );
      assert.ok(letter?.equals(Buffer.from(row.letter)));
      const stranger = randomUUID();
      assert.equal(
        await services.decisions.letterForApplicant(randomUUID(), id, stranger),
        undefined,
      );
      assert.deepEqual(
        (await services.auditLog.ofRequest(stranger)).map((event) => [event.action, event.outcome]),
        [['pdf', 'denied']],
      );

      const second = await services.decisions.decide(fresh(caseworker), id, {
        seenVersion: 4,
        granted: { riksnorm: '0', 'kostnad-0': '0', 'kostnad-1': '0' },
        reasons: {},
      });
      assert.equal(second.outcome, 'notDecidable');
    });

    it('ten decisions posted at once make one', async () => {
      const { services } = opened;
      const id = await handledApplication(services, null, clock.now().getTime());
      const results = await Promise.all(
        Array.from({ length: 10 }, () =>
          services.decisions.decide(fresh(caseworker), id, {
            seenVersion: 3,
            granted: { riksnorm: '5 220', 'kostnad-0': '7 850', 'kostnad-1': '1 500' },
            reasons: {},
          }),
        ),
      );
      assert.equal(results.filter((result) => result.outcome === 'decided').length, 1);
      const rows = await services.database.db
        .selectFrom('decision')
        .select('outcome')
        .where('application_id', '=', id)
        .execute();
      assert.deepEqual(rows, [{ outcome: 'beviljad' }]);
      const events = await services.database.db
        .selectFrom('application_event')
        .select('to_status')
        .where('application_id', '=', id)
        .execute();
      assert.equal(events.length, 1);
    });

    it('SEC-15 SEC-16 refuses another municipality as missing and the read-only role, each with one audit row', async () => {
      const { services } = opened;
      const id = await handledApplication(services, null, clock.now().getTime());
      const all = { riksnorm: '0', 'kostnad-0': '0', 'kostnad-1': '0' };
      const outside = fresh(other);
      assert.deepEqual(
        await services.decisions.decide(outside, id, { seenVersion: 3, granted: all, reasons: {} }),
        { outcome: 'notFound' },
      );
      assert.deepEqual(await auditOf(outside), [['change', 'denied', null]]);
      const outsideLetter = fresh(other);
      assert.equal(await services.decisions.letterForStaff(outsideLetter, id), undefined);
      assert.deepEqual(await auditOf(outsideLetter), [['pdf', 'denied', null]]);
      assert.equal(await services.decisions.ofCase(other.staff, id), undefined);

      const readOnly = fresh(reader);
      assert.deepEqual(
        await services.decisions.decide(readOnly, id, {
          seenVersion: 3,
          granted: all,
          reasons: {},
        }),
        { outcome: 'forbidden' },
      );
      assert.deepEqual(await auditOf(readOnly), [['change', 'denied', 'readonly']]);
      assert.equal((await services.decisions.basis(fresh(reader), id)).outcome, 'forbidden');
      const status = await services.database.db
        .selectFrom('application')
        .select('status')
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      assert.equal(status.status, 'under-handlaggning');
    });

    it('an open mark refuses the decision; a cleared one does not', async () => {
      const { services } = opened;
      const id = await handledApplication(services, null, clock.now().getTime());
      const db = services.database.db;
      await db
        .insertInto('case_mark')
        .values({
          id: randomUUID(),
          application_id: id,
          target: 'attachment:hyresavi',
          reason: 'Hyresavin saknas.',
          created_at: clock.now().getTime(),
          created_by: caseworker.staff.account.id,
          cleared_at: null,
          cleared_by: null,
        })
        .execute();
      const decide = () =>
        services.decisions.decide(fresh(caseworker), id, {
          seenVersion: 3,
          granted: { riksnorm: '0', 'kostnad-0': '0', 'kostnad-1': '0' },
          reasons: { riksnorm: 'Nej.', 'kostnad-0': 'Nej.', 'kostnad-1': 'Nej.' },
        });
      const refused = await decide();
      assert.equal(refused.outcome, 'openMarks');
      assert.equal(refused.count, 1);
      assert.equal((await services.decisions.ofCase(caseworker.staff, id))?.openMarks, 1);
      await db
        .updateTable('case_mark')
        .set({ cleared_at: clock.now().getTime(), cleared_by: caseworker.staff.account.id })
        .where('application_id', '=', id)
        .execute();
      assert.deepEqual(await decide(), { outcome: 'decided', decision: 'avslag', sms: 'letter' });
    });
  });
}
