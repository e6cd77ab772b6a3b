import assert from 'node:assert/strict';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { afterEach, describe, it } from 'node:test';
import { createLogger } from '../../../services/logger';
import { HttpSmsSender, networkProblem } from '../../../services/sms/http-sms-sender';
import { SmsSendError } from '../../../services/sms/sms-sender';

interface RecordedRequest {
  method: string | undefined;
  path: string | undefined;
  contentType: string | undefined;
  authorization: string | undefined;
  form: Record<string, string>;
}

/** What the provider does with each request in turn: answer with a status, or never answer. */
type Behaviour = number | 'never';

interface FakeProvider {
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

/** A local stand-in for the provider's REST API that records every request it gets. */
async function startProvider(behaviours: Behaviour[]): Promise<FakeProvider> {
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    void readBody(req).then((body) => {
      requests.push({
        method: req.method,
        path: req.url,
        contentType: req.headers['content-type'],
        authorization: req.headers.authorization,
        form: Object.fromEntries(new URLSearchParams(body)),
      });
      const behaviour = behaviours[requests.length - 1] ?? 200;
      if (behaviour === 'never') return;
      res.writeHead(behaviour, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ status: behaviour < 300 ? 'created' : 'error' }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/a1/sms`,
    requests,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function captureLog() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  return { logger: createLogger('info', stream), text: () => lines.join('') };
}

const code = '493027';
const message = { to: '+46701234512', text: `Din kod till e-tjänsten är ${code}. Gäller 5 min.` };

describe('sending SMS through the provider’s HTTP API', () => {
  let provider: FakeProvider | undefined;
  afterEach(async () => {
    await provider?.close();
    provider = undefined;
  });

  function senderFor(url: string, log = captureLog(), timeoutMs = 2_000) {
    const sender = new HttpSmsSender(
      { apiUrl: url, username: 'u0123abc', password: 'hemligt-lösen', sender: 'Exempelby' },
      log.logger,
      { timeoutMs, retryDelaysMs: [1, 1] },
    );
    return { sender, log };
  }

  it('posts the message form-encoded with basic auth, once, and logs no text or full number', async () => {
    provider = await startProvider([200]);
    const { sender, log } = senderFor(provider.url);
    await sender.send(message);

    assert.deepEqual(provider.requests, [
      {
        method: 'POST',
        path: '/a1/sms',
        contentType: 'application/x-www-form-urlencoded;charset=UTF-8',
        authorization: `Basic ${Buffer.from('u0123abc:hemligt-lösen').toString('base64')}`,
        form: { from: 'Exempelby', to: '+46701234512', message: message.text },
      },
    ]);
    const logged = log.text();
    assert.match(logged, /"recipient":"070-XXX XX 12"/);
    assert.match(logged, /sms sent/);
    for (const secret of [code, '+46701234512', 'hemligt-lösen']) {
      assert.ok(!logged.includes(secret), secret);
    }
  });

  it('tries again when the provider fails with a 5xx, and succeeds', async () => {
    provider = await startProvider([503, 200]);
    const { sender, log } = senderFor(provider.url);
    await sender.send(message);
    assert.equal(provider.requests.length, 2);
    assert.deepEqual(provider.requests[1]?.form, provider.requests[0]?.form);
    assert.match(log.text(), /"status":503/);
    assert.ok(!log.text().includes(code));
  });

  it('gives up after two retries of a failing provider, with SmsSendError', async () => {
    provider = await startProvider([500, 502, 503, 200]);
    const { sender } = senderFor(provider.url);
    await assert.rejects(sender.send(message), (error: unknown) => {
      assert.ok(error instanceof SmsSendError);
      assert.equal(error.status, 503);
      assert.equal(error.attempts, 3);
      return true;
    });
    assert.equal(provider.requests.length, 3);
  });

  it('never retries a refusal (4xx); the error holds neither the text nor the code', async () => {
    for (const status of [400, 401, 403, 429]) {
      provider = await startProvider([status, 200]);
      const { sender, log } = senderFor(provider.url);
      await assert.rejects(sender.send(message), (error: unknown) => {
        assert.ok(error instanceof SmsSendError);
        assert.equal(error.status, status);
        assert.equal(error.attempts, 1);
        assert.match(error.message, new RegExp(`refused \\(HTTP ${status}\\)`));
        const shown = `${error.message} ${error.stack ?? ''} ${JSON.stringify(error)}`;
        assert.ok(!shown.includes(code), 'no code in the error');
        return true;
      });
      assert.equal(provider.requests.length, 1, `${status} is not retried`);
      assert.ok(!log.text().includes(code));
      await provider.close();
      provider = undefined;
    }
  });

  // The test's own limit: without a time limit per attempt, send would wait forever.
  const testLimit = { timeout: 5_000 };

  it(
    'gives each attempt a time limit, retries a provider that never answers, then gives up',
    testLimit,
    async () => {
      provider = await startProvider(['never', 'never', 'never']);
      const { sender, log } = senderFor(provider.url, captureLog(), 100);
      const started = Date.now();
      await assert.rejects(sender.send(message), (error: unknown) => {
        assert.ok(error instanceof SmsSendError);
        assert.equal(error.status, undefined);
        assert.equal(error.attempts, 3);
        assert.match(error.message, /no answer within 100 ms \(3 attempts\)/);
        return true;
      });
      assert.ok(Date.now() - started < 2_000, 'each attempt stopped at its time limit');
      assert.equal(provider.requests.length, 3);
      assert.ok(!log.text().includes(code));
    },
  );

  it('retries a provider that cannot be reached, then gives up', async () => {
    const closed = await startProvider([]);
    await closed.close();
    const { sender } = senderFor(closed.url);
    await assert.rejects(sender.send(message), (error: unknown) => {
      assert.ok(error instanceof SmsSendError);
      assert.equal(error.attempts, 3);
      // With the network's own reason, so the log says what to fix.
      assert.match(error.message, /could not be reached \(ECONNREFUSED\)/);
      return true;
    });
  });

  it('refuses a recipient not in E.164 form without calling the provider', async () => {
    provider = await startProvider([200]);
    const { sender } = senderFor(provider.url);
    await assert.rejects(sender.send({ to: '070-123 45 12', text: 'Hej' }), TypeError);
    assert.equal(provider.requests.length, 0);
  });

  it('names an untrusted certificate and what to do about it', () => {
    const error = new TypeError('fetch failed', {
      cause: Object.assign(new Error('self-signed certificate'), {
        code: 'SELF_SIGNED_CERT_IN_CHAIN',
      }),
    });
    assert.equal(
      networkProblem(error),
      'SELF_SIGNED_CERT_IN_CHAIN: the certificate is not trusted; give Node the CA with NODE_EXTRA_CA_CERTS',
    );
    // An address in the text (which may hold a key) is left out.
    assert.equal(
      networkProblem(
        new TypeError('Request cannot be constructed from https://u:key@sms.example/x'),
      ),
      'Request cannot be constructed from [address]',
    );
  });
});
