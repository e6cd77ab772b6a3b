import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import request from 'supertest';
import { productionLikeEnv } from '../helpers/production-env';
import { useTestApp } from '../helpers/test-services';

const lines: string[] = [];
const logDestination = new Writable({
  write(chunk: Buffer, _encoding, done) {
    lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    done();
  },
});
const warnings = () => lines.filter((line) => line.includes('X-Forwarded-Proto: https'));

describe('a proxy that does not say https', () => {
  const testApp = useTestApp({ env: { ...productionLikeEnv, LOG_LEVEL: 'info' }, logDestination });

  it('is said in the log, once for a while, with what to fix; a proxy that says it is not', async () => {
    await request(testApp().app).get('/kommun').set('X-Forwarded-Proto', 'https');
    assert.deepEqual(warnings(), []);
    for (let at = 0; at < 3; at++) await request(testApp().app).get('/kommun');
    assert.equal(warnings().length, 1);
    assert.match(warnings()[0] ?? '', /TRUST_PROXY must trust it/);
  });
});
