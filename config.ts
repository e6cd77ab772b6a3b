import { resolve } from 'node:path';
import { compile as compileTrust } from 'proxy-addr';
import { z } from 'zod';

/** The secret shipped for development; production must never run with it. */
export const DEVELOPMENT_SESSION_SECRET = 'development-only-secret-change-me';

const booleanFromEnv = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

const rateLimitPattern = /^(\d+)\/(\d+)([mh])$/;

/** `<count>/<window>`, e.g. `200/10m` (200 per 10 minutes) or `30/1h`. */
function rateLimitFromEnv(fallback: string) {
  return z
    .string()
    .default(fallback)
    .transform((value, context): RateLimit => {
      const match = rateLimitPattern.exec(value);
      const points = Number(match?.[1]);
      const windowMinutes = Number(match?.[2]) * (match?.[3] === 'h' ? 60 : 1);
      if (!match || points < 1 || windowMinutes < 1 || windowMinutes > 24 * 60) {
        context.addIssue({
          code: 'custom',
          message: 'must be a count per window such as 200/10m or 30/1h (1 minute to 24 hours)',
        });
        return z.NEVER;
      }
      return { points, windowMinutes };
    });
}

const environmentSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  BASE_URL: z.url().optional(),
  DATABASE_URL: z
    .string()
    .regex(/^(sqlite:|postgres:\/\/|postgresql:\/\/)/, 'must start with sqlite: or postgres://')
    .default('sqlite:./data/portal.sqlite'),
  DATABASE_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]*$/, 'must be a plain lower-case PostgreSQL schema name')
    .default('public'),
  SESSION_SECRET: z.string().optional(),
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(240).default(30),
  SESSION_SWEEP_MINUTES: z.coerce.number().int().min(1).max(1440).default(15),
  SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).max(24).default(12),
  DRAFT_MAX_KB: z.coerce.number().int().min(1).max(10_000).default(100),
  TRUST_PROXY: z.string().default('false'),
  // Generous: a family going back and forth through every step and printing a few times never
  // meets them, and many households behind one NAT address share the per-IP ones.
  RATE_LIMIT_NEW_SESSIONS_PER_IP: rateLimitFromEnv('300/60m'),
  RATE_LIMIT_POSTS_PER_IP: rateLimitFromEnv('2000/10m'),
  RATE_LIMIT_POSTS_PER_SESSION: rateLimitFromEnv('200/10m'),
  RATE_LIMIT_PDFS_PER_IP: rateLimitFromEnv('300/60m'),
  RATE_LIMIT_PDFS_PER_SESSION: rateLimitFromEnv('30/60m'),
  // Failed logins: an account is locked after a few wrong passwords or codes, whatever the IP.
  RATE_LIMIT_PASSWORD_FAILURES_PER_ACCOUNT: rateLimitFromEnv('10/60m'),
  RATE_LIMIT_PASSWORD_FAILURES_PER_IP: rateLimitFromEnv('100/60m'),
  // A browser that has logged in to the account (device cookie) has its own count instead.
  RATE_LIMIT_PASSWORD_FAILURES_PER_DEVICE: rateLimitFromEnv('10/60m'),
  DEVICE_COOKIE_DAYS: z.coerce.number().int().min(1).max(730).default(180),
  RATE_LIMIT_CODE_FAILURES_PER_ACCOUNT: rateLimitFromEnv('5/30m'),
  RATE_LIMIT_SMS_PER_ACCOUNT: rateLimitFromEnv('5/60m'),
  // SMS notices others' actions send to an account ("confirm an application naming you").
  RATE_LIMIT_NOTICES_PER_ACCOUNT: rateLimitFromEnv('3/24h'),
  // Activation has its own count: anyone may post it, so it must never lock the login.
  RATE_LIMIT_ACTIVATION_FAILURES_PER_ACCOUNT: rateLimitFromEnv('10/60m'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SMS_PROVIDER: z.enum(['outbox', 'http']).default('outbox'),
  SMS_API_URL: z.url().optional(),
  SMS_API_USERNAME: z.string().min(1).optional(),
  SMS_API_PASSWORD: z.string().min(1).optional(),
  // What phones show as the sender: operators take 3–11 letters and digits starting with a
  // letter, without spaces or å, ä, ö; anything else would fail only at the first login.
  SMS_SENDER: z
    .string()
    .max(11)
    .regex(
      /^[A-Za-z][A-Za-z0-9]{2,10}$/,
      'must be 3–11 letters (a–z, no å, ä, ö) and digits, starting with a letter',
    )
    .default('Kommunen'),
  DEMO_DATA: booleanFromEnv.optional(),
  PDF_WORKERS: z.coerce.number().int().min(1).max(16).default(1),
  PDF_QUEUE_MAX: z.coerce.number().int().min(0).max(1000).default(20),
  PDF_CACHE_ENTRIES: z.coerce.number().int().min(0).max(1000).default(20),
  // Uploads are read in memory: the most their bytes may take at once in one instance.
  UPLOAD_MEMORY_MB: z.coerce.number().int().min(50).max(16_384).default(256),
  // Unset: 20 per hashing thread (cores − 1).
  PASSWORD_HASH_QUEUE_MAX: z.coerce.number().int().min(0).max(10_000).optional(),
});

export type Environment = z.input<typeof environmentSchema>;

export type DatabaseConfig =
  { dialect: 'sqlite'; file: string } | { dialect: 'postgres'; url: string; schema: string };

/** At most `points` attempts per `windowMinutes`, counted from the first attempt. */
export interface RateLimit {
  points: number;
  windowMinutes: number;
}

export interface RateLimitsConfig {
  newSessionsPerIp: RateLimit;
  postsPerIp: RateLimit;
  postsPerSession: RateLimit;
  pdfsPerIp: RateLimit;
  pdfsPerSession: RateLimit;
  passwordFailuresPerAccount: RateLimit;
  passwordFailuresPerIp: RateLimit;
  passwordFailuresPerDevice: RateLimit;
  codeFailuresPerAccount: RateLimit;
  smsPerAccount: RateLimit;
  noticesPerAccount: RateLimit;
  activationFailuresPerAccount: RateLimit;
}

/** A real SMS provider's REST API (46elks style): form posts with HTTP basic auth. */
export interface HttpSmsConfig {
  provider: 'http';
  apiUrl: string;
  username: string;
  password: string;
  sender: string;
}

export interface Config {
  environment: 'development' | 'production' | 'test';
  host: string;
  port: number;
  baseUrl: string;
  secureCookies: boolean;
  database: DatabaseConfig;
  session: { secret: string; idleMinutes: number; sweepMinutes: number; absoluteHours: number };
  /** How long a device cookie (a browser that has logged in to an account) is trusted. */
  deviceCookieDays: number;
  /** The most one draft's stored answers may take, in bytes. */
  draftMaxBytes: number;
  trustProxy: boolean | number | string;
  rateLimits: RateLimitsConfig;
  logLevel: string;
  sms: { provider: 'outbox' } | HttpSmsConfig;
  seedDemoData: boolean;
  /** PDFs are made in `workers` threads; `queueMax` more may wait; the last few are kept. */
  pdf: { workers: number; queueMax: number; cacheEntries: number };
  /** Password hashes that may wait for a thread (undefined: the hasher's default). */
  passwordHashQueueMax: number | undefined;
  /** The most bytes uploads being read may hold in memory at once, in this instance. */
  uploadMemoryBytes: number;
}

export class ConfigError extends Error {
  constructor(problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Reads every setting once; the caller passes the environment so tests never touch process.env. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const parsed = environmentSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`),
    );
  }
  const values = parsed.data;
  const production = values.NODE_ENV === 'production';
  const problems: string[] = databaseProblems(env, production);

  const secret = values.SESSION_SECRET ?? (production ? '' : DEVELOPMENT_SESSION_SECRET);
  if (production && (secret === '' || secret === DEVELOPMENT_SESSION_SECRET)) {
    problems.push('SESSION_SECRET: must be set to a long random value in production');
  } else if (production && secret.length < 32) {
    problems.push('SESSION_SECRET: must be at least 32 characters in production');
  }
  if (production && !values.BASE_URL) {
    problems.push('BASE_URL: must be set in production (for example https://etjanst.kommun.se)');
  } else if (production && !values.BASE_URL?.startsWith('https://')) {
    // Personal data and session cookies must never travel in clear text.
    problems.push(
      'BASE_URL: must start with https:// in production (for example https://etjanst.kommun.se)',
    );
  }
  // The app speaks plain HTTP: https reaches it through a proxy, which must be trusted, or the
  // Secure session cookie is never sent and every form post fails.
  if (
    production &&
    values.BASE_URL?.startsWith('https:') &&
    parseTrustProxy(values.TRUST_PROXY) === false
  ) {
    problems.push('TRUST_PROXY: must be set (for example 1) when BASE_URL is https');
  }
  // `true` believes every X-Forwarded-For hop, so a client could name any address it likes and
  // slip past the per-address limits (logins, sessions, posts): a hop count or the proxies' own
  // addresses say which hops to believe.
  const trustProxy = parseTrustProxy(values.TRUST_PROXY);
  if (typeof trustProxy === 'string' && !validProxyList(trustProxy)) {
    problems.push(
      'TRUST_PROXY: give the number of proxies in front (for example 1), or their addresses ' +
        '(for example 10.0.0.5, 10.0.0.0/8, loopback)',
    );
  }
  if (production && parseTrustProxy(values.TRUST_PROXY) === true) {
    problems.push(
      'TRUST_PROXY: true trusts any client-supplied X-Forwarded-For; give the number of proxies ' +
        '(for example 1) or their addresses',
    );
  }

  // NODE_ENV defaults to development, which (like test) adds demo staff accounts with the
  // README's published password, shows every SMS code at /dev/sms and signs with a known secret:
  // an installer who forgot NODE_ENV, or set it to test, on a public https address would hand out
  // the administrator's account. A developer uses http://localhost.
  if (!production && values.BASE_URL?.startsWith('https:')) {
    problems.push(
      'NODE_ENV: set NODE_ENV=production for a public https BASE_URL (development and test ' +
        'add demo accounts with published passwords and show SMS codes at /dev/sms)',
    );
  }

  let sms: Config['sms'] = { provider: 'outbox' };
  if (values.SMS_PROVIDER === 'http') {
    const { SMS_API_URL: apiUrl, SMS_API_USERNAME: username, SMS_API_PASSWORD: password } = values;
    if (!apiUrl || !username || !password) {
      const settings = {
        SMS_API_URL: apiUrl,
        SMS_API_USERNAME: username,
        SMS_API_PASSWORD: password,
      };
      const missing = Object.entries(settings)
        .filter(([, value]) => !value)
        .map(([name]) => name);
      problems.push(`${missing.join(', ')}: must be set when SMS_PROVIDER=http`);
    } else if (production && !apiUrl.startsWith('https://')) {
      // The API password travels in every request's Authorization header.
      problems.push('SMS_API_URL: must start with https:// in production');
    } else if (/^[a-z]+:\/\/[^/]*@/i.test(apiUrl)) {
      // fetch refuses such an address, with the address (and so the key) in its error.
      problems.push(
        'SMS_API_URL: no user name or password in the address; use SMS_API_USERNAME and SMS_API_PASSWORD',
      );
    } else {
      sms = { provider: 'http', apiUrl, username, password, sender: values.SMS_SENDER };
    }
  } else if (production) {
    problems.push('SMS_PROVIDER: the development outbox cannot be used in production; use http');
  }

  if (problems.length > 0) throw new ConfigError(problems);

  const baseUrl = values.BASE_URL ?? `http://localhost:${values.PORT}`;
  return {
    environment: values.NODE_ENV,
    host: values.HOST,
    port: values.PORT,
    baseUrl,
    secureCookies: baseUrl.startsWith('https:'),
    database: parseDatabaseUrl(values.DATABASE_URL, values.DATABASE_SCHEMA),
    session: {
      secret,
      idleMinutes: values.SESSION_IDLE_MINUTES,
      sweepMinutes: values.SESSION_SWEEP_MINUTES,
      absoluteHours: values.SESSION_ABSOLUTE_HOURS,
    },
    deviceCookieDays: values.DEVICE_COOKIE_DAYS,
    draftMaxBytes: values.DRAFT_MAX_KB * 1024,
    trustProxy: parseTrustProxy(values.TRUST_PROXY),
    rateLimits: {
      newSessionsPerIp: values.RATE_LIMIT_NEW_SESSIONS_PER_IP,
      postsPerIp: values.RATE_LIMIT_POSTS_PER_IP,
      postsPerSession: values.RATE_LIMIT_POSTS_PER_SESSION,
      pdfsPerIp: values.RATE_LIMIT_PDFS_PER_IP,
      pdfsPerSession: values.RATE_LIMIT_PDFS_PER_SESSION,
      passwordFailuresPerAccount: values.RATE_LIMIT_PASSWORD_FAILURES_PER_ACCOUNT,
      passwordFailuresPerIp: values.RATE_LIMIT_PASSWORD_FAILURES_PER_IP,
      passwordFailuresPerDevice: values.RATE_LIMIT_PASSWORD_FAILURES_PER_DEVICE,
      codeFailuresPerAccount: values.RATE_LIMIT_CODE_FAILURES_PER_ACCOUNT,
      smsPerAccount: values.RATE_LIMIT_SMS_PER_ACCOUNT,
      noticesPerAccount: values.RATE_LIMIT_NOTICES_PER_ACCOUNT,
      activationFailuresPerAccount: values.RATE_LIMIT_ACTIVATION_FAILURES_PER_ACCOUNT,
    },
    logLevel: values.LOG_LEVEL,
    sms,
    seedDemoData: values.DEMO_DATA ?? !production,
    pdf: {
      workers: values.PDF_WORKERS,
      queueMax: values.PDF_QUEUE_MAX,
      cacheEntries: values.PDF_CACHE_ENTRIES,
    },
    passwordHashQueueMax: values.PASSWORD_HASH_QUEUE_MAX,
    uploadMemoryBytes: values.UPLOAD_MEMORY_MB * 1024 * 1024,
  };
}

/**
 * A production installation names its database: the development default (a SQLite file in
 * ./data) would otherwise be created, empty, whenever the setting is forgotten.
 */
function databaseProblems(env: Record<string, string | undefined>, production: boolean): string[] {
  return production && !env.DATABASE_URL
    ? [
        'DATABASE_URL: must be set in production (for example ' +
          'postgres://portal@db.internal:5432/portal, or sqlite:/var/lib/portal/portal.sqlite)',
      ]
    : [];
}

/**
 * Only the database settings (NODE_ENV, DATABASE_URL, DATABASE_SCHEMA): what the command-line
 * tools (migrate, admin) need, without the web server's secret, address or SMS provider.
 */
export function loadDatabaseConfig(env: Record<string, string | undefined>): DatabaseConfig {
  const parsed = environmentSchema
    .pick({ NODE_ENV: true, DATABASE_URL: true, DATABASE_SCHEMA: true })
    .safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`),
    );
  }
  const problems = databaseProblems(env, parsed.data.NODE_ENV === 'production');
  if (problems.length > 0) throw new ConfigError(problems);
  return parseDatabaseUrl(parsed.data.DATABASE_URL, parsed.data.DATABASE_SCHEMA);
}

/** Which database a tool works on, for its first line: never the password. */
export function describeDatabase(database: DatabaseConfig): string {
  if (database.dialect === 'sqlite') return `SQLite file ${resolve(database.file)}`;
  // Host and database only: a password may be in the URL's user part or in its query. A URL the
  // driver reads but URL does not (a Unix socket: postgres://user:pw@/db?host=/run/postgresql)
  // is not shown at all, never thrown with its text.
  try {
    const url = new URL(database.url);
    const user = url.username ? `${url.username}@` : '';
    return `PostgreSQL ${url.protocol}//${user}${url.host}${url.pathname} (schema ${database.schema})`;
  } catch {
    return `PostgreSQL (address not shown) (schema ${database.schema})`;
  }
}

/** Proxy addresses, subnets or range names, read by the library Express itself reads them with. */
function validProxyList(value: string): boolean {
  try {
    compileTrust(value.split(',').map((part) => part.trim()));
    return true;
  } catch {
    return false;
  }
}

function parseDatabaseUrl(url: string, schema: string): DatabaseConfig {
  if (url.startsWith('sqlite:')) return { dialect: 'sqlite', file: url.slice('sqlite:'.length) };
  return { dialect: 'postgres', url, schema };
}

/** Express accepts true/false, a hop count, or a list of addresses/subnets. */
function parseTrustProxy(value: string): boolean | number | string {
  if (value === 'true') return true;
  if (value === 'false' || value === '') return false;
  if (/^\d+$/.test(value)) return Number(value);
  return value;
}
