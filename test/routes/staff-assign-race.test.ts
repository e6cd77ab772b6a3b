import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useAppOn } from '../helpers/app-on-target';
import { sendApplication } from '../helpers/cases';
import { postFormOf } from '../helpers/completion';
import { buttonNamed } from '../helpers/fields';
import { getPage } from '../helpers/http';
import { ManualClock } from '../helpers/manual-clock';
import { appDatabaseTargets } from '../helpers/postgres';
import { staffAgent } from '../helpers/staff';

const CASEWORKER_9901 = [{ municipalityCode: '9901', role: 'caseworker' as const }];

// PostgreSQL too when TEST_DATABASE_URL is set: there two presses really run at once.
for (const target of appDatabaseTargets()) {
  describe(`"Tilldela mig" pressed by two caseworkers at once (${target.name})`, () => {
    const appOf = useAppOn(target, new ManualClock('2026-11-24T08:30:00Z'));

    it('one gets the case; the other is told someone else got it, never that it is theirs', async (t) => {
      const app = appOf();
      if (target.skip || !app) return t.skip(target.skip || 'no app');
      for (let round = 0; round < 3; round++) {
        const sent = await sendApplication(app);
        const casePath = `/handlaggare/arenden/${sent.id}`;
        const people: Awaited<ReturnType<typeof staffAgent>>[] = [
          await staffAgent(app, CASEWORKER_9901),
          await staffAgent(app, CASEWORKER_9901),
        ];
        const pages = await Promise.all(people.map(({ agent }) => getPage(agent, casePath)));
        const responses = await Promise.all(
          people.map(async ({ agent }, index) => {
            const $ = pages[index]?.$;
            if (!$) throw new Error('no page');
            const form = buttonNamed($, 'Tilldela mig').closest('form');
            return (await postFormOf(agent, form as never, {})).response;
          }),
        );
        const told = responses.map((response) =>
          /fel=tilldelat/.test(response.headers.location ?? '') ? 'someone else' : 'mine',
        );
        const row = await app.services.database.db
          .selectFrom('application')
          .select('assignee_id')
          .where('id', '=', sent.id)
          .executeTakeFirstOrThrow();
        const winner = people.findIndex(({ staff }) => staff.account.id === row.assignee_id);
        assert.ok(winner >= 0);
        assert.equal(told[winner], 'mine');
        assert.equal(told[1 - winner], 'someone else', JSON.stringify(told));
      }
    });
  });
}
