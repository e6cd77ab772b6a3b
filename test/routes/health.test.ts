import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import request from 'supertest';
import { createTestApp } from '../helpers/test-services';

describe('health endpoints', () => {
  it('/healthz says the process is up; /readyz follows the database', async () => {
    const opened = await createTestApp();
    try {
      assert.equal((await request(opened.app).get('/healthz')).status, 200);
      const ready = await request(opened.app).get('/readyz');
      assert.equal(ready.status, 200);
      assert.deepEqual(ready.body, { status: 'ready' });

      await opened.services.database.close();
      const unready = await request(opened.app).get('/readyz');
      assert.equal(unready.status, 503);
      assert.equal((await request(opened.app).get('/healthz')).status, 200);
    } finally {
      await opened.cleanup().catch(() => undefined);
    }
  });
});
