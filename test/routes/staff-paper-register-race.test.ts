import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { withCheckDigit } from '../helpers/application';
import { errorSummaryLinks } from '../helpers/http';
import { ManualClock } from '../helpers/manual-clock';
import { familyPaperPdf } from '../helpers/paper-application';
import { draftPathOf, registerReceived, typeCodes } from '../helpers/paper-registration';
import { appDatabaseTargets } from '../helpers/postgres';
import { staffAgent } from '../helpers/staff';
import { useAppOn } from '../helpers/app-on-target';

const CASEWORKER_9901 = [{ municipalityCode: '9901', role: 'caseworker' as const }];

// PostgreSQL too when TEST_DATABASE_URL is set: there the two registrations really run at once.
for (const target of appDatabaseTargets()) {
  describe(`Registrera pappersansökan: the same paper registered by two caseworkers at once (${target.name})`, () => {
    const appOf = useAppOn(target, new ManualClock('2026-11-24T08:30:00Z'));

    it('one registers it; the other is asked whether it is the same application, and nothing of theirs is registered', async (t) => {
      const app = appOf();
      if (target.skip || !app) return t.skip(target.skip || 'no app');
      const people = [
        await staffAgent(app, CASEWORKER_9901),
        await staffAgent(app, CASEWORKER_9901),
      ];
      // A different applicant each round: one round's registration is no duplicate of the next.
      for (const round of ['1', '2', '3']) {
        const applicant = withCheckDigit(`79010${round}123`);
        const { qrCodes } = (
          await familyPaperPdf(undefined, { 'om-dig': { personnummer: applicant } })
        ).content;
        const drafts = await Promise.all(
          people.map(async ({ agent }) =>
            draftPathOf((await typeCodes(agent, qrCodes.join('\n'))).response),
          ),
        );
        const results = await Promise.all(
          people.map(({ agent }, index) =>
            registerReceived(agent, drafts[index] ?? '', '2026-11-23'),
          ),
        );
        const statuses = results.map((result) => result.response.status).sort();
        assert.deepEqual(statuses, [303, 400], `round ${round}`);
        const stopped = results.find((result) => result.response.status === 400);
        assert.deepEqual(
          errorSummaryLinks(stopped?.$ ?? assert.fail('no stopped page')).map((link) => link.href),
          ['#inte-samma'],
        );
        const registered = await app.services.database.db
          .selectFrom('application')
          .select((eb) => eb.fn.countAll().as('count'))
          .where('applicant_personnummer', '=', `19${applicant.replace('-', '')}`)
          .where('status', '!=', 'draft')
          .executeTakeFirstOrThrow();
        assert.equal(Number(registered.count), 1, `round ${round}: registered once`);
      }
    });
  });
}
