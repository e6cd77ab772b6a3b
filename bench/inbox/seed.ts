import type { Kysely } from 'kysely';
import { sql } from '../../services/db/kysely';
import { nameWords, type CaseColumns } from '../../services/case-columns';
import type { Database } from '../../services/db/schema';
import {
  APPLICATIONS_PER_PERSON,
  FIRST_NAMES,
  LAST_NAMES,
  MUNICIPALITY_SHARES,
  OPENED_NEW_PER_MILLE,
  PARTNER_OFFSET,
  PARTNER_PER_MILLE,
  POST_PER_MILLE,
  STATUS_BY_AGE,
  seedMonths,
} from './seed-plan';
import {
  col,
  layer,
  lit,
  pick,
  spread,
  text,
  uuidOf,
  type Expr,
  type SeedDialect,
} from './seed-sql';
import { TEMPLATE_NAMES, type SentTemplate } from './template';

export interface SeedOptions {
  dialect: SeedDialect;
  applications: number;
  today: Date;
  templates: { family: SentTemplate; single: SentTemplate };
  /** The logged-in caseworker of the first municipality: one in 20 of its cases are theirs. */
  caseworkerId: string;
}

// Multipliers for `spread`: one per thing decided per row, so the decisions look independent.
const SALT = {
  person: 1_103_515_245 % 2_147_483_647,
  month: 48_271,
  time: 69_621,
  status: 16_807,
  opened: 39_373,
  channel: 950_706_376,
  staff: 742_938_285,
  municipality: 1_226_874_159,
  partner: 630_360_016,
  firstName: 397_204_094,
  lastName: 282_475_249,
  id: 1_583_458_089,
} as const;

const DAY = 86_400_000;
const HOUR = 3_600_000;

/**
 * A personnummer from a person number: birth date 1950–2004 and serial in mixed radix (so every
 * number up to 16 million gives another), and the Luhn check digit the forms demand. Two layers:
 * the digits, then the texts.
 */
function personnummerLayers(dialect: SeedDialect, from: Expr, person: Expr, prefix: string) {
  const birth = sql`((1950 + ${person} % 55) * 10000 + (1 + (${person} / 55) % 12) * 100 + (1 + (${person} / 660) % 28))`;
  const serial = sql`(100 + (${person} / 18480) % 900)`;
  const digits = layer(dialect, from, { [`${prefix}birth`]: birth, [`${prefix}serial`]: serial });
  const nine = sql`((${col(`${prefix}birth`)} % 1000000) * 1000 + ${col(`${prefix}serial`)})`;
  const terms = Array.from({ length: 9 }, (_, at) => {
    const digit = sql`((${nine} / ${lit(10 ** (8 - at))}) % 10)`;
    return at % 2 === 0 ? sql`((2 * ${digit}) / 10 + (2 * ${digit}) % 10)` : digit;
  });
  const check = sql`((10 - (${sql.join(terms, sql` + `)}) % 10) % 10)`;
  const withCheck = layer(dialect, digits, { [`${prefix}check`]: check });
  const [b, s, c] = ['birth', 'serial', 'check'].map((name) => text(col(`${prefix}${name}`)));
  return layer(dialect, withCheck, {
    [`${prefix}pnr`]: sql`concat(${b}, ${s}, ${c})`,
    [`${prefix}dash`]: sql`concat(${b}, '-', ${s}, ${c})`,
    [`${prefix}ten`]: sql`concat(${dialect.pad(sql`${col(`${prefix}birth`)} % 1000000`, 6)}, ${s}, ${c})`,
  });
}

/** Which municipality a person lives in: cumulative shares over a spread number. */
function municipalityIndex(person: Expr): Expr {
  let below = 0;
  const branches = MUNICIPALITY_SHARES.map(({ perMille }, at) => {
    below += perMille;
    return sql`when ${spread(person, SALT.municipality)} % 1000 < ${lit(below)} then ${lit(at)}`;
  });
  return sql`(case ${sql.join(branches, sql` `)} else 0 end)`;
}

/** The status by age in days and a spread number in [0, 1000). */
function statusOf(ageDays: Expr, draw: Expr): Expr {
  const bands = STATUS_BY_AGE.map(({ maxDays, mix }) => {
    let below = 0;
    const branches = mix.map(([status, perMille]) => {
      below += perMille;
      return sql`when ${draw} < ${lit(below)} then ${lit(status)}`;
    });
    const inner = sql`(case ${sql.join(branches, sql` `)} end)`;
    return Number.isFinite(maxDays) ? sql`when ${ageDays} < ${lit(maxDays)} then ${inner}` : inner;
  });
  const last = bands.pop();
  return sql`(case ${sql.join(bands, sql` `)} else ${last} end)`;
}

/** Which first and last name person `person` has (from separate spreads). */
function nameAt(person: Expr) {
  return {
    first: sql`${spread(person, SALT.firstName)} % ${lit(FIRST_NAMES.length)}`,
    last: sql`${spread(person, SALT.lastName)} % ${lit(LAST_NAMES.length)}`,
  };
}

/** The name parts of person `person`. */
function names(person: Expr) {
  const at = nameAt(person);
  return { first: pick(FIRST_NAMES, at.first), last: pick(LAST_NAMES, at.last) };
}

/** A full name's number: first name's index times the number of last names plus the last's. */
function fullNameOf(person: Expr): Expr {
  const at = nameAt(person);
  return sql`(${at.first} * ${lit(LAST_NAMES.length)} + ${at.last})`;
}

/**
 * Every full name the seed gives, by its number, split into words as the name search folds
 * them (services/case-columns.ts nameWords): the seed's case_name_word rows join this.
 */
export function nameWordRows(): { full_name: number; word: string }[] {
  return FIRST_NAMES.flatMap((first, firstAt) =>
    LAST_NAMES.flatMap((last, lastAt) =>
      nameWords(`${first} ${last}`).map((word) => ({
        full_name: firstAt * LAST_NAMES.length + lastAt,
        word,
      })),
    ),
  );
}

/** How many applicants the applications are spread over. */
export function peopleFor(applications: number): number {
  return Math.max(10, Math.round(applications / APPLICATIONS_PER_PERSON));
}

/**
 * Every application as one row of plain values (who, where, when, status, assignee, the names
 * and personnummer its texts carry), computed by the database from a row number: the inserts
 * into the real tables all read it, so each derives the same values without a round trip.
 */
function planQuery(options: SeedOptions): Expr {
  const { dialect, applications, today } = options;
  const months = seedMonths(today);
  const people = peopleFor(applications);
  const i = col('i');
  const k = col('k');
  const draws = layer(dialect, dialect.series(applications), {
    k: sql`1 + ${spread(i, SALT.person)} % ${lit(people)}`,
    m: sql`${spread(i, SALT.month)} % ${lit(months.length)}`,
    draw_status: sql`${spread(i, SALT.status)} % 1000`,
    draw_opened: sql`${spread(i, SALT.opened)} % 1000`,
    draw_channel: sql`${spread(i, SALT.channel)} % 1000`,
    draw_staff: spread(i, SALT.staff),
  });
  const person = layer(dialect, draws, {
    place: municipalityIndex(k),
    family: sql`case when ${spread(k, SALT.partner)} % 1000 < ${lit(PARTNER_PER_MILLE)} then 1 else 0 end`,
    received_at: sql`${pick(
      months.map((month) => month.start),
      col('m'),
    )} + ${spread(i, SALT.time)} % ${pick(
      months.map((month) => month.length),
      col('m'),
    )}`,
  });
  const applicant = personnummerLayers(dialect, person, k, 'a_');
  const partnerNumber = sql`(${k} + ${lit(PARTNER_OFFSET)})`;
  const partner = personnummerLayers(dialect, applicant, partnerNumber, 'p_');
  const aged = layer(dialect, partner, {
    status: statusOf(
      sql`(${lit(today.getTime())} - received_at) / ${lit(DAY)}`,
      col('draw_status'),
    ),
  });
  const caseworkers = pick(
    MUNICIPALITY_SHARES.map((share) => share.caseworkers),
    col('place'),
  );
  const colleague = sql`(place * 100 + draw_staff % ${caseworkers})`;
  const own = names(k);
  const partnerNames = names(partnerNumber);
  return layer(dialect, aged, {
    app_id: uuidOf(dialect, i, '0a00', SALT.id),
    owner_id: uuidOf(dialect, k, '0acc', SALT.id),
    municipality_code: pick(
      MUNICIPALITY_SHARES.map((share) => share.code),
      col('place'),
    ),
    channel: sql`case when draw_channel < ${lit(POST_PER_MILLE)} then 'post' else 'e-tjanst' end`,
    opened_at: sql`case
      when status = 'inkommen' and draw_opened >= ${lit(OPENED_NEW_PER_MILLE)} then null
      when status = 'vantar-medsokande' then null
      else received_at + (1 + draw_opened % 72) * ${lit(HOUR)} end`,
    assignee_id: sql`case
      when status in ('inkommen', 'vantar-medsokande') then null
      when ${colleague} = 0 then ${text(sql.val(options.caseworkerId))}
      else ${uuidOf(dialect, colleague, '05ff', SALT.id)} end`,
    first_name: own.first,
    last_name: own.last,
    full_name: fullNameOf(k),
    p_full_name: fullNameOf(partnerNumber),
    p_first: partnerNames.first,
    p_last: partnerNames.last,
    period: pick(
      months.map((month) => month.period),
      col('m'),
    ),
    period_text: pick(
      months.map((month) => month.periodText),
      col('m'),
    ),
  });
}

/** What in the templates' texts is the person's or the period's, by the plan column it becomes. */
const PLACEHOLDERS: [string, string][] = [
  [TEMPLATE_NAMES.firstName, 'first_name'],
  [TEMPLATE_NAMES.lastName, 'last_name'],
  [TEMPLATE_NAMES.personnummer, 'a_pnr'],
  [`${TEMPLATE_NAMES.personnummer.slice(0, 8)}-${TEMPLATE_NAMES.personnummer.slice(8)}`, 'a_dash'],
  [TEMPLATE_NAMES.partnerFirstName, 'p_first'],
  [TEMPLATE_NAMES.partnerLastName, 'p_last'],
  [TEMPLATE_NAMES.partnerPersonnummer, 'p_pnr'],
  [
    `${TEMPLATE_NAMES.partnerPersonnummer.slice(0, 8)}-${TEMPLATE_NAMES.partnerPersonnummer.slice(8)}`,
    'p_dash',
  ],
  [TEMPLATE_NAMES.partnerPersonnummer.slice(2), 'p_ten'],
  [TEMPLATE_NAMES.periodText, 'period_text'],
  [TEMPLATE_NAMES.period, 'period'],
];

/**
 * A template text as one concat() of its fixed pieces (parameters) and the plan's columns: the
 * database writes each row's text in one go, which is far cheaper than nested replace() calls.
 */
function filled(template: string): Expr {
  const tokens = [...PLACEHOLDERS].sort(([a], [b]) => b.length - a.length);
  const pattern = new RegExp(
    tokens.map(([token]) => token.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'),
    'gu',
  );
  const pieces: Expr[] = [];
  let from = 0;
  for (const match of template.matchAll(pattern)) {
    pieces.push(text(sql.val(template.slice(from, match.index))));
    pieces.push(col(tokens.find(([token]) => token === match[0])?.[1] ?? ''));
    from = match.index + match[0].length;
  }
  pieces.push(text(sql.val(template.slice(from))));
  return sql`concat(${sql.join(pieces)})`;
}

function byHousehold(options: SeedOptions, part: 'input' | 'answers' | 'snapshot'): Expr {
  const { family, single } = options.templates;
  return sql`case when family = 1 then ${filled(family[part])} else ${filled(single[part])} end`;
}

/** An inbox column as the submission wrote it in the template, with this row's person in it. */
function caseColumn(options: SeedOptions, name: keyof CaseColumns): Expr {
  const one = (value: string | number | null) =>
    value === null ? sql`null` : typeof value === 'number' ? lit(value) : filled(value);
  const { family, single } = options.templates;
  return sql`case when family = 1 then ${one(family.columns[name])} else ${one(single.columns[name])} end`;
}

/**
 * The seed writes each person's name words from FIRST_NAMES and LAST_NAMES folded by nameWords,
 * as recordCaseColumns writes them from the form's signers: true only if the templates' rows,
 * written by the real submission, are the template names' words.
 */
function checkTemplateWords(templates: SeedOptions['templates']) {
  const applicant = `${TEMPLATE_NAMES.firstName} ${TEMPLATE_NAMES.lastName}`;
  const partner = `${TEMPLATE_NAMES.partnerFirstName} ${TEMPLATE_NAMES.partnerLastName}`;
  const expected = (people: string[]) =>
    people
      .flatMap((name, person) => nameWords(name).map((word) => `${String(person)}:${word}`))
      .sort()
      .join(' ');
  const actual = (template: SentTemplate) =>
    template.words
      .map((one) => `${String(one.person)}:${one.word}`)
      .sort()
      .join(' ');
  if (
    actual(templates.family) !== expected([applicant, partner]) ||
    actual(templates.single) !== expected([applicant]) ||
    templates.family.columns.applicant_name !== applicant
  ) {
    throw new Error('The submission writes name words the seed does not: update the seed');
  }
}

/** The name words of person 0 (the applicant) and, in families, 1 (the medsökande). */
function nameWordInserts(dialect: SeedDialect): Expr[] {
  const rows = nameWordRows();
  const values = sql.join(
    rows.map((row) => sql`(${lit(row.full_name)}, ${text(sql.val(row.word))})`),
  );
  const insert = (person: number, fullName: string, where: Expr) =>
    sql`insert into case_name_word (application_id, person, word, municipality_code, received_at)
      select p.app_id, ${lit(person)}, w.word, p.municipality_code, p.received_at
      from bench_plan as p inner join bench_name_word as w on w.full_name = p.${sql.raw(fullName)}
      where ${where}`;
  return [
    sql`create temporary table bench_name_word (full_name integer not null, word varchar(50) not null)`,
    sql`insert into bench_name_word (full_name, word) values ${values}`,
    ...(dialect.name === 'postgres' ? [sql`analyze bench_name_word`] : []),
    insert(0, 'full_name', sql`1 = 1`),
    insert(1, 'p_full_name', sql`p.family = 1`),
    sql`drop table bench_name_word`,
  ];
}

/** The accounts of the people who apply, each in their municipality. */
function applicantsInsert(options: SeedOptions): Expr {
  const { dialect } = options;
  const k = col('i');
  const people = personnummerLayers(
    dialect,
    layer(dialect, dialect.series(peopleFor(options.applications)), {
      place: municipalityIndex(k),
    }),
    k,
    'a_',
  );
  const own = names(k);
  const created = lit(options.today.getTime() - 800 * DAY);
  return sql`insert into account (id, kind, personnummer, username, name, mobile,
      municipality_code, password_hash, password_changed_at, disabled_at, created_at, updated_at)
    select ${uuidOf(dialect, k, '0acc', SALT.id)}, 'applicant', a_pnr, null,
      concat(${own.first}, ' ', ${own.last}), concat('+4670', ${dialect.pad(k, 7)}),
      ${pick(
        MUNICIPALITY_SHARES.map((share) => share.code),
        col('place'),
      )}, null, null, null, ${created}, ${created}
    from ${people} as people`;
}

/** The other caseworkers the plan assigns cases to, and their grants. */
function colleaguesInserts(dialect: SeedDialect): Expr[] {
  const i = col('i');
  const place = sql`(${i} / 100)`;
  const code = pick(
    MUNICIPALITY_SHARES.map((share) => share.code),
    place,
  );
  const staff = sql`(select i from ${dialect.series(MUNICIPALITY_SHARES.length * 100)} as s
    where i % 100 < ${pick(
      MUNICIPALITY_SHARES.map((share) => share.caseworkers),
      place,
    )})`;
  const id = uuidOf(dialect, i, '05ff', SALT.id);
  return [
    sql`insert into account (id, kind, personnummer, username, name, mobile,
        municipality_code, password_hash, password_changed_at, disabled_at, created_at, updated_at)
      select ${id}, 'staff', null, concat('bench.', ${code}, '.', ${text(sql`${i} % 100`)}),
        concat('Handläggare ', ${code}, '-', ${text(sql`${i} % 100`)}), null, null, null, null,
        null, 0, 0
      from ${staff} as staff`,
    sql`insert into staff_grant (account_id, municipality_code, role)
      select ${id}, ${code}, 'caseworker' from ${staff} as staff`,
  ];
}

/** The tables the seed fills. */
const SEEDED_TABLES = [
  'account',
  'staff_grant',
  'application',
  'submission',
  'co_applicant',
  'application_event',
  'case_view',
  'case_name_word',
  'case_mark',
];

/**
 * The seeded tables' indexes other than primary keys and unique constraints, as the migrations
 * created them: the seed drops them and makes them again after the load, which is several
 * times faster than updating them row by row.
 */
async function secondaryIndexes(trx: Kysely<Database>, dialect: SeedDialect) {
  const tables = sql.join(SEEDED_TABLES.map((table) => lit(table)));
  const { rows } =
    dialect.name === 'postgres'
      ? await sql<{ name: string; definition: string }>`select indexname as name,
            indexdef as definition from pg_indexes
          where schemaname = current_schema() and tablename in (${tables})
            and indexname not in (select conname from pg_constraint)`.execute(trx)
      : await sql<{ name: string; definition: string }>`select name, sql as definition
          from sqlite_master where type = 'index' and tbl_name in (${tables})
            and sql is not null`.execute(trx);
  return rows;
}

/** One INSERT … SELECT per table, all reading the plan. */
function seedSteps(options: SeedOptions): [string, Expr[]][] {
  const { dialect } = options;
  const form = options.templates.family;
  // The history: sent (to inkommen, or to waiting for the medsökande), then where it is now.
  const first = sql`case when status in ('vantar-medsokande', 'avbojd-av-medsokande')
    then 'vantar-medsokande' else 'inkommen' end`;
  // Which cases have an open mark (the 'marks' step writes the marks themselves).
  const marked = sql`status = 'komplettering-begard'
    or (status = 'under-handlaggning' and draw_opened % 10 = 0)`;
  const openMarks = sql`case when ${marked} then 1 else 0 end`;
  return [
    [
      'plan',
      [sql`create temporary table bench_plan as select * from ${planQuery(options)} as plan`],
    ],
    ['staff', colleaguesInserts(dialect)],
    ['accounts', [applicantsInsert(options)]],
    [
      'applications',
      [
        sql`insert into application (id, form_id, form_version, municipality_code, owner_id,
            channel, status, input, answers, row_version, created_at, updated_at, received_at,
            assignee_id, opened_at, period, applicant_name, applicant_personnummer,
            co_personnummer, household_size, open_marks)
          select app_id, ${text(sql.val(form.formId))}, ${lit(form.formVersion)},
            municipality_code, owner_id, channel, status, ${byHousehold(options, 'input')},
            ${byHousehold(options, 'answers')}, 14, received_at - ${lit(HOUR)},
            coalesce(opened_at, received_at), received_at, assignee_id, opened_at,
            ${caseColumn(options, 'period')}, ${caseColumn(options, 'applicant_name')},
            ${caseColumn(options, 'applicant_personnummer')},
            ${caseColumn(options, 'co_personnummer')}, ${caseColumn(options, 'household_size')},
            ${openMarks}
          from bench_plan`,
      ],
    ],
    [
      'submissions',
      [
        sql`insert into submission (application_id, receipt_number, submitted_at,
            submitted_by, login_method, snapshot, pdf, pdf_sha256)
          select app_id, concat('BENCH-', ${dialect.pad(col('i'), 9)}), received_at, owner_id,
            case when i % 10 < 6 then 'sms' when i % 10 < 9 then 'kodlista' else 'aktivering' end,
            ${byHousehold(options, 'snapshot')}, null, null
          from bench_plan`,
      ],
    ],
    [
      'co-applicants',
      [
        sql`insert into co_applicant (application_id, personnummer, name, account_id, state,
            decided_at, message)
          select app_id, p_pnr, concat(p_first, ' ', p_last), null,
            case status when 'vantar-medsokande' then 'waiting'
              when 'avbojd-av-medsokande' then 'declined' else 'paper' end, null, null
          from bench_plan where family = 1`,
      ],
    ],
    [
      'events',
      [
        sql`insert into application_event (id, application_id, at, actor_id, actor_kind,
            from_status, to_status, reason)
          select ${uuidOf(dialect, col('i'), '0e01', SALT.id)}, app_id, received_at, owner_id,
            'applicant', 'draft', ${first}, null
          from bench_plan`,
        sql`insert into application_event (id, application_id, at, actor_id, actor_kind,
            from_status, to_status, reason)
          select ${uuidOf(dialect, col('i'), '0e02', SALT.id)}, app_id, opened_at, assignee_id,
            'staff', ${first}, status, null
          from bench_plan where status not in ('inkommen', 'vantar-medsokande')`,
      ],
    ],
    ['name words', nameWordInserts(dialect)],
    [
      // "Fel och brister": an open mark on each case waiting for completion and on one in ten
      // being worked on (openMarks counts them on the application); the completed ones' marks
      // are cleared.
      'marks',
      [
        sql`insert into case_mark (id, application_id, target, reason, created_at, created_by,
            cleared_at, cleared_by)
          select ${uuidOf(dialect, col('i'), '0c0a', SALT.id)}, app_id,
            'answer:inkomster.incomes.0.amount', 'Beloppet stämmer inte med lönebeskedet.',
            opened_at, assignee_id,
            case when status = 'kompletterad' then opened_at + ${lit(DAY)} else null end,
            case when status = 'kompletterad' then assignee_id else null end
          from bench_plan where ${marked} or status = 'kompletterad'`,
      ],
    ],
    [
      // "Senast öppnade": the caseworker's latest two hundred of their own.
      'views',
      [
        sql`insert into case_view (account_id, application_id, viewed_at)
          select assignee_id, app_id, opened_at from bench_plan
          where assignee_id = ${options.caseworkerId}
          order by opened_at desc limit 200`,
        sql`drop table bench_plan`,
      ],
    ],
  ];
}

/**
 * Seeds `applications` sent applications with set-based SQL in one transaction: the plan as a
 * temporary table, then one INSERT … SELECT per table. Returns the seconds each step took.
 */
export async function seedApplications(db: Kysely<Database>, options: SeedOptions) {
  checkTemplateWords(options.templates);
  const seconds: Record<string, number> = {};
  await db.transaction().execute(async (trx) => {
    if (options.dialect.name === 'postgres') {
      // One big load: no wait for each WAL flush, and room to sort in memory. The texts are
      // compressed with lz4 (PostgreSQL 14+; pglz took four times as long to write them).
      await sql`set local synchronous_commit = off`.execute(trx);
      await sql`set local work_mem = '256MB'`.execute(trx);
      await sql`set local default_toast_compression = lz4`.execute(trx);
      await sql`set local maintenance_work_mem = '512MB'`.execute(trx);
      // The rows are right by construction: a superuser skips the foreign-key checks (one
      // index lookup per row and reference) as a restore of a dump does.
      const { rows } = await sql<{
        super: boolean;
      }>`select rolsuper as super from pg_roles where rolname = current_user`.execute(trx);
      if (rows[0]?.super) await sql`set local session_replication_role = replica`.execute(trx);
    }
    const indexes = await secondaryIndexes(trx, options.dialect);
    for (const index of indexes) await sql`drop index ${sql.id(index.name)}`.execute(trx);
    for (const [name, statements] of seedSteps(options)) {
      const started = performance.now();
      for (const statement of statements) await statement.execute(trx);
      seconds[name] = (performance.now() - started) / 1000;
    }
    const started = performance.now();
    for (const index of indexes) await sql.raw(index.definition).execute(trx);
    seconds.indexes = (performance.now() - started) / 1000;
  });
  if (options.dialect.name === 'postgres') {
    // As autovacuum would soon after a load this size: the planner's statistics, and the
    // visibility map, without which no index-only scan (the name search, "Fel och brister").
    const started = performance.now();
    await sql`vacuum (analyze)`.execute(db);
    seconds.vacuum = (performance.now() - started) / 1000;
  }
  return seconds;
}
