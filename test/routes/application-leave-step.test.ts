import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  chooseMunicipality,
  familyAnswers,
  familyAnswersOf,
  fillSteps,
  fixedClock,
  storedApplication,
} from '../helpers/application';
import { loggedInApplicant } from '../helpers/attachments';
import { buttonNamed, fieldByLabel, optionOf } from '../helpers/fields';
import { agentFor, getPage, textOf, type Agent } from '../helpers/http';
import { submitAsBrowser, tick, typeInto } from '../helpers/submit-as-browser';
import { useTestApp } from '../helpers/test-services';

const BARN = '/ansokan/ekonomiskt-bistand/barn';
const CHILD_NAME = 'Barnets namn';

/** On "Barn": "Ja, barn bor hos mig" and a child's name typed, nothing pressed yet. */
async function typedOnBarn(agent: Agent) {
  const { $ } = await getPage(agent, BARN);
  tick($, optionOf($, 'Bor det barn hos dig?', 'Ja'));
  typeInto(fieldByLabel($, CHILD_NAME), 'Ella');
  return $;
}

/** Types a child's name on "Barn" and presses `button` (found on the page by its name). */
async function typeNameAndPress(agent: Agent, button: string) {
  const $ = await typedOnBarn(agent);
  return submitAsBrowser(agent, $, buttonNamed($, button));
}

describe('ways out of a step save what was typed on it', () => {
  const testApp = useTestApp({ clock: fixedClock });

  async function anonymousAtBarn() {
    const agent = agentFor(testApp().app);
    await chooseMunicipality(agent);
    await fillSteps(agent, familyAnswers.slice(0, 3));
    return agent;
  }

  it('"In English" on a step keeps the typed name and shows the step again in English', async () => {
    const agent = await anonymousAtBarn();
    const { response } = await typeNameAndPress(agent, 'In English');
    assert.equal(response.status, 303);
    assert.equal(response.headers.location, BARN);
    const { $ } = await getPage(agent, BARN);
    assert.equal($('html').attr('lang'), 'en');
    assert.equal(fieldByLabel($, 'Child’s name').val(), 'Ella');
    // And back to Swedish the same way: still there.
    const back = await submitAsBrowser(agent, $, buttonNamed($, 'På svenska'));
    assert.equal(back.response.headers.location, BARN);
    const { $: swedish } = await getPage(agent, BARN);
    assert.equal(fieldByLabel(swedish, CHILD_NAME).val(), 'Ella');
  });

  it('a step under "Visa alla steg" is a button that saves the step on the way', async () => {
    const agent = await anonymousAtBarn();
    const { response } = await typeNameAndPress(agent, 'Om dig');
    assert.equal(response.status, 303);
    assert.equal(response.headers.location, '/ansokan/ekonomiskt-bistand/om-dig');
    const { $ } = await getPage(agent, BARN);
    assert.equal(fieldByLabel($, CHILD_NAME).val(), 'Ella');
  });

  it('saving on the way does not judge the step: half an answer is kept, not refused', async () => {
    const agent = await anonymousAtBarn();
    const $ = await typedOnBarn(agent);
    typeInto(fieldByLabel($, 'Barnets personnummer'), '12345');
    const { response } = await submitAsBrowser(agent, $, buttonNamed($, 'Period'));
    assert.equal(response.headers.location, '/ansokan/ekonomiskt-bistand/period');
    const { $: again } = await getPage(agent, BARN);
    assert.equal(fieldByLabel(again, 'Barnets personnummer').val(), '12345');
  });

  it('a way out leads only to a path on this site', async () => {
    const agent = await anonymousAtBarn();
    for (const away of ['https://evil.example/', '//evil.example', '/\\evil.example']) {
      const { $ } = await getPage(agent, BARN);
      const button = buttonNamed($, 'Om dig');
      button.attr('value', `leave:${away}`);
      const { response } = await submitAsBrowser(agent, $, button);
      assert.equal(response.headers.location, '/', away);
    }
  });

  it('"In English" before anything is typed or saved starts no draft', async () => {
    const agent = agentFor(testApp().app);
    await chooseMunicipality(agent);
    const { $ } = await getPage(agent, '/ansokan/ekonomiskt-bistand/period');
    const { response } = await submitAsBrowser(agent, $, buttonNamed($, 'In English'));
    assert.equal(response.headers.location, '/ansokan/ekonomiskt-bistand/period');
    assert.equal(await storedApplication(testApp().services, agent), undefined);
    const { $: english } = await getPage(agent, '/ansokan/ekonomiskt-bistand/period');
    assert.equal($('html').attr('lang'), 'sv');
    assert.equal(english('html').attr('lang'), 'en');
  });

  it('Enter in a text field still presses "Nästa", not a way out in the header', async () => {
    const agent = await anonymousAtBarn();
    const { $ } = await getPage(agent, BARN);
    // A browser's implicit submission presses the form's first submit button in the page.
    const first = $('button[type="submit"]')
      .filter(
        (_, one) => ($(one).attr('form') ?? $(one).closest('form').attr('id')) === 'step-form',
      )
      .first();
    assert.equal(first.attr('value'), 'next');
  });

  it('logged in: "In English" and "Mina sidor" keep the typed name in the saved draft', async () => {
    const { agent, personnummer } = await loggedInApplicant(testApp().app, testApp().services);
    await fillSteps(agent, familyAnswersOf(personnummer).slice(0, 3));
    const english = await typeNameAndPress(agent, 'In English');
    assert.equal(english.response.headers.location, BARN);
    const { $ } = await getPage(agent, BARN);
    assert.equal(fieldByLabel($, 'Child’s name').val(), 'Ella');

    typeInto(fieldByLabel($, 'Child’s name'), 'Ella Maria');
    const home = await submitAsBrowser(agent, $, buttonNamed($, 'My pages'));
    assert.equal(home.response.headers.location, '/mina-sidor');
    const { $: myPages } = await getPage(agent, '/mina-sidor');
    assert.equal(textOf(myPages, 'h1'), 'My pages');
    const { $: again } = await getPage(agent, BARN);
    assert.equal(fieldByLabel(again, 'Child’s name').val(), 'Ella Maria');
  });
});
