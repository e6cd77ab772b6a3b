import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fixedClock, postStep } from '../helpers/application';
import {
  BILAGOR,
  listedFiles,
  loggedInApplicant,
  reachAttachmentStep,
} from '../helpers/attachments';
import { buttonNamed, checkedOptions, optionOf } from '../helpers/fields';
import { errorSummaryLinks, getPage, textOf, type Page } from '../helpers/http';
import { submitAsBrowser, tick } from '../helpers/submit-as-browser';
import { largePdf, samplePng } from '../helpers/sample-files';
import { useTestApp, type TestApp } from '../helpers/test-services';

const CHECKLIST = 'Det här skickar jag med';
const RENT = 'Hyresavi eller hyreskontrakt';
const DOCTOR = 'Läkarintyg';
const EXE = Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1');

async function applicantAtAttachments(testApp: TestApp) {
  const applicant = await loggedInApplicant(testApp.app, testApp.services);
  await reachAttachmentStep(applicant.agent);
  return applicant;
}

/** The Bilagor page with two boxes ticked by the applicant but not yet saved. */
async function tickedNotSaved(agent: Parameters<typeof getPage>[0]): Promise<Page> {
  const { $ } = await getPage(agent, BILAGOR);
  tick($, optionOf($, CHECKLIST, RENT));
  tick($, optionOf($, CHECKLIST, DOCTOR));
  return $;
}

describe('what is ticked on the Bilagor step survives an upload', () => {
  const testApp = useTestApp({ clock: fixedClock });

  it('ticks not yet saved are still ticked on the page after "Ladda upp", and are saved', async () => {
    const { agent } = await applicantAtAttachments(testApp());
    const $ = await tickedNotSaved(agent);
    const uploaded = await submitAsBrowser(agent, $, buttonNamed($, 'Ladda upp'), {
      filer: [{ filename: 'hyra.png', bytes: samplePng() }],
    });
    assert.equal(uploaded.response.status, 303, uploaded.response.text.slice(0, 1500));
    const after = await getPage(agent, uploaded.response.headers.location ?? '');
    assert.deepEqual(checkedOptions(after.$, CHECKLIST), [RENT, DOCTOR]);
    assert.deepEqual(
      listedFiles(after.$).map((file) => file.name),
      ['hyra.png'],
    );
    // Saved: a fresh look at the step (another tab, a later visit) shows them too.
    const fresh = await getPage(agent, BILAGOR);
    assert.deepEqual(checkedOptions(fresh.$, CHECKLIST), [RENT, DOCTOR]);
  });

  it('a file of the wrong type comes back with its message and the ticks in place; "Nästa" then saves', async () => {
    const { agent } = await applicantAtAttachments(testApp());
    const $ = await tickedNotSaved(agent);
    const refused = await submitAsBrowser(agent, $, buttonNamed($, 'Ladda upp'), {
      filer: [{ filename: 'virus.exe', bytes: EXE }],
    });
    assert.equal(refused.response.status, 415);
    assert.deepEqual(
      errorSummaryLinks(refused.$).map((link) => link.text),
      ['Filen virus.exe är inte en PDF eller bild. Du kan skicka PDF, JPEG, PNG eller HEIC.'],
    );
    assert.deepEqual(checkedOptions(refused.$, CHECKLIST), [RENT, DOCTOR]);
    // The page's row version is the one saved with the upload: "Nästa" goes on.
    tick(refused.$, optionOf(refused.$, CHECKLIST, DOCTOR), false);
    const next = await submitAsBrowser(agent, refused.$, buttonNamed(refused.$, 'Nästa').last());
    assert.equal(next.response.status, 303, next.response.text.slice(0, 1500));
    const back = await getPage(agent, BILAGOR);
    assert.deepEqual(checkedOptions(back.$, CHECKLIST), [RENT]);
  });

  it('"Ladda upp" with no file chosen asks for one and keeps the ticks', async () => {
    const { agent } = await applicantAtAttachments(testApp());
    const $ = await tickedNotSaved(agent);
    const empty = await submitAsBrowser(agent, $, buttonNamed($, 'Ladda upp'));
    assert.equal(empty.response.status, 400);
    assert.deepEqual(
      errorSummaryLinks(empty.$).map((link) => link.text),
      ['Välj en eller flera filer att ladda upp.'],
    );
    assert.deepEqual(checkedOptions(empty.$, CHECKLIST), [RENT, DOCTOR]);
  });

  it('a file over 10 MB stops the upload (413): the ticks sent before it are shown, not saved', async () => {
    const { agent } = await applicantAtAttachments(testApp());
    const $ = await tickedNotSaved(agent);
    const big = await submitAsBrowser(agent, $, buttonNamed($, 'Ladda upp'), {
      filer: [{ filename: 'stor.pdf', bytes: largePdf(10.5) }],
    });
    assert.equal(big.response.status, 413);
    assert.match(errorSummaryLinks(big.$)[0]?.text ?? '', /Filen stor\.pdf är för stor/);
    assert.deepEqual(checkedOptions(big.$, CHECKLIST), [RENT, DOCTOR]);
    const saved = await getPage(agent, BILAGOR);
    assert.deepEqual(checkedOptions(saved.$, CHECKLIST), []);
  });

  it('"Ta bort" on a file keeps the ticks too', async () => {
    const { agent } = await applicantAtAttachments(testApp());
    const first = await getPage(agent, BILAGOR);
    await submitAsBrowser(agent, first.$, buttonNamed(first.$, 'Ladda upp'), {
      filer: [{ filename: 'hyra.png', bytes: samplePng() }],
    });
    const $ = await tickedNotSaved(agent);
    const removed = await submitAsBrowser(agent, $, buttonNamed($, 'Ta bort hyra.png (fil 1)'));
    assert.equal(removed.response.status, 303, removed.response.text.slice(0, 1500));
    const after = await getPage(agent, removed.response.headers.location ?? '');
    assert.deepEqual(listedFiles(after.$), []);
    assert.deepEqual(checkedOptions(after.$, CHECKLIST), [RENT, DOCTOR]);
  });

  it('a page older than a save in another tab: the file is stored, the ticks are shown as ticked but not saved (409)', async () => {
    const { agent } = await applicantAtAttachments(testApp());
    const $ = await tickedNotSaved(agent);
    // Another tab saves the step meanwhile.
    assert.equal(
      (await postStep(agent, 'bilagor', { enclosed: ['kontoutdrag'] }, 'back')).status,
      303,
    );
    const stale = await submitAsBrowser(agent, $, buttonNamed($, 'Ladda upp'), {
      filer: [{ filename: 'hyra.png', bytes: samplePng() }],
    });
    assert.equal(stale.response.status, 409);
    assert.match(textOf(stale.$, '#stale-notice'), /Ansökan har ändrats i en annan flik/);
    assert.deepEqual(checkedOptions(stale.$, CHECKLIST), [RENT, DOCTOR]);
    assert.deepEqual(
      listedFiles(stale.$).map((file) => file.name),
      ['hyra.png'],
    );
    const saved = await getPage(agent, BILAGOR);
    assert.deepEqual(
      checkedOptions(saved.$, CHECKLIST),
      ['Kontoutdrag för de senaste 3 månaderna, för alla konton'],
      'the other tab’s save is not overwritten',
    );
    // Pressed again from the page that came back, the upload saves what it shows.
    const again = await submitAsBrowser(agent, stale.$, buttonNamed(stale.$, 'Nästa').last());
    assert.equal(again.response.status, 303);
    const now = await getPage(agent, BILAGOR);
    assert.deepEqual(checkedOptions(now.$, CHECKLIST), [RENT, DOCTOR]);
  });
});
