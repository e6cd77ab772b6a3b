import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ConfigError,
  DEVELOPMENT_SESSION_SECRET,
  describeDatabase,
  loadConfig,
  loadDatabaseConfig,
} from '../config';

const productionBase = {
  NODE_ENV: 'production',
  DATABASE_URL: 'postgres://portal@db.internal:5432/portal',
  BASE_URL: 'https://etjanst.exempelby.example',
  TRUST_PROXY: '1',
  SMS_PROVIDER: 'http',
  SMS_API_URL: 'https://sms.example/a1/sms',
  SMS_API_USERNAME: 'u0123456789abcdef',
  SMS_API_PASSWORD: 'api-password',
};

const SECRET = { SESSION_SECRET: 'a-long-production-like-secret-of-40-chars' };

describe('config', () => {
  it('production names its database: a forgotten DATABASE_URL is refused, never an empty SQLite file', () => {
    const forgotten: Record<string, string> = { ...productionBase, ...SECRET };
    delete forgotten.DATABASE_URL;
    for (const load of [() => loadConfig(forgotten), () => loadDatabaseConfig(forgotten)]) {
      assert.throws(
        load,
        (error: unknown) =>
          error instanceof ConfigError &&
          /DATABASE_URL: must be set in production/.test(error.message),
      );
    }
    // Development keeps its embedded default.
    assert.deepEqual(loadDatabaseConfig({}), { dialect: 'sqlite', file: './data/portal.sqlite' });
  });

  it('the command-line tools need only the database settings, and name the database without its password', () => {
    const database = loadDatabaseConfig({
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://portal:hemligt@db.internal:5432/portal?sslmode=require&password=x',
      DATABASE_SCHEMA: 'etjanst',
    });
    assert.equal(
      describeDatabase(database),
      'PostgreSQL postgres://portal@db.internal:5432/portal (schema etjanst)',
    );
    // A Unix socket the driver reads but URL does not: named without its address, never thrown.
    assert.equal(
      describeDatabase({
        dialect: 'postgres',
        url: 'postgres://portal:hemligt@/portal?host=/var/run/postgresql',
        schema: 'etjanst',
      }),
      'PostgreSQL (address not shown) (schema etjanst)',
    );
    assert.match(
      describeDatabase({ dialect: 'sqlite', file: 'data/x.sqlite' }),
      /^SQLite file \/.+\/data\/x\.sqlite$/,
    );
  });

  it('TRUST_PROXY takes a hop count or proxy addresses; anything else is refused by its name', () => {
    for (const trusted of [
      '1',
      '10.0.0.5',
      '10.0.0.0/8, loopback',
      '10.0.0.0/255.0.0.0',
      '::1',
      'fd00::/8',
    ]) {
      assert.doesNotThrow(() => loadConfig({ ...productionBase, ...SECRET, TRUST_PROXY: trusted }));
    }
    for (const wrong of ['yes-please', '10.0.0.0/33', '10.0.0.1/8/8']) {
      assert.throws(
        () => loadConfig({ ...productionBase, ...SECRET, TRUST_PROXY: wrong }),
        (error: unknown) =>
          error instanceof ConfigError &&
          /TRUST_PROXY: give the number of proxies/.test(error.message),
      );
    }
  });

  it('starts a developer on the embedded database with safe defaults', () => {
    const config = loadConfig({});
    assert.deepEqual(config.database, { dialect: 'sqlite', file: './data/portal.sqlite' });
    assert.equal(config.environment, 'development');
    assert.equal(config.port, 3000);
    assert.equal(config.secureCookies, false);
    assert.equal(config.seedDemoData, true);
    assert.equal(config.trustProxy, false);
  });

  it('SEC-13 a public https address without NODE_ENV=production (development or test) refuses to start: no demo accounts, known secret or /dev/sms there', () => {
    const forgotten: Record<string, string> = {
      ...productionBase,
      SESSION_SECRET: 'a-long-production-like-secret-of-40-chars',
    };
    delete forgotten.NODE_ENV;
    const asTest = { ...forgotten, NODE_ENV: 'test' };
    for (const env of [forgotten, { ...forgotten, NODE_ENV: 'development' }, asTest]) {
      assert.throws(
        () => loadConfig(env),
        (error: unknown) =>
          error instanceof ConfigError &&
          /NODE_ENV: set NODE_ENV=production for a public https BASE_URL/.test(error.message),
      );
    }
    // A developer on http://localhost, and the tests, are not affected.
    assert.equal(loadConfig({ BASE_URL: 'http://localhost:3000' }).environment, 'development');
    assert.equal(loadConfig({ NODE_ENV: 'test' }).environment, 'test');
  });

  it('SEC-13 production refuses to start without a session secret, saying which setting', () => {
    assert.throws(
      () => loadConfig(productionBase),
      (error: unknown) =>
        error instanceof ConfigError && /SESSION_SECRET: must be set/.test(error.message),
    );
  });

  it('the SMS provider address carries no credentials (they would be logged with a failure)', () => {
    assert.throws(
      () =>
        loadConfig({
          ...productionBase,
          ...SECRET,
          SMS_API_URL: 'https://u:key@sms.example/a1/sms',
        }),
      (error: unknown) =>
        error instanceof ConfigError && /SMS_API_URL: no user name or password/.test(error.message),
    );
  });

  it('SEC-13 production refuses the development default secret and short secrets', () => {
    for (const secret of [DEVELOPMENT_SESSION_SECRET, 'too-short']) {
      assert.throws(() => loadConfig({ ...productionBase, SESSION_SECRET: secret }), ConfigError);
    }
  });

  it('production starts with a long secret, https cookies and no demo data', () => {
    const config = loadConfig({ ...productionBase, SESSION_SECRET: 'x'.repeat(40) });
    assert.equal(config.secureCookies, true);
    assert.equal(config.seedDemoData, false);
    assert.equal(config.sms.provider, 'http');
  });

  it("SEC-1 production refuses TRUST_PROXY=true: a client's own X-Forwarded-For would pick its address for the limits", () => {
    assert.throws(
      () =>
        loadConfig({
          ...productionBase,
          SESSION_SECRET: 'a-long-production-like-secret-of-40-chars',
          TRUST_PROXY: 'true',
        }),
      (error: unknown) =>
        error instanceof ConfigError &&
        /TRUST_PROXY: true trusts any client-supplied/.test(error.message),
    );
    const hops = loadConfig({
      ...productionBase,
      SESSION_SECRET: 'a-long-production-like-secret-of-40-chars',
      TRUST_PROXY: '1',
    });
    assert.equal(hops.trustProxy, 1);
  });

  it('production behind https requires a trusted proxy, or no cookie would ever be set', () => {
    assert.throws(
      () => loadConfig({ ...productionBase, SESSION_SECRET: 'x'.repeat(40), TRUST_PROXY: 'false' }),
      /TRUST_PROXY: must be set/,
    );
  });

  it('production refuses a plain http:// BASE_URL, naming the setting', () => {
    assert.throws(
      () =>
        loadConfig({
          ...productionBase,
          SESSION_SECRET: 'x'.repeat(40),
          BASE_URL: 'http://etjanst.exempelby.example',
        }),
      (error: unknown) =>
        error instanceof ConfigError && /BASE_URL: must start with https:\/\//.test(error.message),
    );
  });

  it('production refuses the development SMS outbox', () => {
    assert.throws(
      () =>
        loadConfig({ ...productionBase, SESSION_SECRET: 'x'.repeat(40), SMS_PROVIDER: 'outbox' }),
      /SMS_PROVIDER/,
    );
  });

  it('a real SMS provider needs its URL, API username and password, naming the missing ones', () => {
    assert.deepEqual(
      loadConfig({
        SMS_PROVIDER: 'http',
        SMS_API_URL: 'http://127.0.0.1:9999/a1/sms',
        SMS_API_USERNAME: 'user',
        SMS_API_PASSWORD: 'secret',
        SMS_SENDER: 'Exempelby',
      }).sms,
      {
        provider: 'http',
        apiUrl: 'http://127.0.0.1:9999/a1/sms',
        username: 'user',
        password: 'secret',
        sender: 'Exempelby',
      },
    );
    assert.equal(
      loadConfig({ ...productionBase, SESSION_SECRET: 'x'.repeat(40) }).sms.provider,
      'http',
    );
    assert.throws(
      () => loadConfig({ SMS_PROVIDER: 'http', SMS_API_URL: 'https://sms.example/a1/sms' }),
      (error: unknown) =>
        error instanceof ConfigError &&
        /SMS_API_USERNAME, SMS_API_PASSWORD: must be set when SMS_PROVIDER=http/.test(
          error.message,
        ) &&
        !/SMS_API_URL/.test(error.message),
    );
    assert.throws(() => loadConfig({ SMS_PROVIDER: 'http' }), /SMS_API_URL, SMS_API_USERNAME/);
  });

  it('production sends the SMS API password over https only', () => {
    assert.throws(
      () =>
        loadConfig({
          ...productionBase,
          SESSION_SECRET: 'x'.repeat(40),
          SMS_API_URL: 'http://sms.example/a1/sms',
        }),
      /SMS_API_URL: must start with https:\/\//,
    );
  });

  it('takes a sender name that phones can show, and refuses one they cannot', () => {
    for (const sender of ['Kommunen', 'Exempelby', 'Soc2026', 'Abc']) {
      assert.doesNotThrow(() => loadConfig({ SMS_SENDER: sender }), sender);
    }
    for (const sender of ['Exempelbyns kommun', 'Åby', 'Åby kommun', '2026Soc', 'Ab', '']) {
      assert.throws(() => loadConfig({ SMS_SENDER: sender }), /SMS_SENDER/, sender);
    }
  });

  it('reads PostgreSQL, trust proxy and numbers, and names what is wrong', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://app@db/portal',
      DATABASE_SCHEMA: 'etjanst',
      TRUST_PROXY: '1',
    });
    assert.deepEqual(config.database, {
      dialect: 'postgres',
      url: 'postgres://app@db/portal',
      schema: 'etjanst',
    });
    assert.equal(config.trustProxy, 1);
    assert.throws(() => loadConfig({ PORT: 'eighty' }), /PORT/);
    assert.throws(() => loadConfig({ DATABASE_URL: 'mysql://x' }), /DATABASE_URL/);
    assert.throws(() => loadConfig({ DATABASE_SCHEMA: 'x; drop table y' }), /DATABASE_SCHEMA/);
  });

  it('reads rate limits as a count per minutes or hours, with generous defaults', () => {
    const defaults = loadConfig({}).rateLimits;
    assert.deepEqual(defaults.postsPerSession, { points: 200, windowMinutes: 10 });
    assert.ok(defaults.postsPerIp.points > defaults.postsPerSession.points * 5, 'NAT headroom');
    const config = loadConfig({
      RATE_LIMIT_POSTS_PER_SESSION: '50/5m',
      RATE_LIMIT_PDFS_PER_IP: '100/2h',
    });
    assert.deepEqual(config.rateLimits.postsPerSession, { points: 50, windowMinutes: 5 });
    assert.deepEqual(config.rateLimits.pdfsPerIp, { points: 100, windowMinutes: 120 });
    for (const wrong of ['200', '200/10', '0/10m', '10/0m', '10/25h', 'many/10m']) {
      assert.throws(
        () => loadConfig({ RATE_LIMIT_POSTS_PER_IP: wrong }),
        /RATE_LIMIT_POSTS_PER_IP: must be a count per window/,
        wrong,
      );
    }
  });

  it('makes PDFs in one worker with a bounded queue unless told otherwise', () => {
    assert.deepEqual(loadConfig({}).pdf, { workers: 1, queueMax: 20, cacheEntries: 20 });
    assert.deepEqual(
      loadConfig({ PDF_WORKERS: '3', PDF_QUEUE_MAX: '0', PDF_CACHE_ENTRIES: '0' }).pdf,
      { workers: 3, queueMax: 0, cacheEntries: 0 },
    );
    assert.throws(() => loadConfig({ PDF_WORKERS: '0' }), /PDF_WORKERS/);
    assert.throws(() => loadConfig({ PDF_QUEUE_MAX: '-1' }), /PDF_QUEUE_MAX/);
  });
});
