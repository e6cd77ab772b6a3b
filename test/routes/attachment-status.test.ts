import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fixedClock } from '../helpers/application';
import {
  BILAGOR,
  listedFiles,
  loggedInApplicant,
  reachAttachmentStep,
  uploadFiles,
} from '../helpers/attachments';
import { askForCompletion, caseUnderHandling } from '../helpers/completion';
import { buttonNamed } from '../helpers/fields';
import { errorSummaryLinks, fold, getPage, type Agent, type Page } from '../helpers/http';
import { ManualClock } from '../helpers/manual-clock';
import { samplePdf, samplePng } from '../helpers/sample-files';
import { submitAsBrowser } from '../helpers/submit-as-browser';
import { useTestApp } from '../helpers/test-services';

const EXE = Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1');

/**
 * The status line of the list of files, as a screen reader meets it after an upload or a
 * removal: the element the address's fragment names (the browser focuses it on load), with
 * role="status". Undefined when the fragment leads to something else (the list's heading).
 */
function statusAt($: Page, address: string): string | undefined {
  const fragment = address.split('#')[1] ?? '';
  const target = $(`[id="${fragment}"]`);
  assert.equal(target.length, 1, `#${fragment} is on the page`);
  assert.equal(target.attr('tabindex'), '-1', 'the target takes the focus');
  if (target.attr('role') !== 'status') {
    assert.ok(target.is('h3'), 'without a status, the list heading');
    return undefined;
  }
  // The list is still named by its heading.
  const list = $('ul.file-item-list');
  if (list.length > 0) {
    assert.ok($(`#${list.attr('aria-labelledby') ?? ''}`).is('h3.portal-uploads__list-heading'));
  }
  return fold(target.text());
}

/** Follows a redirect as the browser does, and the status line it lands on. */
async function landOn(agent: Agent, location: string) {
  const { $ } = await getPage(agent, location);
  return { $, status: statusAt($, location) };
}

describe('the list of uploaded files says what an upload or removal did', () => {
  const testApp = useTestApp({ clock: fixedClock });

  it('on the Bilagor step: the files uploaded by name, then the one removed, each said once', async () => {
    const { app, services } = testApp();
    const { agent } = await loggedInApplicant(app, services);
    await reachAttachmentStep(agent);
    const { response } = await uploadFiles(agent, [
      { filename: 'hyra.pdf', bytes: await samplePdf(), contentType: 'application/pdf' },
      { filename: 'lön.png', bytes: samplePng(), contentType: 'image/png' },
    ]);
    assert.equal(response.status, 303);
    const location = response.headers.location ?? '';
    const uploaded = await landOn(agent, location);
    assert.equal(uploaded.status, 'Filerna hyra.pdf och lön.png är uppladdade.');

    // A reload says it no more, and lands on the list's heading.
    assert.equal((await landOn(agent, location)).status, undefined);

    const one = await uploadFiles(agent, [
      { filename: 'kvitto.png', bytes: samplePng(), contentType: 'image/png' },
    ]);
    assert.equal(
      (await landOn(agent, one.response.headers.location ?? '')).status,
      'Filen kvitto.png är uppladdad.',
    );

    const { $ } = await getPage(agent, BILAGOR);
    const removed = await submitAsBrowser(agent, $, buttonNamed($, 'Ta bort lön.png (fil 3)'));
    assert.equal(removed.response.status, 303);
    const after = await landOn(agent, removed.response.headers.location ?? '');
    assert.equal(after.status, 'Filen lön.png är borttagen.');
    assert.deepEqual(
      listedFiles(after.$).map((file) => file.name),
      ['hyra.pdf', 'kvitto.png'],
    );
  });

  it('an upload with a refused file names the files that were stored beside the error', async () => {
    const { app, services } = testApp();
    const { agent } = await loggedInApplicant(app, services);
    await reachAttachmentStep(agent);
    const { response, $ } = await uploadFiles(agent, [
      { filename: 'hyra.png', bytes: samplePng(), contentType: 'image/png' },
      { filename: 'program.exe', bytes: EXE, contentType: 'application/octet-stream' },
    ]);
    assert.equal(response.status, 415);
    assert.match(errorSummaryLinks($)[0]?.text ?? '', /program\.exe/);
    assert.equal(fold($('[role=status]#uploaded-files').text()), 'Filen hyra.png är uppladdad.');
    // The error summary takes the focus; the status is there for whoever reads on.
    assert.equal($('[autofocus]').attr('id'), 'error-summary');
  });

  it('in English', async () => {
    const { app, services } = testApp();
    const { agent } = await loggedInApplicant(app, services);
    await reachAttachmentStep(agent);
    await getPage(agent, `/sprak/en?tillbaka=${encodeURIComponent(BILAGOR)}`);
    const { $ } = await getPage(agent, BILAGOR);
    const { response } = await submitAsBrowser(agent, $, buttonNamed($, 'Upload'), {
      filer: [
        { filename: 'a.png', bytes: samplePng() },
        { filename: 'b.pdf', bytes: await samplePdf() },
      ],
    });
    assert.equal(
      (await landOn(agent, response.headers.location ?? '')).status,
      'The files a.png and b.pdf have been uploaded.',
    );
  });
});

describe('the completion page says what an upload or removal did', () => {
  const clock = new ManualClock('2026-11-24T08:30:00Z');
  const testApp = useTestApp({ clock });

  it('the file uploaded, then the file removed', async () => {
    const inHand = await caseUnderHandling(testApp());
    const path = await askForCompletion(inHand, {
      papers: [['Lönebesked och beslut om ersättningar', 'Lönebesked för november saknas.']],
    });
    const { agent } = inHand.sent;
    const first = await getPage(agent, path);
    assert.equal(first.$('[role=status]').length, 0, 'nothing to say on a plain load');
    const uploaded = await submitAsBrowser(agent, first.$, buttonNamed(first.$, 'Ladda upp'), {
      filer: [{ filename: 'lönebesked.pdf', bytes: await samplePdf('Lön') }],
    });
    assert.equal(uploaded.response.status, 303);
    const afterUpload = await landOn(agent, uploaded.response.headers.location ?? '');
    assert.equal(afterUpload.status, 'Filen lönebesked.pdf är uppladdad.');

    const removed = await submitAsBrowser(
      agent,
      afterUpload.$,
      buttonNamed(afterUpload.$, 'Ta bort lönebesked.pdf (fil 1)'),
    );
    assert.equal(removed.response.status, 303);
    const afterRemoval = await landOn(agent, removed.response.headers.location ?? '');
    assert.equal(afterRemoval.status, 'Filen lönebesked.pdf är borttagen.');
    assert.equal(afterRemoval.$('ul.file-item-list').length, 0);
  });
});
