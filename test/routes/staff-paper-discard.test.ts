import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buttonNamed } from '../helpers/fields';
import { getPage, textOf, type Agent, type Page } from '../helpers/http';
import { hrefOf } from '../helpers/decisions';
import { ManualClock } from '../helpers/manual-clock';
import { PAPER_START, startByHand, draftPathOf } from '../helpers/paper-registration';
import { staffAgent } from '../helpers/staff';
import { useTestApp } from '../helpers/test-services';
import * as cheerio from 'cheerio';

/** "Ja, ta bort registreringen" as the confirm page shows it: its action and hidden fields. */
function discardForm($: Page) {
  const form = buttonNamed($, 'Ja, ta bort registreringen').closest('form');
  const fields: Record<string, string> = {};
  for (const input of form.find('input[type="hidden"]').toArray()) {
    fields[String($(input).attr('name'))] = String($(input).val() ?? '');
  }
  return { action: form.attr('action') ?? '', fields };
}

const press = (agent: Agent, form: ReturnType<typeof discardForm>) =>
  agent.post(form.action).type('form').send(form.fields);

/** The link "Ta bort registreringen" on a draft page, followed to its confirm page. */
async function confirmPage(agent: Agent, $: Page) {
  return getPage(agent, hrefOf($, 'Ta bort registreringen'));
}

describe('Registrera pappersansökan: Ta bort registreringen from a page shown before a change', () => {
  const testApp = useTestApp({ clock: new ManualClock('2026-11-24T08:30:00Z') });

  it('a page shown before the draft changed (another tab) deletes nothing and says so; the current page deletes it', async () => {
    const { agent } = await staffAgent(testApp(), [
      { municipalityCode: '9901', role: 'caseworker' },
    ]);
    const started = await startByHand(agent);
    const draftPath = draftPathOf(started);
    const id = draftPath.split('/').pop() ?? '';
    const tabB = discardForm((await confirmPage(agent, (await getPage(agent, draftPath)).$)).$);
    assert.match(tabB.fields._version ?? '', /^\d+$/, 'the form carries the version shown');

    // Tab A saves a change: the version moves on.
    const db = testApp().services.database.db;
    await db
      .updateTable('application')
      .set((eb) => ({ row_version: eb('row_version', '+', 1) }))
      .where('id', '=', id)
      .execute();

    const stale = await press(agent, tabB);
    assert.equal(stale.status, 409);
    const $ = cheerio.load(stale.text);
    assert.match(
      textOf($, 'main'),
      /Ansökan har ändrats sedan sidan visades, så ingenting togs bort\./,
    );
    const kept = await db.selectFrom('application').select('status').where('id', '=', id).execute();
    assert.deepEqual(kept, [{ status: 'draft' }]);

    // The page shown again carries the new version: pressing there deletes it.
    const again = await press(agent, discardForm((await confirmPage(agent, $)).$));
    assert.equal(again.status, 303);
    assert.equal(again.headers.location, `${PAPER_START}?borttagen=1`);
    const gone = await db.selectFrom('application').select('id').where('id', '=', id).execute();
    assert.deepEqual(gone, []);
  });

  it('SEC-29: a draft removed in the moment before (another tab) is said to be gone, and the refused change is logged', async (t) => {
    const { agent } = await staffAgent(testApp(), [
      { municipalityCode: '9901', role: 'caseworker' },
    ]);
    const started = await startByHand(agent);
    const draftPath = draftPathOf(started);
    const id = draftPath.split('/').pop() ?? '';
    const form = discardForm((await confirmPage(agent, (await getPage(agent, draftPath)).$)).$);
    const { db } = testApp().services.database;
    // Tab A's removal lands between this post's look at the draft and its own removal.
    const registration = testApp().services.paperRegistration;
    const open = registration.open.bind(registration);
    t.mock.method(registration, 'open', async (...args: Parameters<typeof open>) => {
      const found = await open(...args);
      await db.deleteFrom('attachment').where('application_id', '=', id).execute();
      await db.deleteFrom('application').where('id', '=', id).execute();
      return found;
    });
    const refusals = async () =>
      (
        await db
          .selectFrom('audit_event')
          .select('id')
          .where('subject', '=', id)
          .where('action', '=', 'change')
          .where('outcome', '=', 'invalid')
          .execute()
      ).length;
    const before = await refusals();

    const gone = await press(agent, form);
    assert.equal(gone.status, 409);
    assert.match(textOf(cheerio.load(gone.text), 'h1'), /Ingenting togs bort/);
    assert.equal(await refusals(), before + 1);
  });

  it('Ta bort registreringen asks first on a page of its own, away from Registrera ansökan, and says when it is done', async () => {
    const { agent } = await staffAgent(testApp(), [
      { municipalityCode: '9901', role: 'caseworker' },
    ]);
    const started = await startByHand(agent);
    const draftPath = draftPathOf(started);
    const id = draftPath.split('/').pop() ?? '';
    const draft = await getPage(agent, draftPath);
    assert.equal(
      draft.$('button').filter((_, b) => /Ta bort/.test(draft.$(b).text())).length,
      0,
      'no delete button on the registration page: a link to a page that asks',
    );
    const asked = await confirmPage(agent, draft.$);
    assert.equal(asked.response.status, 200);
    assert.equal(textOf(asked.$, 'h1'), 'Vill du ta bort registreringen?');
    assert.match(textOf(asked.$, 'main'), /Det går inte att ångra\. Pappret påverkas inte\./);
    assert.match(textOf(asked.$, 'main'), /Kommun ?Exempelby/);
    assert.equal(hrefOf(asked.$, 'Nej, gå tillbaka till registreringen'), draftPath);
    const db = testApp().services.database.db;
    const still = await db.selectFrom('application').select('id').where('id', '=', id).execute();
    assert.equal(still.length, 1, 'looking at the question deletes nothing');

    const done = await press(agent, discardForm(asked.$));
    assert.equal(done.status, 303);
    const start = await getPage(agent, done.headers.location ?? '');
    assert.equal(textOf(start.$, '[role="status"]'), 'Registreringen är borttagen.');
    const gone = await db.selectFrom('application').select('id').where('id', '=', id).execute();
    assert.deepEqual(gone, []);
    // The deleted registration's pages are gone too.
    assert.equal((await agent.get(`${draftPath}/ta-bort`)).status, 404);
  });
});
