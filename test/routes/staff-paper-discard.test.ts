import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buttonNamed } from '../helpers/fields';
import { getPage, textOf, type Agent, type Page } from '../helpers/http';
import { ManualClock } from '../helpers/manual-clock';
import { PAPER_START, startByHand } from '../helpers/paper-registration';
import { staffAgent } from '../helpers/staff';
import { useTestApp } from '../helpers/test-services';
import * as cheerio from 'cheerio';

/** "Ta bort registreringen" as the page shows it: its action and hidden fields. */
function discardForm($: Page) {
  const form = buttonNamed($, 'Ta bort registreringen').closest('form');
  const fields: Record<string, string> = {};
  for (const input of form.find('input[type="hidden"]').toArray()) {
    fields[String($(input).attr('name'))] = String($(input).val() ?? '');
  }
  return { action: form.attr('action') ?? '', fields };
}

const press = (agent: Agent, form: ReturnType<typeof discardForm>) =>
  agent.post(form.action).type('form').send(form.fields);

describe('Registrera pappersansökan: Ta bort registreringen from a page shown before a change', () => {
  const testApp = useTestApp({ clock: new ManualClock('2026-11-24T08:30:00Z') });

  it('a page shown before the draft changed (another tab) deletes nothing and says so; the current page deletes it', async () => {
    const { agent } = await staffAgent(testApp(), [
      { municipalityCode: '9901', role: 'caseworker' },
    ]);
    const started = await startByHand(agent);
    const draftPath = started.headers.location ?? '';
    const id = draftPath.split('/').pop() ?? '';
    const tabB = discardForm((await getPage(agent, draftPath)).$);
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
    const again = await press(agent, discardForm($));
    assert.equal(again.status, 303);
    assert.equal(again.headers.location, PAPER_START);
    const gone = await db.selectFrom('application').select('id').where('id', '=', id).execute();
    assert.deepEqual(gone, []);
  });
});
