import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pressButton, sendApplication } from '../helpers/cases';
import { writeAndPress } from '../helpers/casework';
import { registerSignature } from '../helpers/co-applicant-signature';
import { CASEWORKER_9901, caseUnderHandling, markAnswer } from '../helpers/completion';
import { decide } from '../helpers/decisions';
import { fieldByLabel } from '../helpers/fields';
import { getPage, type Agent } from '../helpers/http';
import { staffAgent } from '../helpers/staff';
import { useTestApp } from '../helpers/test-services';

/**
 * Where a keyboard or screen-reader user is after a case action: the address the action sends
 * the browser to names an element the browser can move focus to (tabindex="-1" on the target,
 * a field itself, or the one autofocus field inside it), and it says what happened.
 */
async function landing(agent: Agent, response: { status: number; headers: { location?: string } }) {
  assert.equal(response.status, 303);
  const location = response.headers.location ?? '';
  const [path = '', fragment = ''] = location.split('#');
  assert.ok(fragment, `no place on the page in ${location}`);
  const { $ } = await getPage(agent, path);
  const target = $(`[id="${fragment}"]`);
  assert.equal(target.length, 1, `#${fragment} is on the page`);
  const autofocus = $('[autofocus]');
  assert.ok(autofocus.length <= 1, 'at most one autofocus on a page');
  const focusable =
    target.attr('tabindex') === '-1' ||
    target.is('textarea, input, select, button') ||
    (autofocus.length === 1 && target.find('[autofocus]').length === 1);
  assert.ok(focusable, `focus can land on #${fragment}`);
  return { $, target, fragment };
}

describe('focus after an action on the case page', () => {
  const testApp = useTestApp();

  it('"Tilldela mig" and "Tilldela" to a colleague land on the notice that says so', async () => {
    const sent = await sendApplication(testApp());
    const { agent } = await staffAgent(testApp(), CASEWORKER_9901);
    const colleague = await staffAgent(testApp(), CASEWORKER_9901);
    const casePath = `/handlaggare/arenden/${sent.id}`;
    const mine = await pressButton(agent, casePath, 'Tilldela mig');
    const taken = await landing(agent, mine.response);
    assert.match(taken.target.text(), /Ärendet är tilldelat/);

    const { $ } = await getPage(agent, casePath);
    const select = fieldByLabel($, 'Tilldela en kollega');
    const option = select
      .find('option')
      .filter((_, one) => $(one).text().trim() === colleague.staff.account.name);
    assert.equal(option.length, 1, 'the colleague is offered');
    const given = await pressButton(agent, casePath, 'Tilldela', {
      [String(select.attr('name'))]: String(option.attr('value')),
    });
    const landed = await landing(agent, given.response);
    assert.equal(
      landed.target.text().trim(),
      `Ärendet är tilldelat ${colleague.staff.account.name}.`,
    );
  });

  it('a saved note, a sent message and a decision land on their section, with its notice', async () => {
    const { casePath, caseworker } = await caseUnderHandling(testApp());
    const note = await writeAndPress(
      caseworker.agent,
      casePath,
      'Ny anteckning',
      'Ringt hyresvärden.',
      'Spara anteckningen',
    );
    const notes = await landing(caseworker.agent, note.response);
    assert.equal(notes.target.text().trim(), 'Anteckningar');
    assert.match(notes.$(`section[aria-labelledby="${notes.fragment}"]`).text(), /sparad/);

    const message = await writeAndPress(
      caseworker.agent,
      casePath,
      'Nytt meddelande till den sökande',
      'Hej! Vi har fått din ansökan.',
      'Skicka meddelandet',
    );
    const messages = await landing(caseworker.agent, message.response);
    assert.equal(messages.target.text().trim(), 'Meddelanden');
    assert.ok(
      messages.$(`section[aria-labelledby="${messages.fragment}"] [role=status]`).length === 1,
      'the message section says it was sent',
    );

    await registerSignature(caseworker.agent, casePath);
    const decided = await decide(caseworker.agent, casePath);
    const decision = await landing(caseworker.agent, decided.response);
    assert.equal(decision.target.text().trim(), 'Beslut');
    assert.match(
      decision.$(`section[aria-labelledby="${decision.fragment}"] [role=status]`).text(),
      /Beslutet är fattat/,
    );
  });

  it('a mark without a reason opens with the error summary, as every form does, linked to the box to write the reason in', async () => {
    const { casePath, caseworker } = await caseUnderHandling(testApp());
    const refused = await markAnswer(caseworker.agent, casePath, 'Hur bor du?', '');
    const { $, target, fragment } = await landing(caseworker.agent, refused.response);
    assert.ok(target.is('textarea'));
    assert.equal($('#error-summary').attr('autofocus'), 'autofocus');
    assert.match($('title').text(), /^Fel: /);
    assert.deepEqual(
      $('#error-summary a')
        .map((_, link) => $(link).attr('href'))
        .get(),
      [`#${fragment}`],
    );
    assert.match(
      $('#error-summary').text(),
      /Skriv varför svaret på ”Boende – Hur bor du\?” är fel\./,
    );
    assert.equal(target.attr('aria-invalid'), 'true');
    assert.match($(`#${String(target.attr('aria-describedby'))}`).text(), /Skriv varför svaret på/);
  });
});
