import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Services } from '../../services';
import { PaperRegistration } from '../../services/paper-registration';
import { PaperScannerBusyError, PaperScannerFailedError } from '../../services/paper-scanner';
import { encodeAnswers } from '../../services/paper-qr';
import type { StaffRequest } from '../../services/cases';
import { ManualClock } from '../helpers/manual-clock';
import { familyDraft } from '../helpers/paper-application';
import { samplePdf, samplePng } from '../helpers/sample-files';
import { createTestServices, type TestServices } from '../helpers/test-services';

describe('PaperRegistration', () => {
  let testServices: TestServices;
  let services: Services;
  let who: (role: 'caseworker' | 'readonly') => Promise<StaffRequest>;
  let counter = 0;
  const registrationWith = (scanner: ConstructorParameters<typeof PaperRegistration>[8]) =>
    new PaperRegistration(
      services.database.db,
      services.applications,
      services.attachments,
      services.blobStore,
      services.auditLog,
      services.forms,
      services.municipalities,
      services.clock,
      scanner,
      services.caseDuplicates,
    );
  const count = async (table: 'application' | 'blob' | 'audit_event') =>
    Number(
      (
        await services.database.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('count'))
          .executeTakeFirstOrThrow()
      ).count,
    );

  before(async () => {
    testServices = await createTestServices({ clock: new ManualClock('2026-11-24T08:30:00Z') });
    services = testServices.services;
    who = async (role) => {
      counter += 1;
      const account = await services.accounts.createStaff({
        username: `paper.${counter}`,
        name: `Paper ${counter}`,
        mobile: `+4670666${String(counter).padStart(4, '0')}`,
        grants: [{ municipalityCode: '9901', role }],
      });
      return {
        staff: { account, grants: await services.accounts.grantsOf(account.id) },
        requestId: `request-${counter}`,
      };
    };
  });
  after(() => testServices.cleanup());

  it('refuses while the scanner is busy, keeping nothing', async () => {
    const busy = registrationWith({
      read: () => Promise.reject(new PaperScannerBusyError()),
    });
    const before = [await count('application'), await count('blob')];
    const result = await busy.start(await who('caseworker'), '9901', {
      kind: 'scan',
      files: [{ originalName: 'sida.png', bytes: samplePng() }],
    });
    assert.deepEqual(result, { outcome: 'busy' });
    assert.deepEqual([await count('application'), await count('blob')], before);
  });

  it('a reading that ran out of time or whose worker died is refused with its cause, keeping nothing', async () => {
    const before = [await count('application'), await count('blob')];
    for (const reason of ['timeout', 'failed'] as const) {
      const cause = new Error(reason === 'timeout' ? 'AbortError' : 'ERR_WORKER_OUT_OF_MEMORY');
      const failing = registrationWith({
        read: () => Promise.reject(new PaperScannerFailedError(reason, cause)),
      });
      const result = await failing.start(await who('caseworker'), '9901', {
        kind: 'scan',
        files: [{ originalName: 'skanning.pdf', bytes: await samplePdf() }],
      });
      assert.deepEqual(result, {
        outcome: 'refused',
        refusal: { problem: 'readFailed', reason },
        cause,
      });
    }
    assert.deepEqual([await count('application'), await count('blob')], before);
  });

  it('a reading whose time ran out before any code was found is refused as one that took too long, keeping nothing', async () => {
    const before = [await count('application'), await count('blob')];
    const outOfTime = registrationWith({
      read: () => Promise.resolve({ ok: false, problem: 'outOfTime' }),
    });
    const result = await outOfTime.start(await who('caseworker'), '9901', {
      kind: 'scan',
      files: [{ originalName: 'skanning.pdf', bytes: await samplePdf() }],
    });
    assert.deepEqual(result, {
      outcome: 'refused',
      refusal: { problem: 'readFailed', reason: 'timeout' },
    });
    assert.deepEqual([await count('application'), await count('blob')], before);
  });

  it('SEC-16 a read-only grant starts nothing and is logged as denied', async () => {
    const readonly = await who('readonly');
    const before = await count('application');
    const result = await services.paperRegistration.start(readonly, '9901', { kind: 'hand' });
    assert.deepEqual(result, { outcome: 'forbidden' });
    assert.equal(await count('application'), before);
    const rows = await services.auditLog.ofRequest(readonly.requestId);
    assert.deepEqual(
      rows.map((row) => [row.action, row.outcome, row.role]),
      [['change', 'denied', 'readonly']],
    );
  });

  it('crafted codes past the form’s limits (40 rows of 2,000 characters) store none of it: the step is to correct', async () => {
    const values = structuredClone(familyDraft().values);
    (values.kostnader as Record<string, unknown>).costs = Array.from({ length: 40 }, (_, i) => ({
      type: 'annat',
      description: `${i}`.padEnd(2000, 'x'),
      amount: 10_000,
    }));
    const codes = encodeAnswers({ formId: 'ekonomiskt-bistand', formVersion: 1, values });
    const result = await services.paperRegistration.start(await who('caseworker'), '9901', {
      kind: 'codes',
      text: codes.join('\n'),
    });
    assert.equal(result.outcome, 'started');
    assert.deepEqual(result.note, { kind: 'read', stepsWithErrors: 1 });
    assert.equal(result.record.draft.values.kostnader, undefined);
    assert.ok(JSON.stringify(result.record.draft).length < 20_000, 'the long texts were not kept');
    assert.equal(result.record.channel, 'post');
    assert.equal(result.record.ownerId, null);
  });
  it('a discard from a page shown before the registration (another tab) deletes nothing: still inkommen with its scans', async () => {
    const caseworker = await who('caseworker');
    const reading = registrationWith({
      read: () =>
        Promise.resolve({
          ok: true,
          formId: 'ekonomiskt-bistand',
          formVersion: 1,
          values: familyDraft().values,
        }),
    });
    const started = await reading.start(caseworker, '9901', {
      kind: 'scan',
      files: [{ originalName: 'sida.png', bytes: samplePng() }],
    });
    assert.equal(started.outcome, 'started');
    // Both tabs show the same draft; tab A registers it.
    const shown = started.record;
    const registered = await reading.register(caseworker, shown, shown.rowVersion, '2026-11-20', {
      applicant: true,
      coApplicant: true,
    });
    assert.equal(registered.outcome, 'registered');
    const blobsBefore = await count('blob');
    const auditBefore = await services.auditLog.ofRequest(caseworker.requestId);

    // Tab B presses "Ta bort registreringen" with the version its page was shown with.
    const result = await reading.discard(caseworker, shown, shown.rowVersion);
    assert.equal(result, 'gone', 'no longer a draft: nothing to show again');
    const db = services.database.db;
    const application = await db
      .selectFrom('application')
      .select(['status', 'row_version'])
      .where('id', '=', shown.id)
      .executeTakeFirstOrThrow();
    assert.equal(application.status, 'inkommen');
    const attachments = await db
      .selectFrom('attachment')
      .select(['name', 'blob_id'])
      .where('application_id', '=', shown.id)
      .execute();
    assert.deepEqual(
      attachments.map((row) => row.name),
      ['sida.png'],
    );
    assert.equal(await count('blob'), blobsBefore, 'no scan was deleted');
    assert.ok(await services.blobStore.get(attachments[0]?.blob_id ?? ''), 'the bytes are there');
    // One audit row more, saying the discard was refused (rows of one time come in any order).
    const refused = (rows: typeof auditBefore) =>
      rows.filter((row) => row.action === 'change' && row.outcome === 'invalid').length;
    const auditAfter = await services.auditLog.ofRequest(caseworker.requestId);
    assert.equal(auditAfter.length, auditBefore.length + 1);
    assert.equal(refused(auditAfter), refused(auditBefore) + 1);
  });

  it('a discard with the version shown deletes the draft and its scans; an older version deletes nothing', async () => {
    const caseworker = await who('caseworker');
    const started = await services.paperRegistration.start(caseworker, '9901', { kind: 'hand' });
    assert.equal(started.outcome, 'started');
    const record = started.record;
    assert.equal(
      await services.paperRegistration.discard(caseworker, record, record.rowVersion - 1),
      'stale',
    );
    assert.ok(
      await services.applications.find(services.paperRegistration.actorOf(caseworker), record.id),
    );
    assert.equal(
      await services.paperRegistration.discard(caseworker, record, record.rowVersion),
      'discarded',
    );
    const gone = await services.database.db
      .selectFrom('application')
      .select('id')
      .where('id', '=', record.id)
      .execute();
    assert.deepEqual(gone, []);
  });
});
