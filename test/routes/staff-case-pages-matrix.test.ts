import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { changeStatus, sendApplication } from '../helpers/cases';
import { agentFor, getPage, type Agent } from '../helpers/http';
import { ManualClock } from '../helpers/manual-clock';
import { staffAgent } from '../helpers/staff';
import { useTestApp } from '../helpers/test-services';

type Who = 'anonymous' | 'applicant' | 'caseworker' | 'readonly' | 'admin' | 'elsewhere';

/** 'login': sent to the staff login; a number: that status. */
type Expected = 'login' | number;

/**
 * Every page of a case, by who asks: the staff of its municipality by role, a caseworker of
 * another municipality (the 404 of a case that does not exist), the applicant who sent it and
 * someone not logged in (both sent to the staff login). 303 where the page leads on: the check
 * page without a checked decision goes to the form.
 */
const MATRIX: [suffix: string, expected: Record<Who, Expected>][] = [
  ['', row(200, 200, 200, 404)],
  ['/ansokan.pdf', row(200, 200, 200, 404)],
  ['/komplettering', row(200, 403, 200, 404)],
  ['/beslut', row(200, 403, 200, 404)],
  ['/beslut/kontrollera', row(303, 403, 303, 404)],
  ['/underskrift-medsokande', row(200, 403, 200, 404)],
  ['/logg', row(403, 403, 200, 404)],
];

function row(
  caseworker: number,
  readonly: number,
  admin: number,
  elsewhere: number,
): Record<Who, Expected> {
  return { anonymous: 'login', applicant: 'login', caseworker, readonly, admin, elsewhere };
}

describe('SEC-18 every page of a case, by role', () => {
  const testApp = useTestApp({ clock: new ManualClock('2026-11-24T08:30:00Z') });

  it('SEC-18 SEC-15 SEC-16 gives each role what it may see and nothing more, each refusal logged', async () => {
    const app = testApp();
    const sent = await sendApplication(app);
    const casePath = `/handlaggare/arenden/${sent.id}`;
    const caseworker = await staffAgent(app, [{ municipalityCode: '9901', role: 'caseworker' }]);
    await changeStatus(caseworker.agent, casePath, 'Under handläggning');
    const agents: Record<Who, Agent> = {
      anonymous: agentFor(app.app),
      applicant: sent.agent,
      caseworker: caseworker.agent,
      readonly: (await staffAgent(app, [{ municipalityCode: '9901', role: 'readonly' }])).agent,
      admin: (await staffAgent(app, [{ municipalityCode: '9901', role: 'admin' }])).agent,
      elsewhere: (await staffAgent(app, [{ municipalityCode: '9902', role: 'caseworker' }])).agent,
    };
    const { db } = app.services.database;
    const refusals = async () =>
      Number(
        (
          await db
            .selectFrom('audit_event')
            .select((eb) => eb.fn.countAll<number | string>().as('count'))
            .where('subject', '=', sent.id)
            .where('outcome', '=', 'denied')
            .executeTakeFirstOrThrow()
        ).count,
      );

    const seen: string[] = [];
    for (const [suffix, expected] of MATRIX) {
      for (const [who, agent] of Object.entries(agents) as [Who, Agent][]) {
        const before = await refusals();
        const response = await agent.get(`${casePath}${suffix}`);
        const want = expected[who];
        const got =
          response.status === 303 &&
          /^\/personal\/logga-in(\?|$)/.test(response.headers.location ?? '')
            ? 'login'
            : response.status;
        seen.push(`${suffix || '/'} ${who}: ${got}`);
        assert.equal(got, want, `${suffix || '/'} as ${who}`);
        if (want === 403 || want === 404) {
          assert.equal(await refusals(), before + 1, `${suffix || '/'} as ${who} is logged`);
        }
      }
    }
    assert.equal(seen.length, MATRIX.length * 6);
    // The 404 leads a logged-in caseworker back to the inbox, not to the applicants' start page.
    const { $, response: missing } = await getPage(agents.elsewhere, casePath);
    assert.equal(missing.status, 404);
    assert.equal($('main a:contains("Till ärendelistan")').attr('href'), '/handlaggare');
    assert.equal($('main a:contains("Gå till startsidan")').length, 0);
  });
});
