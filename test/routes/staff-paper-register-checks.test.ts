import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { caseRows } from '../helpers/cases';
import { checkedOptions, linkNamed, messageFor, shownValue } from '../helpers/fields';
import { csrfTokenOf, errorSummaryLinks, getPage } from '../helpers/http';
import { ManualClock } from '../helpers/manual-clock';
import { familyPaperPdf } from '../helpers/paper-application';
import {
  draftPathOf,
  NOT_SAME_LEGEND,
  registerReceived,
  SIGNED_BY_APPLICANT,
  SIGNED_BY_CO_APPLICANT,
  SIGNED_LEGEND,
  typeCodes,
  uploadScans,
} from '../helpers/paper-registration';
import { samplePng } from '../helpers/sample-files';
import { staffAgent } from '../helpers/staff';
import { useTestApp } from '../helpers/test-services';

const CASEWORKER_9901 = [{ municipalityCode: '9901', role: 'caseworker' as const }];
const RECEIVED = 'Datum då ansökan kom in med post';

describe('Registrera pappersansökan: the date, the scans and the signatures', () => {
  const clock = new ManualClock('2026-11-24T08:30:00Z');
  const testApp = useTestApp({ clock });
  let codes: string[];

  before(async () => {
    codes = (await familyPaperPdf()).content.qrCodes;
  });

  it('the received date is today to begin with; registering needs both signatures ticked, says so in Swedish and keeps what was typed', async () => {
    const { agent } = await staffAgent(testApp(), CASEWORKER_9901);
    const read = await typeCodes(agent, codes.join('\n'));
    assert.equal(read.response.status, 303);
    const draftPath = read.response.headers.location ?? '';
    const draft = await getPage(agent, draftPath);
    assert.equal(shownValue(draft.$, RECEIVED), '2026-11-24', 'today, by the clock');
    assert.deepEqual(
      checkedOptions(draft.$, SIGNED_LEGEND),
      [],
      'nothing ticked for the caseworker',
    );

    const none = await registerReceived(agent, draftPath, '21 november 2026', []);
    assert.equal(none.response.status, 400);
    assert.deepEqual(errorSummaryLinks(none.$), [
      {
        text: 'Kryssa i att ansökan är underskriven av sökanden och medsökanden. En ansökan utan underskrifter kan inte registreras. Be dem skriva under.',
        href: '#underskriven-sokande',
      },
    ]);
    assert.match(messageFor(none.$, SIGNED_LEGEND), /^Kryssa i att ansökan är underskriven/);
    assert.equal(shownValue(none.$, RECEIVED), '21 november 2026', 'the typed date is kept');

    const one = await registerReceived(agent, draftPath, '21 november 2026', [SIGNED_BY_APPLICANT]);
    assert.equal(one.response.status, 400);
    assert.deepEqual(errorSummaryLinks(one.$), [
      {
        text: 'Kryssa i att ansökan är underskriven av medsökanden. En ansökan utan båda underskrifterna kan inte registreras. Be medsökanden skriva under.',
        href: '#underskriven-medsokande',
      },
    ]);
    assert.deepEqual(
      checkedOptions(one.$, SIGNED_LEGEND),
      [SIGNED_BY_APPLICANT],
      'the tick is kept',
    );
    const id = draftPath.split('/').pop() ?? '';
    const db = testApp().services.database.db;
    const status = async () =>
      (await db.selectFrom('application').select('status').where('id', '=', id).executeTakeFirst())
        ?.status;
    assert.equal(await status(), 'draft', 'nothing registered without the signatures');

    const both = await registerReceived(agent, draftPath, '21 november 2026', [
      SIGNED_BY_APPLICANT,
      SIGNED_BY_CO_APPLICANT,
    ]);
    assert.equal(both.response.status, 303);
    assert.equal(await status(), 'inkommen');

    // "Back" to the registration's page: it is the case now, which says it is registered.
    const again = await agent.get(draftPath);
    assert.equal(again.status, 303);
    assert.equal(again.headers.location, `/handlaggare/arenden/${id}?registrerad=1#registrerad`);
    // The register form sent again from a page kept open: the same, nothing registered twice.
    const home = await getPage(agent, '/handlaggare');
    const resent = await agent
      .post(`${draftPath}/registrera`)
      .type('form')
      .send({ _csrf: csrfTokenOf(home.$) });
    assert.equal(resent.status, 303);
    assert.equal(resent.headers.location, `/handlaggare/arenden/${id}?registrerad=1#registrerad`);
    const elsewhere = await staffAgent(testApp(), [
      { municipalityCode: '9902', role: 'caseworker' },
    ]);
    assert.equal((await elsewhere.agent.get(draftPath)).status, 404, 'SEC-15');
    // SEC-29: each of those requests is one refusal in the audit log, nothing shown or changed.
    const { services } = testApp();
    for (const response of [again, resent]) {
      const logged = await services.auditLog.ofRequest(String(response.headers['x-request-id']));
      assert.deepEqual(
        logged.map((event) => [event.outcome, event.subject, event.municipality]),
        [['denied', id, '9901']],
      );
    }
    // SEC-16: a read-only user's post is refused as a write.
    const reader = await staffAgent(testApp(), [{ municipalityCode: '9901', role: 'readonly' }]);
    const readerHome = await getPage(reader.agent, '/handlaggare');
    const readerPost = await reader.agent
      .post(`${draftPath}/registrera`)
      .type('form')
      .send({ _csrf: csrfTokenOf(readerHome.$) });
    assert.equal(readerPost.status, 403);
  });

  it('SEC-28 SEC-29 the uploaded scans are links that download the scan, checked and logged; read-only and other municipalities get nothing', async () => {
    const { services } = testApp();
    const { agent } = await staffAgent(testApp(), CASEWORKER_9901);
    const png = samplePng();
    const uploaded = await uploadScans(agent, [{ filename: 'sida-1.png', bytes: png }]);
    assert.equal(uploaded.response.status, 303);
    const draftPath = uploaded.response.headers.location ?? '';
    const draft = await getPage(agent, draftPath);
    const href = linkNamed(draft.$, 'sida-1.png').attr('href') ?? '';
    const download = await agent.get(href).buffer(true);
    assert.equal(download.status, 200);
    assert.equal(download.headers['content-type'], 'image/png');
    assert.match(download.headers['content-disposition'] ?? '', /^attachment;.*sida-1\.png/);
    assert.equal(download.headers['x-content-type-options'], 'nosniff');
    assert.ok(Buffer.compare(download.body as Buffer, png) === 0);
    const logged = await services.auditLog.ofRequest(String(download.headers['x-request-id']));
    const id = draftPath.split('/').pop() ?? '';
    assert.deepEqual(
      logged.map((event) => [event.action, event.outcome, event.subject, event.municipality]),
      [['download', 'ok', id, '9901']],
    );

    const wrongFile = await agent.get(href.replace(/[0-9a-f]{4}$/, '0000'));
    assert.equal(wrongFile.status, 404);
    assert.deepEqual(
      (await services.auditLog.ofRequest(String(wrongFile.headers['x-request-id']))).map(
        (event) => [event.action, event.outcome],
      ),
      [['download', 'denied']],
    );
    const reader = await staffAgent(testApp(), [{ municipalityCode: '9901', role: 'readonly' }]);
    assert.equal((await reader.agent.get(href)).status, 403);
    const elsewhere = await staffAgent(testApp(), [
      { municipalityCode: '9902', role: 'caseworker' },
    ]);
    const refused = await elsewhere.agent.get(href);
    assert.equal(refused.status, 404);
    assert.ok(!refused.text.includes('sida-1.png'));
  });

  it('a registered paper application is in "Nya" for the other caseworkers: registering it, and the registrar looking at it, does not open it', async () => {
    const { agent } = await staffAgent(testApp(), CASEWORKER_9901);
    const read = await typeCodes(agent, codes.join('\n'));
    const draftPath = read.response.headers.location ?? '';
    const registered = await registerReceived(agent, draftPath, '2026-11-23');
    assert.equal(registered.response.status, 303);
    const landing = registered.response.headers.location ?? '';
    // The case, with the notice that it is registered (the list links the case itself).
    const casePath = landing.replace(/[?#].*$/, '');
    assert.match(casePath, /^\/handlaggare\/arenden\/[^/]+$/);
    // The registrar lands on the case and looks at it.
    assert.equal((await getPage(agent, landing)).response.status, 200);
    const inNya = async (who: typeof agent) =>
      caseRows((await getPage(who, '/handlaggare')).$).some((row) => row.href === casePath);
    const colleague = await staffAgent(testApp(), CASEWORKER_9901);
    assert.ok(await inNya(colleague.agent), 'new to the colleague');
    assert.ok(await inNya(agent), 'still new: no other caseworker has opened it');
    await getPage(colleague.agent, casePath);
    assert.ok(!(await inNya(colleague.agent)), 'opened by a caseworker of the municipality');
  });
});

describe('Registrera pappersansökan: the same paper twice', () => {
  const testApp = useTestApp({ clock: new ManualClock('2026-11-24T08:30:00Z') });

  it('the same paper read twice and registered from two tabs: the second waits until the caseworker says it is another application', async () => {
    const { agent } = await staffAgent(testApp(), CASEWORKER_9901);
    const { qrCodes } = (await familyPaperPdf()).content;
    const first = draftPathOf((await typeCodes(agent, qrCodes.join('\n'))).response);
    const second = draftPathOf((await typeCodes(agent, qrCodes.join('\n'))).response);
    // The second tab is opened while nothing is registered: no warning on it.
    const secondTab = await getPage(agent, second);
    assert.equal(secondTab.$(`legend:contains("${NOT_SAME_LEGEND}")`).length, 0);
    assert.equal((await registerReceived(agent, first, '2026-11-23')).response.status, 303);

    const stopped = await registerReceived(agent, second, '2026-11-23', undefined, {
      shown: secondTab.$,
    });
    assert.equal(stopped.response.status, 400);
    const sameText =
      'Det finns redan en ansökan för samma person och månad. Öppna den och jämför. Är det en annan ansökan, kryssa i rutan Inte samma ansökan och registrera igen. Är det samma, ta bort den här registreringen.';
    assert.deepEqual(errorSummaryLinks(stopped.$), [{ text: sameText, href: '#inte-samma' }]);
    assert.equal(messageFor(stopped.$, NOT_SAME_LEGEND), sameText);
    assert.deepEqual(checkedOptions(stopped.$, NOT_SAME_LEGEND), []);
    assert.equal(shownValue(stopped.$, RECEIVED), '2026-11-23', 'the typed date is kept');
    // Said at the top too, with a way down to the application already there.
    assert.equal(
      linkNamed(stopped.$, 'Se ansökan innan du registrerar').attr('href'),
      '#paper-duplicates-heading',
    );
    const sent = async () =>
      Number(
        (
          await testApp()
            .services.database.db.selectFrom('application')
            .select((eb) => eb.fn.countAll().as('count'))
            .where('status', '!=', 'draft')
            .executeTakeFirstOrThrow()
        ).count,
      );
    assert.equal(await sent(), 1, 'registered once');
    const unticked = await registerReceived(agent, second, '2026-11-23', undefined, {
      notSame: false,
    });
    assert.equal(unticked.response.status, 400);
    assert.equal(await sent(), 1);

    const confirmed = await registerReceived(agent, second, '2026-11-23');
    assert.equal(confirmed.response.status, 303);
    assert.equal(await sent(), 2);
  });
});
