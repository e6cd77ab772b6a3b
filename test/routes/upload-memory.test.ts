import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fixedClock } from '../helpers/application';
import {
  listedFiles,
  loggedInApplicant,
  reachAttachmentStep,
  storedFileCount,
  uploadFiles,
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
});
