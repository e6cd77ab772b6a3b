import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import request from 'supertest';
import { useTestApp } from '../helpers/test-services';

const lines: string[] = [];
const logDestination = new Writable({
  write(chunk: Buffer, _encoding, done) {
    lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    done();
  },
});

function requestLineFor(reqId: string): { req: { path: string } } {
  const line = lines.find((candidate) => candidate.includes(reqId));
  assert.ok(line, `a log line for ${reqId}`);
  return JSON.parse(line) as { req: { path: string } };
}

describe('request logging', () => {
  const testApp = useTestApp({ env: { LOG_LEVEL: 'info' }, logDestination });

  it('masks a personnummer or samordningsnummer in the logged path', async () => {
    for (const [path, logged] of [
      ['/ansokan/198501011236', '/ansokan/[maskerat]'],
      ['/x/850101-1236', '/x/[maskerat]'],
      ['/x/850161%2D1238/y', '/x/[maskerat]/y'],
      ['/kommun?pnr=8501011236', '/kommun'],
    ] as const) {
      const response = await request(testApp().app).get(path);
      const reqId = response.headers['x-request-id'] ?? '';
      assert.equal(requestLineFor(reqId).req.path, logged, path);
    }
    const everything = lines.join('\n');
    for (const digits of ['198501011236', '850101-1236', '850161-1238', '850161%2D1238']) {
      assert.ok(!everything.includes(digits), `${digits} leaked into the log`);
    }
  });

  it('logs an ordinary path as it is', async () => {
    const response = await request(testApp().app).get('/tillganglighet');
    const reqId = response.headers['x-request-id'] ?? '';
    assert.equal(requestLineFor(reqId).req.path, '/tillganglighet');
  });
});
