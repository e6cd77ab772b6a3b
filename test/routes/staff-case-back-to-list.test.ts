import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sendApplication } from '../helpers/cases';
import { linkNamed } from '../helpers/fields';
import { csrfTokenOf, getPage } from '../helpers/http';
import { ManualClock } from '../helpers/manual-clock';
import { staffAgent } from '../helpers/staff';
import { useTestApp } from '../helpers/test-services';

const BACK = 'Till ärendelistan';

describe('"Till ärendelistan" on a case leads back to the list the caseworker came from', () => {
  const clock = new ManualClock('2026-11-24T08:30:00Z');
  const testApp = useTestApp({ clock });

  it('a filtered list, then search results, each with the filters and the search kept; an odd address is not echoed', async () => {
    const sent = await sendApplication(testApp());
    const { agent } = await staffAgent(testApp(), [
      { municipalityCode: '9901', role: 'caseworker' },
    ]);
    const casePath = `/handlaggare/arenden/${sent.id}`;

    const first = await getPage(agent, casePath);
    assert.equal(linkNamed(first.$, BACK).attr('href'), '/handlaggare', 'no list seen yet');

    // Unknown parameters and values are dropped, the order is the list's own.
    const listed = await getPage(
      agent,
      '/handlaggare?kanal=e-tjanst&lista=ej-beslutade&x=%22%3E&sortering=nyast',
    );
    assert.equal(listed.response.status, 200);
    const fromList = await getPage(agent, casePath);
    assert.equal(
      linkNamed(fromList.$, BACK).attr('href'),
      '/handlaggare?lista=ej-beslutade&kanal=e-tjanst&sortering=nyast',
    );

    const searched = await agent
      .post('/handlaggare/arenden/sok')
      .type('form')
      .send({ sokord: sent.applicant.personnummer, _csrf: csrfTokenOf(listed.$) });
    assert.equal(searched.status, 303);
    const results = searched.headers.location ?? '';
    assert.match(results, /^\/handlaggare\/arenden\/sok\?s=[\w-]+$/);
    assert.equal((await getPage(agent, results)).response.status, 200);
    const fromSearch = await getPage(agent, casePath);
    assert.equal(linkNamed(fromSearch.$, BACK).attr('href'), results);
  });
});
