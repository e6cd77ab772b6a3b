import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { fixedClock, sessionCookieOf } from '../helpers/application';
import {
  listedFiles,
  loggedInApplicant,
  reachAttachmentStep,
  storedFileCount,
  uploadFiles,
  uploadFormOf,
} from '../helpers/attachments';
import { getPage, textOf } from '../helpers/http';
import { samplePdf } from '../helpers/sample-files';
import { BILAGOR } from '../helpers/attachments';
import { useTestApp } from '../helpers/test-services';
import { UploadMemory } from '../../services/upload-memory';

describe('the memory uploads may hold at once', () => {
  const testApp = useTestApp({ clock: fixedClock, env: { UPLOAD_MEMORY_MB: '50' } });

  it('reserves each upload’s size and gives it back once; one upload alone always fits', () => {
    const memory = new UploadMemory(100);
    const first = memory.reserve(60);
    assert.ok(first);
    assert.equal(memory.reserve(50), undefined, 'over the budget while the first is held');
    first();
    first();
    assert.equal(memory.heldBytes, 0);
    const large = memory.reserve(150);
    assert.ok(large, 'larger than the budget, but alone');
    large();
  });

  it('SEC-26 an upload while the memory is taken by others waits a minute (503, Swedish page, Retry-After); nothing stored; then it goes through', async () => {
    const { app, services } = testApp();
    const { agent } = await loggedInApplicant(app, services);
    await reachAttachmentStep(agent);
    const before = await storedFileCount(services);
    // Other uploads near the maximum are being read.
    const others = services.uploadMemory.reserve(50 * 1024 * 1024);
    assert.ok(others);
    try {
      const { response, $ } = await uploadFiles(agent, [
        { filename: 'hyra.pdf', bytes: await samplePdf() },
      ]);
      assert.equal(response.status, 503);
      assert.equal(response.headers['retry-after'], '60');
      assert.equal(textOf($, 'h1'), 'Det är många som skickar filer just nu');
      assert.match(textOf($, 'main'), /försök igen om en minut/);
      assert.deepEqual(await storedFileCount(services), before);
    } finally {
      others();
    }
    const { response } = await uploadFiles(agent, [
      { filename: 'hyra.pdf', bytes: await samplePdf() },
    ]);
    assert.equal(response.status, 303);
    const { $ } = await getPage(agent, BILAGOR);
    assert.deepEqual(
      listedFiles($).map((file) => file.name),
      ['hyra.pdf'],
    );
    // Given back when the answer's connection closes, which may come just after the client read it.
    for (let wait = 0; wait < 50 && services.uploadMemory.heldBytes > 0; wait++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    assert.equal(services.uploadMemory.heldBytes, 0, 'every reservation was given back');
  });

  it('a holder (an address, a person) may hold half of it: more of theirs waits, others go on', () => {
    const memory = new UploadMemory(100);
    const first = memory.reserve(60, ['ip:a', 'who:x']);
    assert.ok(first, 'alone, even past the share');
    assert.equal(memory.reserve(10, ['ip:a', 'who:y']), undefined, 'the same address');
    assert.equal(memory.reserve(10, ['ip:b', 'who:x']), undefined, 'the same person');
    const other = memory.reserve(30, ['ip:b', 'who:y']);
    assert.ok(other, 'someone else');
    first();
    const again = memory.reserve(10, ['ip:a', 'who:x']);
    assert.ok(again, 'given back');
    again();
    other();
    assert.equal(memory.heldBytes, 0);
  });

  it('SEC-26 an upload that trickles in holds no more than its sender’s share: the sender’s next upload waits, and goes once it is gone', async () => {
    const { app, services } = testApp();
    const { agent } = await loggedInApplicant(app, services);
    await reachAttachmentStep(agent);
    const { $ } = await getPage(agent, BILAGOR);
    const action = uploadFormOf($).action;
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    // 30 MB declared in a 50 MB budget: the headers and a boundary, then nothing more.
    const slow = httpRequest({
      host: '127.0.0.1',
      port: (server.address() as AddressInfo).port,
      method: 'POST',
      path: action,
      headers: {
        cookie: sessionCookieOf(agent),
        'content-type': 'multipart/form-data; boundary=Q',
        'content-length': String(30 * 1024 * 1024),
      },
    });
    slow.on('error', () => undefined);
    slow.write('--Q\r\n');
    try {
      for (let wait = 0; wait < 100 && services.uploadMemory.heldBytes === 0; wait++) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      assert.ok(services.uploadMemory.heldBytes > 0, 'the slow upload holds its size');
      const refused = await uploadFiles(agent, [
        { filename: 'hyra.pdf', bytes: await samplePdf() },
      ]);
      assert.equal(refused.response.status, 503);
      assert.equal(textOf(refused.$, 'h1'), 'Det är många som skickar filer just nu');
    } finally {
      slow.destroy();
      server.closeAllConnections();
      server.close();
    }
    for (let wait = 0; wait < 100 && services.uploadMemory.heldBytes > 0; wait++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const { response } = await uploadFiles(agent, [
      { filename: 'hyra.pdf', bytes: await samplePdf() },
    ]);
    assert.equal(response.status, 303);
  });
});
