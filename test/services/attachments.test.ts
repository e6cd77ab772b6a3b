import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { ekonomisktBistand } from '../../forms/ekonomiskt-bistand';
import type { Actor } from '../../services/application-service';
import { AttachmentService, type UploadedFile } from '../../services/attachments';
import { PdfChecker } from '../../services/pdf-checker';
import { activePdfs } from '../helpers/active-pdfs';
import { databaseTargets } from '../helpers/database-targets';
import { ManualClock } from '../helpers/manual-clock';
import {
  pdfOfSize,
  samplePdf,
  samplePng,
  sampleExe,
  sampleHeic,
  sampleHtml,
  sampleJpeg,
  sampleSvg,
  sampleText,
} from '../helpers/sample-files';
import type { TestServices } from '../helpers/test-services';

const anna: Actor = { kind: 'applicant', userId: 'account-anna' };
const bo: Actor = { kind: 'applicant', userId: 'account-bo' };
const anonymous: Actor = { kind: 'anonymous' };

/** Small limits, so the rules show without megabytes of test data. */
const limits = { maxFiles: 3, maxFileBytes: 2000, maxTotalBytes: 3000 };

const file = (originalName: string, bytes: Buffer): UploadedFile => ({ originalName, bytes });

for (const target of databaseTargets()) {
  describe(`attachments on ${target.name}`, { skip: target.skip }, () => {
    const clock = new ManualClock('2026-11-24T09:30:00+01:00');
    let opened: TestServices;
    let attachments: AttachmentService;
    /** As `attachments`, but the PDF check is always busy. */
    let busy: AttachmentService;
    const pdfs = new PdfChecker();
    before(async () => {
      opened = await target.open({ clock });
      const { database, blobStore } = opened.services;
      attachments = new AttachmentService(database.db, blobStore, clock, limits, pdfs);
      busy = new AttachmentService(database.db, blobStore, clock, limits, {
        check: () => Promise.resolve({ outcome: 'unchecked', reason: 'busy' }),
      });
    });
    after(async () => {
      await pdfs.close();
      await opened.cleanup();
    });

    const draftOf = async (actor: Actor) =>
      (await opened.services.applications.start(actor, ekonomisktBistand, '9901')).id;
    const countOf = async (table: 'attachment' | 'blob') => {
      const row = await opened.services.database.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as('count'))
        .executeTakeFirstOrThrow();
      return Number(row.count);
    };

    it('stores a PDF and a PNG under random ids with their type, size and SHA-256', async () => {
      const applicationId = await draftOf(anna);
      const pdf = await samplePdf();
      const outcomes = await attachments.add(anna, applicationId, [
        file('Kontoutdrag mars.pdf', pdf),
        file('hyresavi.png', samplePng()),
      ]);
      assert.deepEqual(
        outcomes?.map((each) => [each.name, each.outcome]),
        [
          ['Kontoutdrag mars.pdf', 'stored'],
          ['hyresavi.png', 'stored'],
        ],
      );
      const listed = (await attachments.list(anna, applicationId)) ?? [];
      assert.deepEqual(
        listed.map((each) => [each.name, each.mediaType, each.size]),
        [
          ['hyresavi.png', 'image/png', samplePng().length],
          ['Kontoutdrag mars.pdf', 'application/pdf', pdf.length],
        ],
      );
      const first = listed[1];
      assert.ok(first);
      assert.match(first.id, /^[0-9a-f-]{36}$/);
      assert.equal(first.sha256, createHash('sha256').update(pdf).digest('hex'));
      const download = await attachments.open(anna, applicationId, first.id);
      assert.deepEqual(download, { name: first.name, mediaType: 'application/pdf', bytes: pdf });
    });

    it('accepts JPEG and HEIC photos by their bytes, and names them for what they are', async () => {
      const applicationId = await draftOf(anna);
      const outcomes = await attachments.add(anna, applicationId, [
        file('foto', sampleJpeg()),
        file('IMG_0042.HEIC', sampleHeic()),
      ]);
      assert.ok(outcomes);
      assert.deepEqual(
        outcomes.map((each) => each.outcome === 'stored' && each.attachment.mediaType),
        ['image/jpeg', 'image/heic'],
      );
      assert.deepEqual(
        outcomes.map((each) => each.name),
        ['foto.jpg', 'IMG_0042.HEIC'],
      );
    });

    it('SEC-25 refuses a renamed program, HTML, SVG, text and an empty file by their bytes; nothing is stored', async () => {
      const applicationId = await draftOf(anna);
      const [rows, blobs] = [await countOf('attachment'), await countOf('blob')];
      const outcomes = await attachments.add(anna, applicationId, [
        file('x.pdf', sampleExe()),
        file('sida.pdf', sampleHtml()),
        file('bild.png', sampleSvg()),
        file('intyg.jpg', sampleText()),
        file('tom.pdf', Buffer.alloc(0)),
      ]);
      assert.deepEqual(
        outcomes?.map((each) => each.outcome === 'refused' && each.reason),
        ['notAllowedType', 'notAllowedType', 'notAllowedType', 'notAllowedType', 'empty'],
      );
      assert.deepEqual(await attachments.list(anna, applicationId), []);
      assert.equal(await countOf('attachment'), rows);
      assert.equal(await countOf('blob'), blobs);
    });

    it('SEC-25 refuses a PDF with JavaScript, a Launch action or an embedded file, and stores a clean one', async () => {
      const applicationId = await draftOf(anna);
      const [rows, blobs] = [await countOf('attachment'), await countOf('blob')];
      const outcomes = await attachments.add(anna, applicationId, [
        file('skript.pdf', activePdfs.openActionJavaScript(true)),
        file('program.pdf', activePdfs.linkLaunch()),
        file('bifogad.pdf', activePdfs.embeddedFile()),
        file('Kontoutdrag.pdf', await samplePdf()),
      ]);
      assert.deepEqual(
        outcomes?.map((each) => (each.outcome === 'refused' ? each.reason : each.outcome)),
        ['activeContent', 'activeContent', 'activeContent', 'stored'],
      );
      assert.deepEqual(
        (await attachments.list(anna, applicationId))?.map((each) => each.name),
        ['Kontoutdrag.pdf'],
      );
      assert.equal(await countOf('attachment'), rows + 1);
      assert.equal(await countOf('blob'), blobs + 1);
    });

    it('a PDF that could not be checked just now is not stored; a photo beside it is', async () => {
      const applicationId = await draftOf(anna);
      const outcomes = await busy.add(anna, applicationId, [
        file('Kontoutdrag.pdf', await samplePdf()),
        file('hyresavi.png', samplePng()),
      ]);
      assert.deepEqual(
        outcomes?.map((each) => (each.outcome === 'refused' ? each.reason : each.outcome)),
        ['notChecked', 'stored'],
      );
    });

    it('a phone photo is kept without where it was taken (its Exif), turned as the phone meant', async () => {
      const applicationId = await draftOf(anna);
      const photo = await sharp({
        create: { width: 20, height: 10, channels: 3, background: '#808080' },
      })
        .jpeg()
        .withExif({ IFD0: { Artist: 'Storgatan 5 B' } })
        .withMetadata({ orientation: 6 })
        .toBuffer();
      const [stored] =
        (await attachments.add(anna, applicationId, [file('foto.jpg', photo)])) ?? [];
      assert.equal(stored?.outcome, 'stored');
      const opened = await attachments.open(anna, applicationId, stored.attachment.id);
      assert.ok(opened && !opened.bytes.includes('Storgatan'));
      const seen = await sharp(opened.bytes).metadata();
      assert.deepEqual([seen.width, seen.height, seen.orientation], [20, 10, 6]);
    });

    it('SEC-26 refuses a file too large, a file too many and a file over the quota, and stores the others', async () => {
      const applicationId = await draftOf(anna);
      const blobs = await countOf('blob');
      const outcomes = await attachments.add(anna, applicationId, [
        file('a.pdf', pdfOfSize(1500)),
        file('stor.pdf', pdfOfSize(2001)),
        file('b.pdf', pdfOfSize(1400)),
        file('c.pdf', pdfOfSize(200)),
        file('d.pdf', pdfOfSize(1000)),
      ]);
      assert.deepEqual(
        outcomes?.map((each) => [each.name, each.outcome === 'refused' ? each.reason : 'stored']),
        [
          ['a.pdf', 'stored'],
          ['stor.pdf', 'tooLarge'],
          ['b.pdf', 'stored'],
          ['c.pdf', 'overQuota'],
          ['d.pdf', 'overQuota'],
        ],
      );
      const more = await attachments.add(anna, applicationId, [
        // A small photo: no PDF is as small as what is left.
        file('e.png', samplePng()),
        file('f.png', samplePng()),
      ]);
      assert.deepEqual(
        more?.map((each) => (each.outcome === 'refused' ? each.reason : 'stored')),
        ['stored', 'tooMany'],
      );
      assert.equal((await attachments.list(anna, applicationId))?.length, 3);
      assert.equal(await countOf('blob'), blobs + 3, 'no bytes kept for a refused file');
    });

    it('two uploads at once cannot pass the limit on files together', async () => {
      const applicationId = await draftOf(anna);
      const png = samplePng();
      const batch = () =>
        attachments.add(anna, applicationId, [file('1.png', png), file('2.png', png)]);
      const results = await Promise.all([batch(), batch()]);
      const stored = results.flat().filter((each) => each?.outcome === 'stored');
      assert.equal(stored.length, limits.maxFiles);
      assert.equal((await attachments.list(anna, applicationId))?.length, limits.maxFiles);
    });

    it('SEC-14 another applicant or an anonymous visitor gets exactly what a missing id gets', async () => {
      const applicationId = await draftOf(anna);
      const outcomes = await attachments.add(anna, applicationId, [file('a.png', samplePng())]);
      const stored = outcomes?.[0];
      assert.ok(stored?.outcome === 'stored');
      const id = stored.attachment.id;
      const missing = '00000000-0000-4000-8000-000000000000';
      for (const actor of [bo, anonymous]) {
        assert.equal(await attachments.open(actor, applicationId, id), undefined);
        assert.equal(await attachments.list(actor, applicationId), undefined);
        assert.equal(
          await attachments.add(actor, applicationId, [file('b.png', samplePng())]),
          undefined,
        );
        assert.equal(await attachments.remove(actor, applicationId, id), false);
      }
      assert.equal(await attachments.open(anna, applicationId, missing), undefined);
      // Bo's own draft does not open Anna's file either.
      const bosDraft = await draftOf(bo);
      assert.equal(await attachments.open(bo, bosDraft, id), undefined);
      assert.equal((await attachments.list(anna, applicationId))?.length, 1);
    });

    it('an anonymous draft takes no files, and a draft no longer a draft takes no more', async () => {
      const anonymousDraft = await draftOf(anonymous);
      assert.equal(
        await attachments.add(anonymous, anonymousDraft, [file('a.png', samplePng())]),
        undefined,
      );
      const applicationId = await draftOf(anna);
      await opened.services.database.db
        .updateTable('application')
        .set({ status: 'submitted' })
        .where('id', '=', applicationId)
        .execute();
      assert.equal(
        await attachments.add(anna, applicationId, [file('a.png', samplePng())]),
        undefined,
      );
      assert.deepEqual(await attachments.list(anna, applicationId), []);
    });

    it('removes a file with its bytes', async () => {
      const applicationId = await draftOf(anna);
      const blobs = await countOf('blob');
      const outcomes = await attachments.add(anna, applicationId, [file('a.png', samplePng())]);
      const stored = outcomes?.[0];
      assert.ok(stored?.outcome === 'stored');
      assert.equal(await countOf('blob'), blobs + 1);
      // The name it had, for the page to say what was removed.
      assert.equal(await attachments.remove(anna, applicationId, stored.attachment.id), 'a.png');
      assert.deepEqual(await attachments.list(anna, applicationId), []);
      assert.equal(await countOf('blob'), blobs);
      assert.equal(await attachments.remove(anna, applicationId, stored.attachment.id), false);
    });

    it('a deleted application takes its attachments along; their bytes are swept an hour later', async () => {
      const applicationId = await draftOf(anna);
      await attachments.add(anna, applicationId, [file('a.png', samplePng())]);
      const record = await opened.services.applications.find(anna, applicationId);
      assert.ok(record);
      const [rows, blobs] = [await countOf('attachment'), await countOf('blob')];
      await opened.services.applications.delete(record);
      assert.equal(await countOf('attachment'), rows - 1);
      const { blobStore } = opened.services;
      assert.equal(await blobStore.sweepUnreferenced(60 * 60_000), 0, 'too young to sweep');
      clock.advanceMinutes(61);
      assert.equal(await blobStore.sweepUnreferenced(60 * 60_000), 1);
      assert.equal(await countOf('blob'), blobs - 1);
    });
  });
}
