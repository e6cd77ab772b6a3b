import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { csrfTokenOf, getPage, textOf } from '../helpers/http';
import { ManualClock } from '../helpers/manual-clock';
import { multipartBody } from '../helpers/multipart';
import { PAPER_START } from '../helpers/paper-registration';
import { useAppOn } from '../helpers/app-on-target';
import { appDatabaseTargets } from '../helpers/postgres';
import { samplePng } from '../helpers/sample-files';
import { staffAgent } from '../helpers/staff';
import * as cheerio from 'cheerio';

// PostgreSQL too when TEST_DATABASE_URL is set: its transactions race and fail otherwise.
for (const target of appDatabaseTargets()) {
  describe(`Registrera pappersansökan: the posted municipality (${target.name})`, () => {
    const appOf = useAppOn(target, new ManualClock('2026-11-24T08:30:00Z'));

    it('SEC-23 a municipality not among the staff member’s own (crafted, 500 digits, another’s): 400 with a message, nothing stored or logged with it; their read-only one 403', async (t) => {
      const app = appOf();
      if (target.skip || !app) return t.skip(target.skip || 'no app');
      const db = app.services.database.db;
      const { agent } = await staffAgent(app, [
        { municipalityCode: '9901', role: 'caseworker' },
        { municipalityCode: '9902', role: 'readonly' },
      ]);
      const token = csrfTokenOf((await getPage(agent, PAPER_START)).$);
      const applications = async () =>
        Number(
          (
            await db
              .selectFrom('application')
              .select((eb) => eb.fn.countAll().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        );
      const before = await applications();
      for (const kommun of ['99%0001', '9'.repeat(500), '9903', "9901' or '1'='1"]) {
        const responses = [
          await agent.post(`${PAPER_START}/for-hand`).type('form').send({ kommun, _csrf: token }),
          await agent
            .post(`${PAPER_START}/koder`)
            .type('form')
            .send({ kommun, koder: 'EB1 x', _csrf: token }),
        ];
        const upload = multipartBody([
          { name: '_csrf', value: token },
          { name: 'kommun', value: kommun },
          { name: 'filer', filename: 'sida.png', bytes: samplePng() },
        ]);
        responses.push(
          await agent
            .post(`${PAPER_START}/skanna`)
            .set('Content-Type', upload.contentType)
            .send(upload.body),
        );
        for (const response of responses) {
          assert.equal(response.status, 400, `${kommun.slice(0, 20)}: ${response.status}`);
          const $ = cheerio.load(response.text);
          assert.match(
            textOf($, '.error-summary, main'),
            /Välj en av kommunerna i listan\. Du kan bara registrera ansökningar för de kommuner du arbetar i\./,
          );
        }
        const logged = await db
          .selectFrom('audit_event')
          .select('id')
          .where('municipality', '=', kommun)
          .execute();
        assert.deepEqual(logged, [], 'the posted value is never written to the audit log');
      }
      assert.equal(await applications(), before, 'nothing was started');

      // SEC-16 their own read-only municipality: refused with 403 and an audit row.
      const readonly = await agent
        .post(`${PAPER_START}/for-hand`)
        .type('form')
        .send({ kommun: '9902', _csrf: token });
      assert.equal(readonly.status, 403);
      const denied = await app.services.auditLog.ofRequest(readonly.headers['x-request-id'] ?? '');
      assert.deepEqual(
        denied.map((row) => [row.action, row.outcome, row.municipality, row.role]),
        [['change', 'denied', '9902', 'readonly']],
      );
      assert.equal(await applications(), before, 'nothing was started');
    });
  });
}
