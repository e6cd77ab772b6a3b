/**
 * The inbox bench's server, in a child process of its own: the real portal (createApp over real
 * services) on a database of its own seeded with many sent applications — a SQLite file, or a
 * PostgreSQL database created for the run and dropped after it — and one caseworker who logs in
 * with a password and an authenticator app. Tells the parent how to reach and log in; stops on
 * 'stop'.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from '../../services/db/kysely';
import { generate } from 'otplib';
import pg from 'pg';
import { pino } from 'pino';
import { createApp } from '../../app';
import { loadConfig } from '../../config';
import { createServices } from '../../services';
import { fixedClock } from '../../test/helpers/application';
import { benchEnvironment } from '../bench-environment';
import { seedApplications } from './seed';
import { benchMunicipality, FIRST_NAMES, LAST_NAMES, MUNICIPALITY_SHARES } from './seed-plan';
import { postgresSeed, sqliteSeed } from './seed-sql';
import { sendTemplate } from './template';

export interface InboxServer {
  portal: string;
  username: string;
  password: string;
  /** The authenticator app's secret: the parent makes the login code from it. */
  totpSecret: string;
  /** Personnummer to search for: applicants and medsökande here, and people elsewhere. */
  searches: string[];
  /** A surname many share, and one person's first name and surname, for the name search. */
  surname: string;
  fullName: string;
  applications: number;
  seedSeconds: number;
  /** Seconds per seeding step (the plan, each table, statistics). */
  seedSteps: Record<string, number>;
  databaseMegabytes: number;
}

const dialect = process.env.BENCH_INBOX_DIALECT === 'postgres' ? postgresSeed : sqliteSeed;
const applications = Number(process.env.BENCH_INBOX_ROWS ?? 10_000);
const BENCH_DATABASE = 'bench_inbox';

/** PostgreSQL: a database of the bench's own beside the others (tests' included), made anew. */
async function onAdmin(statement: string) {
  const client = new pg.Client({ connectionString: process.env.BENCH_POSTGRES_URL });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

let databaseUrl: string;
const dataDir = mkdtempSync(join(tmpdir(), 'portal-inbox-bench-'));
if (dialect.name === 'postgres') {
  await onAdmin(`drop database if exists ${BENCH_DATABASE} with (force)`);
  await onAdmin(`create database ${BENCH_DATABASE}`);
  const url = new URL(process.env.BENCH_POSTGRES_URL ?? '');
  url.pathname = `/${BENCH_DATABASE}`;
  databaseUrl = url.href;
} else {
  databaseUrl = `sqlite:${join(dataDir, 'portal.sqlite')}`;
}

const services = createServices(loadConfig(benchEnvironment(databaseUrl)), {
  clock: fixedClock,
  logDestination: pino.destination({ dest: '/dev/null', sync: true }),
});
await services.prepare();
const db = services.database.db;
const [first] = MUNICIPALITY_SHARES;
if (!first) throw new Error('No municipalities');
for (const { code } of MUNICIPALITY_SHARES) {
  if (!(await services.municipalities.find(code))) {
    await services.municipalities.add(benchMunicipality(code));
  }
}

// The caseworker of the largest municipality, who logs in with password and app code.
const username = 'handlaggare.bench';
const password = 'bänkens långa lösenord för handläggaren';
const caseworker = await services.accounts.createStaff({
  username,
  name: 'Bänk Handläggare',
  mobile: null,
  grants: [{ municipalityCode: first.code, role: 'caseworker' }],
});
await services.accounts.setPasswordHash(caseworker.id, await services.passwords.hash(password));
const { secret } = await services.appCodes.startEnrolment(caseworker.id, username);
// Enrolled with the previous time step's code, so the login may use the current one.
const now = Math.floor(fixedClock.now().getTime() / 1000);
if (
  !(await services.appCodes.confirmEnrolment(
    caseworker.id,
    await generate({ secret, epoch: now - 30 }),
  ))
) {
  throw new Error('The bench caseworker could not enrol an app');
}

const templates = {
  family: await sendTemplate(services, first.code, 'family'),
  single: await sendTemplate(services, first.code, 'single'),
};
const seedSteps = await seedApplications(db, {
  dialect,
  applications,
  today: fixedClock.now(),
  templates,
  caseworkerId: caseworker.id,
});
const seedSeconds = Object.values(seedSteps).reduce((sum, seconds) => sum + seconds, 0);

async function personnummerIn(code: string, partners: boolean, count: number) {
  const rows = partners
    ? await db
        .selectFrom('co_applicant as c')
        .innerJoin('application as a', 'a.id', 'c.application_id')
        .select('c.personnummer')
        .where('a.municipality_code', '=', code)
        .limit(count)
        .execute()
    : await db
        .selectFrom('account')
        .select('personnummer')
        .where('kind', '=', 'applicant')
        .where('municipality_code', '=', code)
        .where('id', 'like', '%-0acc-%')
        .limit(count)
        .execute();
  return rows.map((row) => row.personnummer ?? '');
}
const elsewhere = MUNICIPALITY_SHARES[1]?.code ?? first.code;
const searches = [
  ...(await personnummerIn(first.code, false, 4)),
  ...(await personnummerIn(first.code, true, 2)),
  ...(await personnummerIn(elsewhere, false, 1)),
  ...(await personnummerIn(elsewhere, true, 1)),
];

async function databaseMegabytes(): Promise<number> {
  if (dialect.name === 'sqlite') {
    const file = join(dataDir, 'portal.sqlite');
    const wal = statSync(`${file}-wal`, { throwIfNoEntry: false })?.size ?? 0;
    return (statSync(file).size + wal) / 1e6;
  }
  const { rows } = await sql<{
    size: string;
  }>`select pg_database_size(current_database()) as size`.execute(db);
  return Number(rows[0]?.size ?? 0) / 1e6;
}

const portal = await new Promise<Server>((resolve) => {
  const server = createApp(services).listen(0, '127.0.0.1', () => resolve(server));
});

async function stop() {
  portal.closeAllConnections();
  await new Promise((done) => portal.close(done));
  await services.close();
  if (dialect.name === 'postgres') await onAdmin(`drop database if exists ${BENCH_DATABASE}`);
  rmSync(dataDir, { recursive: true, force: true });
  process.exit(0);
}
process.on('message', (message) => {
  if (message === 'stop') void stop();
});
process.on('disconnect', () => void stop());
process.send?.({
  portal: `http://127.0.0.1:${(portal.address() as AddressInfo).port}`,
  username,
  password,
  totpSecret: secret,
  searches,
  surname: LAST_NAMES[0] ?? '',
  fullName: `${FIRST_NAMES[0] ?? ''} ${LAST_NAMES[0] ?? ''}`,
  applications,
  seedSeconds,
  seedSteps,
  databaseMegabytes: await databaseMegabytes(),
} satisfies InboxServer);
