import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { checkPdf } from '../../services/pdf-active-content';
import { PdfChecker } from '../../services/pdf-checker';
import { activePdfs, minimalPdf } from '../helpers/active-pdfs';
import { samplePdf } from '../helpers/sample-files';

const found = async (bytes: Buffer) => {
  const result = await checkPdf(bytes, 10_000);
  assert.ok(result.outcome === 'checked', JSON.stringify(result));
  return result.found;
};

describe('active content in a PDF (pdf.js)', () => {
  it('finds nothing in a PDF a program wrote, a bare page or a page with a web link', async () => {
    assert.deepEqual(await found(await samplePdf()), []);
    assert.deepEqual(await found(minimalPdf({})), []);
    assert.deepEqual(await found(minimalPdf({ objectStream: true })), []);
    assert.deepEqual(await found(activePdfs.webLink()), []);
    assert.deepEqual(await found(activePdfs.bookmarks()), []);
  });

  it('finds JavaScript run when the document opens, in the name tree, on a page or a field', async () => {
    assert.deepEqual(await found(activePdfs.openActionJavaScript()), ['javascript']);
    assert.deepEqual(await found(activePdfs.javaScriptNameTree()), ['javascript']);
    assert.deepEqual(await found(activePdfs.pageOpenJavaScript()), ['javascript']);
    assert.deepEqual(await found(activePdfs.fieldJavaScript()), ['javascript']);
  });

  it('finds JavaScript on a link, also in an object stream (as an action pdf.js does not describe)', async () => {
    assert.deepEqual(await found(activePdfs.linkJavaScript()), ['javascript', 'otherAction']);
    assert.deepEqual(await found(activePdfs.linkJavaScript(true)), ['javascript', 'otherAction']);
  });

  it('finds a Launch action, as the OpenAction or on a link', async () => {
    assert.deepEqual(await found(activePdfs.openActionLaunch()), ['launch']);
    assert.deepEqual(await found(activePdfs.linkLaunch()), ['launch']);
    assert.deepEqual(await found(activePdfs.bookmarkLaunch()), ['launch']);
  });

  it('SEC-25 finds an action that opens, reads in or sends to another file or address when the document opens', async () => {
    assert.deepEqual(await found(activePdfs.openActionRemoteFile()), ['launch']);
    assert.deepEqual(await found(activePdfs.openActionRemoteFile(true)), ['launch']);
    assert.deepEqual(await found(activePdfs.openActionImportData()), ['launch']);
    assert.deepEqual(await found(activePdfs.openActionSubmitForm()), ['otherAction']);
  });

  it('SEC-25 finds a Launch as the OpenAction or a page’s action inside a compressed object stream', async () => {
    const hidden = activePdfs.openActionLaunch(true);
    assert.ok(!hidden.toString('latin1').includes('Launch'));
    assert.deepEqual(await found(hidden), ['launch']);
    assert.deepEqual(await found(activePdfs.pageOpenLaunch(true)), ['launch']);
    assert.deepEqual(await found(activePdfs.pageOpenLaunch()), ['launch']);
  });

  it('SEC-25 finds a Launch in an object stream however it is stored or named, and fails closed on a filter it cannot read', async () => {
    assert.deepEqual(await found(activePdfs.openActionLaunchPacked('none')), ['launch']);
    // Hex over Flate: pdf.js reads it, this check does not decode hex, so it cannot rule it out.
    assert.ok((await found(activePdfs.openActionLaunchPacked('hexFlate'))).includes('otherAction'));
    const packed = activePdfs.openActionLaunch(true).toString('latin1');
    const renamed = Buffer.from(
      packed
        .replace('/Type /ObjStm', '/Type /Obj#53tm')
        .replace('/FlateDecode /Length', '/Flate#44ecode /Length'),
      'latin1',
    );
    assert.deepEqual(await found(renamed), ['launch']);
    // "N 0" and "obj" on lines of their own (the same length, so the offsets stay right).
    const split = Buffer.from(
      packed.replace(/(\d+) 0 obj\n<< \/Type \/ObjStm/, '$1 0\nobj\n<< /Type /ObjStm'),
      'latin1',
    );
    assert.deepEqual(await found(split), ['launch']);
  });

  it('SEC-25 a string that looks like a stream keyword does not hide a Launch after it', async () => {
    const hidden = minimalPdf({
      catalog: '/Lang (stream\n) /OpenAction << /S /Launch /F (cmd.exe) >>',
    });
    assert.deepEqual(await found(hidden), ['launch']);
  });

  it('an object stream that inflates past its bound cannot be ruled out: an undescribed action', async () => {
    const bomb = minimalPdf({
      extra: [`(${'0'.repeat(17 * 1024 * 1024)})`],
      objectStream: true,
    });
    assert.ok(bomb.length < 100_000);
    assert.ok((await found(bomb)).includes('otherAction'));
  });

  it('finds embedded files and file attachment annotations', async () => {
    assert.deepEqual(await found(activePdfs.embeddedFile()), ['embeddedFile']);
    assert.deepEqual(await found(activePdfs.fileAttachmentAnnotation()), ['embeddedFile']);
  });

  it('finds an XFA form', async () => {
    assert.deepEqual(await found(activePdfs.xfa()), ['xfa']);
  });

  it('finds what sits in a compressed object stream, which no byte search would see', async () => {
    const hidden = activePdfs.openActionJavaScript(true);
    assert.ok(!hidden.toString('latin1').includes('JavaScript'));
    assert.deepEqual(await found(hidden), ['javascript']);
    assert.deepEqual(await found(activePdfs.javaScriptNameTree(true)), ['javascript']);
    assert.deepEqual(await found(activePdfs.pageOpenJavaScript(true)), ['javascript']);
    assert.deepEqual(await found(activePdfs.linkLaunch(true)), ['launch']);
    assert.deepEqual(await found(activePdfs.bookmarkLaunch(true)), ['launch']);
    assert.deepEqual(await found(activePdfs.embeddedFile(true)), ['embeddedFile']);
  });

  it('reads names written with #xx escapes as the reader does', async () => {
    const escaped = minimalPdf({ catalog: '/OpenAction << /S /L#61unch /F (cmd.exe) >>' });
    assert.deepEqual(await found(escaped), ['launch']);
  });

  it('says so when pdf.js cannot open the file at all', async () => {
    const broken = Buffer.from('%PDF-1.7\nnothing else\n', 'latin1');
    assert.equal((await checkPdf(broken, 10_000)).outcome, 'unreadable');
  });
});

describe('the PDF check worker', () => {
  const checker = new PdfChecker();
  const hurried = new PdfChecker(undefined, { timeoutMs: 1 });
  after(async () => {
    await checker.close();
    await hurried.close();
  });

  it('checks in a worker thread: clean, active or unreadable', async () => {
    assert.deepEqual(await checker.check(await samplePdf()), { outcome: 'clean' });
    assert.deepEqual(await checker.check(activePdfs.openActionJavaScript(true)), {
      outcome: 'active',
      found: ['javascript'],
    });
    const broken = Buffer.from('%PDF-1.7\nnothing else\n', 'latin1');
    assert.deepEqual(await checker.check(broken), { outcome: 'unreadable' });
  });

  it('gives up on a check that takes longer than its time: not checked, never a hang', async () => {
    assert.deepEqual(await hurried.check(await samplePdf()), {
      outcome: 'unchecked',
      reason: 'timeout',
    });
  });
});
