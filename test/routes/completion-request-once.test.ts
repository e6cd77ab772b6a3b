import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { caseUnderHandling, markAnswer } from '../helpers/completion';
import { buttonNamed } from '../helpers/fields';
import { getPage } from '../helpers/http';
import { ManualClock } from '../helpers/manual-clock';
import { useAppOn } from '../helpers/app-on-target';
import { appDatabaseTargets } from '../helpers/postgres';

// PostgreSQL too when TEST_DATABASE_URL is set: its transactions race and fail otherwise.
for (const target of appDatabaseTargets()) {
  describe(`"Begär komplettering" pressed twice at once (${target.name})`, () => {
    const appOf = useAppOn(target, new ManualClock('2026-11-24T08:30:00Z'));

    it('SEC-31 one request, and both presses lead to the case; the same key with other words is no repeat', async (t) => {
      const app = appOf();
      if (target.skip || !app) return t.skip(target.skip || 'no app');
      for (let round = 0; round < 3; round++) {
        const { casePath, caseworker, sent } = await caseUnderHandling(app);
        await markAnswer(caseworker.agent, casePath, 'Gatuadress', 'Stämmer inte.');
        const page = await getPage(caseworker.agent, `${casePath}/komplettering`);
        const form = buttonNamed(page.$, 'Begär komplettering').closest('form');
        const fields: Record<string, string> = { meddelande: 'Skicka rätt adress.' };
        for (const input of form.find('input[type="hidden"], input[name="sista-dag"]').toArray()) {
          fields[String(page.$(input).attr('name'))] = String(page.$(input).val());
        }
        const press = () =>
          caseworker.agent
            .post(String(form.attr('action')))
            .type('form')
            .send(fields);
        const responses = await Promise.all([press(), press()]);
        assert.deepEqual(
          responses.map((response) => response.status),
          [303, 303],
          responses.map((response) => response.text.slice(0, 300)).join('\n'),
        );
        const requests = await app.services.database.db
          .selectFrom('completion_request')
          .select('message')
          .where('application_id', '=', sent.id)
          .execute();
        assert.deepEqual(requests, [{ message: 'Skicka rätt adress.' }]);
        // The same form restored from history with other words: not taken as a repeat.
        const other = await press().then(() =>
          caseworker.agent
            .post(String(form.attr('action')))
            .type('form')
            .send({ ...fields, meddelande: 'Något annat.' }),
        );
        assert.equal(other.status, 400);
      }
    });
  });
}
