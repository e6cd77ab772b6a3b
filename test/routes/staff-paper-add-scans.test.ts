import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import sharp from 'sharp';
import type { DraftValues } from '../../forms/types';
import { answersFor, familyAnswers, rowVersionOf } from '../helpers/application';
import { linkNamed, messageFor } from '../helpers/fields';
import { csrfTokenOf, errorSummaryLinks, getPage, textOf, type Agent } from '../helpers/http';
import { ManualClock } from '../helpers/manual-clock';
import {
  familyDraft,
  familyPagesWithLongMessage,
  familyPaperPdf,
  longMessage,
} from '../helpers/paper-application';
import {
  ADD_SCANS_LABEL,
  addScans,
  draftPathOf,
  registerReceived,
  startByHand,
  typeCodes,
  uploadScans,
} from '../helpers/paper-registration';
import { pdfPageImages, popplerSkipReason } from '../helpers/pdf';
import { staffAgent } from '../helpers/staff';
import { useTestApp, type TestApp } from '../helpers/test-services';

const CASEWORKER_9901 = [{ municipalityCode: '9901', role: 'caseworker' as const }];

/** A photo of a page without codes: the signed page of a form filled in by hand. */
function blankPhoto(): Promise<Buffer> {
  return sharp({ create: { width: 827, height: 1170, channels: 3, background: '#ffffff' } })
    .jpeg()
    .toBuffer();
}

/** The draft's row and its files, in the order they are listed. */
async function stored(testApp: TestApp, id: string) {
  const db = testApp.services.database.db;
  const application = await db
    .selectFrom('application')
    .select(['answers', 'input', 'row_version', 'status'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  const files = await db
    .selectFrom('attachment')
    .select(['name', 'media_type'])
    .where('application_id', '=', id)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const blobs = await db
    .selectFrom('blob')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return {
    answers: JSON.parse(application.answers) as DraftValues,
    rowVersion: application.row_version,
    status: application.status,
    files: files.map((file) => file.name),
    blobs: Number(blobs.n),
  };
}

async function auditOf(testApp: TestApp, response: { headers: Record<string, string> }) {
  const rows = await testApp.services.auditLog.ofRequest(response.headers['x-request-id'] ?? '');
  return rows.map((row) => [row.action, row.outcome, row.subject]);
}

/** The scans the registration's page lists, by name. */
function listedScans($: Awaited<ReturnType<typeof getPage>>['$']): string[] {
  return $('section[aria-labelledby="scans-heading"] li a')
    .toArray()
    .map((link) => $(link).text().trim());
}

/** What the registration's page says about the pages read (its first message box). */
function noteOf($: Awaited<ReturnType<typeof getPage>>['$']): string {
  return $('main .message-box').first().text().replace(/\s+/g, ' ').trim();
}

/** One staff step page posted as a browser would. */
async function postPaperStep(agent: Agent, draftPath: string, stepId: string) {
  const path = `${draftPath}/steg/${stepId}`;
  const { $ } = await getPage(agent, path);
  return agent
    .post(path)
    .type('form')
    .send({
      ...answersFor(stepId),
      _action: 'next',
      _csrf: csrfTokenOf($),
      _version: rowVersionOf($),
    });
}

describe('Registrera pappersansökan: pages added to a started registration', () => {
  const clock = new ManualClock('2026-11-24T08:30:00Z');
  const testApp = useTestApp({ clock });

  it('a registration filled in by hand keeps a photo of the signed paper, listed and registered with it', async () => {
    const { agent } = await staffAgent(testApp(), CASEWORKER_9901);
    const draftPath = draftPathOf(await startByHand(agent));
    const id = draftPath.split('/').pop() ?? '';
    for (const [stepId] of familyAnswers) {
      const response = await postPaperStep(agent, draftPath, stepId);
      assert.equal(response.status, 303, `${stepId}: ${response.text.slice(0, 1000)}`);
    }
    const empty = await getPage(agent, draftPath);
    assert.deepEqual(listedScans(empty.$), []);
    assert.match(textOf(empty.$, 'main'), /Inga bilder laddades upp\./);
    assert.match(
      textOf(empty.$, 'main'),
      /Svaren som redan finns ändras inte\./,
      'with answers, the form says they stay',
    );

    const before = await stored(testApp(), id);
    const added = await addScans(agent, draftPath, [
      { filename: 'underskrift.jpg', bytes: await blankPhoto() },
    ]);
    assert.equal(added.response.status, 303, textOf(added.$, 'main').slice(0, 1000));
    assert.equal(added.response.headers.location, draftPath);
    assert.deepEqual(
      await auditOf(testApp(), added.response),
      [['change', 'ok', id]],
      'SEC-29 one audit row, written with the files',
    );
    const after = await stored(testApp(), id);
    assert.deepEqual(after.files, ['underskrift.jpg']);
    assert.deepEqual(after.answers, before.answers, 'the typed answers stay');
    assert.equal(after.rowVersion, before.rowVersion + 1);

    const page = await getPage(agent, draftPath);
    assert.deepEqual(listedScans(page.$), ['underskrift.jpg']);
    const note = page.$('main .message-box').first();
    assert.equal(note.attr('role'), 'status');
    assert.equal(
      note.text().trim(),
      'Bilden är sparad med ansökan. Svaren ändrades inte, eftersom ansökan redan hade svar. Jämför svaren med pappret.',
    );

    const { response } = await registerReceived(agent, draftPath, '2026-11-23');
    assert.equal(response.status, 303, response.text.slice(0, 1000));
    const registered = await stored(testApp(), id);
    assert.equal(registered.status, 'inkommen');
    assert.deepEqual(registered.files, ['underskrift.jpg']);
    const submission = await testApp()
      .services.database.db.selectFrom('submission')
      .select('snapshot')
      .where('application_id', '=', id)
      .executeTakeFirstOrThrow();
    const snapshot = JSON.parse(submission.snapshot) as { attachments: { name: string }[] };
    assert.deepEqual(
      snapshot.attachments.map((file) => file.name),
      ['underskrift.jpg'],
    );
  });

  describe('parts found in two uploads', () => {
    let skip: string | false = false;
    let pages: Buffer[] = [];
    let parts = 0;
    before(async () => {
      skip = popplerSkipReason();
      if (skip) return;
      ({ pages, parts } = await familyPagesWithLongMessage());
    });

    it('the first page with codes, then the rest added on the draft: all parts read together fill it in', async (t) => {
      if (skip) return t.skip(skip);
      const { agent } = await staffAgent(testApp(), CASEWORKER_9901);
      const codePages = pages.slice(-3);
      const [first, ...rest] = codePages;
      assert.ok(first);
      const uploaded = await uploadScans(agent, [{ filename: 'sida-5.png', bytes: first }]);
      assert.equal(uploaded.response.status, 303, textOf(uploaded.$, '.error-list'));
      const draftPath = uploaded.response.headers.location ?? '';
      const id = draftPath.split('/').pop() ?? '';
      const partly = await getPage(agent, draftPath);
      const note = noteOf(partly.$);
      // The parts missing in one sentence: "Delarna 4, 5 … och 10 av 10 hittades inte."
      assert.match(
        note,
        new RegExp(`Delarna 4, [\\d, ]+ och ${parts} av ${parts} hittades inte\\.`),
      );
      assert.match(
        note,
        /Ladda upp dem här på sidan\. De läses tillsammans med sidorna som redan är inlästa\./,
      );
      const link = linkNamed(partly.$, 'Lägg till skannade sidor');
      assert.equal(link.attr('href'), '#lagg-till-sidor');
      assert.equal(partly.$('#lagg-till-sidor').attr('type'), 'file');
      assert.match(textOf(partly.$, 'main'), /Koderna läses från alla bilder tillsammans/);

      const added = await addScans(
        agent,
        draftPath,
        rest.map((bytes, index) => ({ filename: `sida-${index + 6}.png`, bytes })),
        { shown: partly.$ },
      );
      assert.equal(added.response.status, 303, textOf(added.$, 'main').slice(0, 1000));
      assert.deepEqual(await auditOf(testApp(), added.response), [['change', 'ok', id]]);
      const after = await stored(testApp(), id);
      assert.deepEqual(after.files, ['sida-5.png', 'sida-6.png', 'sida-7.png']);
      assert.deepEqual(after.answers, familyDraft(longMessage(4000)).values);

      const page = await getPage(agent, draftPath);
      assert.match(
        noteOf(page.$),
        /^Alla svar lästes från koderna\. Jämför dem med pappret innan du registrerar\.$/,
      );
      assert.deepEqual(listedScans(page.$), ['sida-5.png', 'sida-6.png', 'sida-7.png']);
      assert.match(textOf(page.$, 'main'), /Svaren.*Łukasz/);
    });
  });

  it('a draft with answers keeps them when pages with other answers are added; the files are attached', async (t) => {
    const skip = popplerSkipReason();
    if (skip) return t.skip(skip);
    const { agent } = await staffAgent(testApp(), CASEWORKER_9901);
    const { content } = await familyPaperPdf();
    const read = await typeCodes(agent, content.qrCodes.join('\n'));
    assert.equal(read.response.status, 303);
    const draftPath = read.response.headers.location ?? '';
    const id = draftPath.split('/').pop() ?? '';
    const before = await stored(testApp(), id);
    assert.deepEqual(before.answers, familyDraft().values);
    // Another paper's codes page: its answers must not replace the ones read.
    const other = pdfPageImages((await familyPaperPdf('Ett annat meddelande.')).pdf, 150).at(-1);
    assert.ok(other);
    const added = await addScans(agent, draftPath, [{ filename: 'koder.png', bytes: other }]);
    assert.equal(added.response.status, 303, textOf(added.$, 'main').slice(0, 1000));
    const after = await stored(testApp(), id);
    assert.deepEqual(after.answers, before.answers);
    assert.deepEqual(after.files, ['koder.png']);
    const page = await getPage(agent, draftPath);
    assert.match(noteOf(page.$), /^Bilden är sparad med ansökan\. Svaren ändrades inte/);
  });

  it('SEC-19 without a valid token: 403 and nothing stored', async () => {
    const { agent } = await staffAgent(testApp(), CASEWORKER_9901);
    const draftPath = draftPathOf(await startByHand(agent));
    const id = draftPath.split('/').pop() ?? '';
    const before = await stored(testApp(), id);
    const files = [{ filename: 'sida.jpg', bytes: await blankPhoto() }];
    for (const token of [null, 'forged']) {
      const { response } = await addScans(agent, draftPath, files, { token });
      assert.equal(response.status, 403, String(token));
      assert.deepEqual(await stored(testApp(), id), before);
    }
  });

  it('SEC-15 SEC-16 another municipality’s draft is a 404 as a missing one, a read-only grant a 403; each one audit row, nothing stored', async () => {
    const owner = await staffAgent(testApp(), CASEWORKER_9901);
    const draftPath = draftPathOf(await startByHand(owner.agent));
    const id = draftPath.split('/').pop() ?? '';
    const shown = (await getPage(owner.agent, draftPath)).$;
    const before = await stored(testApp(), id);
    const files = [{ filename: 'sida.jpg', bytes: await blankPhoto() }];
    const cases = [
      { grants: [{ municipalityCode: '9902', role: 'caseworker' as const }], status: 404 },
      { grants: [{ municipalityCode: '9901', role: 'readonly' as const }], status: 403 },
    ];
    for (const { grants, status } of cases) {
      const { agent } = await staffAgent(testApp(), grants);
      // Their own token: the form as the owner's page shows it, posted from their session.
      const token = csrfTokenOf((await getPage(agent, '/handlaggare')).$);
      const { response } = await addScans(agent, draftPath, files, { shown, token });
      assert.equal(response.status, status, grants[0]?.role);
      assert.deepEqual(await auditOf(testApp(), response), [['change', 'denied', id]]);
      assert.deepEqual(await stored(testApp(), id), before);
    }
  });

  it('a page shown before another change stores nothing and says so', async () => {
    const { agent } = await staffAgent(testApp(), CASEWORKER_9901);
    const draftPath = draftPathOf(await startByHand(agent));
    const id = draftPath.split('/').pop() ?? '';
    const tabA = (await getPage(agent, draftPath)).$;
    // Another tab saves a step meanwhile.
    assert.equal((await postPaperStep(agent, draftPath, 'period')).status, 303);
    const before = await stored(testApp(), id);
    const stale = await addScans(
      agent,
      draftPath,
      [{ filename: 'sida.jpg', bytes: await blankPhoto() }],
      { shown: tabA },
    );
    assert.equal(stale.response.status, 409);
    assert.deepEqual(
      errorSummaryLinks(stale.$).map((link) => [link.text, link.href]),
      [
        [
          'Ansökan har ändrats sedan sidan visades, så bilderna sparades inte. Läs igenom sidan och ladda upp filerna igen.',
          '#lagg-till-sidor',
        ],
      ],
    );
    assert.equal(
      messageFor(stale.$, ADD_SCANS_LABEL),
      'Ansökan har ändrats sedan sidan visades, så bilderna sparades inte. Läs igenom sidan och ladda upp filerna igen.',
    );
    assert.deepEqual(await stored(testApp(), id), before);
    // The page shown is the draft as it is now: posting again from it stores the file.
    assert.equal(rowVersionOf(stale.$), String(before.rowVersion));
    assert.deepEqual(await auditOf(testApp(), stale.response), [['view', 'ok', id]]);
    const again = await addScans(
      agent,
      draftPath,
      [{ filename: 'sida.jpg', bytes: await blankPhoto() }],
      { shown: stale.$ },
    );
    assert.equal(again.response.status, 303);
    assert.deepEqual((await stored(testApp(), id)).files, ['sida.jpg']);
  });

  it('a file that is no picture is refused with the first upload’s message, nothing stored', async () => {
    const { agent } = await staffAgent(testApp(), CASEWORKER_9901);
    const draftPath = draftPathOf(await startByHand(agent));
    const id = draftPath.split('/').pop() ?? '';
    const before = await stored(testApp(), id);
    const refused = await addScans(agent, draftPath, [
      { filename: 'sida.html', bytes: Buffer.from('<html><script>alert(1)</script></html>') },
    ]);
    assert.equal(refused.response.status, 415);
    assert.equal(
      messageFor(refused.$, ADD_SCANS_LABEL),
      'sida.html är inte en PDF eller en JPEG- eller PNG-bild. Ladda upp sidorna i något av de formaten.',
    );
    assert.deepEqual(await stored(testApp(), id), before);
  });
});
