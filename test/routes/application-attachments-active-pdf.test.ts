import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import { fixedClock, postStep } from '../helpers/application';
import { activePdfs } from '../helpers/active-pdfs';
import {
  listedFiles,
  loggedInApplicant,
  reachAttachmentStep,
  storedFileCount,
  uploadFiles,
} from '../helpers/attachments';
import { checkedOptions, fieldByLabel } from '../helpers/fields';
import { errorSummaryLinks } from '../helpers/http';
import { samplePdf } from '../helpers/sample-files';
import { useTestApp } from '../helpers/test-services';

const logLines: string[] = [];
const logDestination = new Writable({
  write(chunk: Buffer, _encoding, done) {
    logLines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    done();
  },
});
const logged = () => logLines.map((line) => JSON.parse(line) as Record<string, unknown>);

const activeMessage = (name: string) =>
  `Filen ${name} innehåller kod eller inbäddade filer som vi inte kan ta emot av säkerhetsskäl. ` +
  'Spara eller skriv ut dokumentet som en ny PDF, eller ta ett foto av papperet, och försök igen.';

describe('PDFs with active content on the Bilagor step', () => {
  const testApp = useTestApp({ clock: fixedClock, env: { LOG_LEVEL: 'info' }, logDestination });

  it('SEC-25 a PDF with JavaScript, a Launch action or an embedded file is refused with a message naming it; nothing of it is stored, a clean PDF and the ticked boxes stay', async () => {
    const { app, services } = testApp();
    const { agent } = await loggedInApplicant(app, services);
    await reachAttachmentStep(agent);
    assert.equal(
      (await postStep(agent, 'bilagor', { enclosed: ['hyresavi'] }, 'back')).status,
      303,
    );
    const before = await storedFileCount(services);
    const { response, $ } = await uploadFiles(agent, [
      { filename: 'Hyresavi.pdf', bytes: await samplePdf('Hyresavi') },
      { filename: 'skript.pdf', bytes: activePdfs.openActionJavaScript(true) },
      { filename: 'program.pdf', bytes: activePdfs.linkLaunch() },
      { filename: 'bifogad.pdf', bytes: activePdfs.embeddedFile() },
      { filename: 'länk.pdf', bytes: activePdfs.linkJavaScript() },
    ]);
    assert.equal(response.status, 400);
    assert.deepEqual(
      errorSummaryLinks($),
      ['skript.pdf', 'program.pdf', 'bifogad.pdf', 'länk.pdf'].map((name) => ({
        text: activeMessage(name),
        href: '#upload-files',
      })),
    );
    assert.equal(fieldByLabel($, 'Välj filer').attr('aria-invalid'), 'true');
    assert.deepEqual(
      listedFiles($).map((file) => file.name),
      ['Hyresavi.pdf'],
    );
    assert.deepEqual(checkedOptions($, 'Det här skickar jag med'), [
      'Hyresavi eller hyreskontrakt',
    ]);
    const after = await storedFileCount(services);
    assert.deepEqual(after, { attachments: before.attachments + 1, blobs: before.blobs + 1 });

    // Logged without names: what was found, and the route's count of refusals.
    const found = logged().filter((line) => line.msg === 'PDF with active content');
    assert.deepEqual(found.map((line) => line.found).sort(), [
      ['embeddedFile'],
      ['javascript'],
      ['javascript', 'otherAction'],
      ['launch'],
    ]);
    const uploaded = logged().find((line) => line.msg === 'attachments uploaded');
    assert.deepEqual(uploaded?.refused, [
      'activeContent',
      'activeContent',
      'activeContent',
      'activeContent',
    ]);
    assert.ok(!logLines.some((line) => line.includes('skript.pdf') || line.includes('länk')));
  });

  it('SEC-25 a PDF locked with a password, and one that does not open as a PDF, are refused with what to do', async () => {
    const { app, services } = testApp();
    const { agent } = await loggedInApplicant(app, services);
    await reachAttachmentStep(agent);
    const before = await storedFileCount(services);
    const broken = Buffer.from('%PDF-1.7\n<html><script>alert(1)</script></html>\n', 'latin1');
    const { response, $ } = await uploadFiles(agent, [
      { filename: 'kontoutdrag.pdf', bytes: await samplePdf('Saldo', { userPassword: '1234' }) },
      { filename: 'trasig.pdf', bytes: broken },
    ]);
    assert.equal(response.status, 400);
    assert.deepEqual(errorSummaryLinks($), [
      {
        text:
          'Filen kontoutdrag.pdf är låst med ett lösenord, så vi kan inte öppna den. ' +
          'Spara den utan lösenord, eller ta ett foto av papperet, och försök igen.',
        href: '#upload-files',
      },
      {
        text:
          'Filen trasig.pdf går inte att öppna. Den kan vara trasig. Spara eller skriv ut ' +
          'dokumentet som en ny PDF, eller ta ett foto av papperet, och försök igen.',
        href: '#upload-files',
      },
    ]);
    assert.deepEqual(await storedFileCount(services), before);
  });
});
