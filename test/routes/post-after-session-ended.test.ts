import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sendApplication } from '../helpers/cases';
import { csrfTokenOf, getPage, textOf } from '../helpers/http';
import { ManualClock } from '../helpers/manual-clock';
import { staffAgent } from '../helpers/staff';
import { useTestApp } from '../helpers/test-services';

describe('a post made after the session ended', () => {
  const clock = new ManualClock('2026-11-24T08:30:00Z');
  const testApp = useTestApp({ clock });

  it('SEC-34 a note sent after 30 idle minutes: the login says it was not saved and leads back to the case, not to the start', async () => {
    const sent = await sendApplication(testApp());
    const { agent } = await staffAgent(testApp(), [
      { municipalityCode: '9901', role: 'caseworker' },
    ]);
    const casePath = `/handlaggare/arenden/${sent.id}`;
    const { $ } = await getPage(agent, casePath);
    clock.advanceMinutes(31);
    const posted = await agent
      .post(`${casePath}/anteckningar`)
      .type('form')
      .send({ anteckning: 'Ringde den sökande.', _csrf: csrfTokenOf($) });
    assert.equal(posted.status, 303, String(posted.headers.location));
    const login = new URL(posted.headers.location ?? '', 'http://portal');
    assert.equal(login.pathname, '/personal/logga-in');
    assert.equal(login.searchParams.get('tillbaka'), casePath);
    const page = await getPage(agent, `${login.pathname}${login.search}`);
    assert.equal(
      textOf(page.$, '[role=status]'),
      'Du blev utloggad eftersom det gick en stund utan att något hände. Det du skickade sparades inte. Logga in igen, så kommer du tillbaka till sidan.',
    );
    assert.equal(page.$('input[name="tillbaka"]').val(), casePath);
  });
});
