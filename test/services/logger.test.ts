import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import request from 'supertest';
import { createLogger, scrubIdentityNumbers } from '../../services/logger';
import { createTestApp } from '../helpers/test-services';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  return { stream, text: () => lines.join('') };
}

const secrets = ['198501011234', '850101-1234', '19850161-1238', 'hunter2-password', '493027'];

describe('logging', () => {
  it('masks personnummer and samordningsnummer in any spelling', () => {
    assert.equal(
      scrubIdentityNumbers('a 850101-1234 b 198501011234 c 19850161-1238 d 8501011234'),
      'a [maskerat] b [maskerat] c [maskerat] d [maskerat]',
    );
    assert.equal(scrubIdentityNumbers('period 2026-11, 3 barn'), 'period 2026-11, 3 barn');
  });

  it('never writes a personnummer, password, code or session id', () => {
    const { stream, text } = capture();
    const logger = createLogger('info', stream);
    logger.info(
      { user: { personnummer: '198501011234', password: 'hunter2-password', code: '493027' } },
      'login for 850101-1234',
    );
    logger.error({ err: new Error('no row for 19850161-1238') }, 'failed');
    logger.info({ session: { sid: 'abc-session-id' } }, 'session');
    logger.info({
      draft: { values: { personnummer: '198501011236' } },
      personnummer: '198501011236',
    });
    const output = text();
    for (const secret of [...secrets, 'abc-session-id'])
      assert.ok(!output.includes(secret), secret);
    assert.ok(output.includes('[maskerat]'));
  });

  it('request logs carry a request id but no query string, cookie or body', async () => {
    const { stream, text } = capture();
    const opened = await createTestApp({ env: { LOG_LEVEL: 'info' }, logDestination: stream });
    try {
      await request(opened.app)
        .get('/kommun?personnummer=198501011234')
        .set('Cookie', 'portal.sid=s%3Asecret-session-cookie');
      await request(opened.app)
        .post('/kommun')
        .type('form')
        .send({ password: 'hunter2-password', code: '493027', pnr: '850101-1234' });
      const output = text();
      for (const secret of [...secrets, 'secret-session-cookie']) {
        assert.ok(!output.includes(secret), `${secret} leaked into: ${output}`);
      }
      const requestLines = output
        .split('\n')
        .filter((line) => line.includes('"req"'))
        .map((line) => JSON.parse(line) as { req: { id: string; path: string } });
      assert.equal(requestLines.length, 2);
      assert.match(requestLines[0]?.req.id ?? '', /^[0-9a-f-]{36}$/);
      assert.equal(requestLines[0]?.req.path, '/kommun');
    } finally {
      await opened.cleanup();
    }
  });
});
