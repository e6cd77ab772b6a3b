import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { changeStatus, sendApplication } from '../helpers/cases';
import { writeAndPress } from '../helpers/casework';
import { getPage, textOf, type Page } from '../helpers/http';
import { ManualClock } from '../helpers/manual-clock';
import { staffAgent } from '../helpers/staff';
import { useTestApp } from '../helpers/test-services';

const CASEWORKER_9901 = [{ municipalityCode: '9901', role: 'caseworker' as const }];

/** The inbox's "Nya meddelanden från sökande": each case's link and what it says beside it. */
function waiting($: Page): { href: string; text: string }[] {
  return $('.portal-messages-waiting li')
    .toArray()
    .map((item) => ({
      href: $(item).find('a').attr('href') ?? '',
      text: $(item).text().replace(/\s+/g, ' ').trim(),
    }));
}

describe('the inbox: new messages from applicants, also on closed cases', () => {
  const clock = new ManualClock('2026-11-24T08:30:00Z');
  const testApp = useTestApp({ clock });

  it('SEC-29 a message on a withdrawn case is listed above every tab until a caseworker reads it; the look is in the list’s one audit row; a colleague’s case is not listed', async () => {
    const app = testApp();
    const sent = await sendApplication(app);
    const { agent } = await staffAgent(app, CASEWORKER_9901);
    const casePath = `/handlaggare/arenden/${sent.id}`;
    assert.equal((await changeStatus(agent, casePath, 'Under handläggning')).response.status, 303);
    const closed = await changeStatus(
      agent,
      casePath,
      'Återtagen (skriv varför)',
      'Den sökande drog tillbaka.',
    );
    assert.equal(closed.response.status, 303);
    const before = await getPage(agent, '/handlaggare');
    assert.equal(before.$('.portal-messages-waiting').length, 0);

    clock.advanceMinutes(5);
    const written = await writeAndPress(
      sent.agent,
      `/mina-sidor/ansokningar/${sent.id}`,
      'Skriv ett meddelande',
      'Varför avslutades min ansökan?',
      'Skicka meddelandet',
    );
    assert.equal(written.response.status, 303);

    for (const list of ['nya', 'mina', 'ej-beslutade']) {
      const { $ } = await getPage(agent, `/handlaggare?lista=${list}`);
      assert.equal(textOf($, '.portal-messages-waiting h2'), 'Nya meddelanden från sökande');
      assert.deepEqual(waiting($), [
        {
          href: `${casePath}#meddelanden`,
          text: 'Łukasz Øvergård – december 2026, Återtagen',
        },
      ]);
    }
    const row = await app.services.database.db
      .selectFrom('audit_event')
      .select('shown')
      .where('action', '=', 'list')
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();
    assert.ok((JSON.parse(row.shown ?? '[]') as string[]).includes(sent.id));

    // Someone else's case is theirs to answer.
    const colleague = await staffAgent(app, CASEWORKER_9901);
    await app.services.database.db
      .updateTable('application')
      .set({ assignee_id: colleague.staff.account.id })
      .where('id', '=', sent.id)
      .execute();
    assert.equal((await getPage(agent, '/handlaggare')).$('.portal-messages-waiting').length, 0);
    assert.equal(waiting((await getPage(colleague.agent, '/handlaggare')).$).length, 1);

    // Read on the case page: gone.
    await getPage(colleague.agent, casePath);
    const after = await getPage(colleague.agent, '/handlaggare');
    assert.equal(after.$('.portal-messages-waiting').length, 0);
  });

  it('the newest question comes first, so an old case’s does not drop out behind newer cases', async () => {
    const app = testApp();
    const older = await sendApplication(app);
    clock.advanceMinutes(5);
    const newer = await sendApplication(app);
    const { agent } = await staffAgent(app, CASEWORKER_9901);
    for (const sent of [newer, older]) {
      clock.advanceMinutes(5);
      const written = await writeAndPress(
        sent.agent,
        `/mina-sidor/ansokningar/${sent.id}`,
        'Skriv ett meddelande',
        'En fråga.',
        'Skicka meddelandet',
      );
      assert.equal(written.response.status, 303);
    }
    const { $ } = await getPage(agent, '/handlaggare');
    assert.deepEqual(
      waiting($).map((one) => one.href),
      [older, newer].map((sent) => `/handlaggare/arenden/${sent.id}#meddelanden`),
    );
  });
});
