import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as cheerio from 'cheerio';
import {
  chooseMunicipality,
  familyAnswers,
  fillSteps,
  fixedClock,
  postStep,
} from '../helpers/application';
import { agentFor, getPage, submitForm, type Page } from '../helpers/http';
import { useTestApp } from '../helpers/test-services';

/**
 * A hint or error inside a label or legend is part of the field's name, and was read a second
 * time as its description. Each one a control describes itself by is hidden from the name
 * (aria-hidden; a description is computed from it all the same), and nothing else on the page is
 * hidden so: a visible text no screen reader reaches at all would be worse than one read twice.
 */
function checkDescriptions($: Page, page: string) {
  const described = new Set(
    $('[aria-describedby]')
      .toArray()
      .flatMap((control) => ($(control).attr('aria-describedby') ?? '').split(' ')),
  );
  let inNames = 0;
  for (const control of $('[aria-describedby]').toArray()) {
    const id = $(control).attr('id');
    const label = $(control).is('fieldset')
      ? $(control).children('legend')
      : $(`label[for="${id ?? ''}"]`);
    for (const part of ($(control).attr('aria-describedby') ?? '').split(' ').filter(Boolean)) {
      const target = $(`[id="${part}"]`);
      assert.equal(target.length, 1, `${page}: #${part} is on the page`);
      if (label.find(`[id="${part}"]`).length === 0) continue;
      inNames++;
      assert.equal(
        target.attr('aria-hidden'),
        'true',
        `${page}: #${part} is read once, as the description, not in the name too`,
      );
    }
  }
  for (const hidden of $('main [aria-hidden="true"]').toArray()) {
    const text = $(hidden).text().trim();
    const id = $(hidden).attr('id');
    // Icons and units beside a field ("kr") say nothing the label does not.
    if (text.length <= 2 || $(hidden).is('.portal-unit')) continue;
    assert.ok(id && described.has(id), `${page}: "${text}" is read by no screen reader`);
  }
  return inNames;
}

describe('hints and errors in labels are read once', () => {
  const testApp = useTestApp({ clock: fixedClock });

  it('on a step with errors, the choice of municipality and the login', async () => {
    const agent = agentFor(testApp().app);
    const municipality = await submitForm(agent, '/kommun', {});
    assert.ok(checkDescriptions(cheerio.load(municipality.response.text), '/kommun') >= 2);

    await chooseMunicipality(agent);
    const period = await postStep(agent, 'period', {});
    assert.ok(checkDescriptions(cheerio.load(period.text), 'period') >= 2);
    await fillSteps(agent, familyAnswers.slice(0, 1));
    const step = await postStep(agent, 'om-dig', { postalCode: '1234' });
    assert.equal(step.status, 400);
    assert.ok(checkDescriptions(cheerio.load(step.text), 'om-dig') >= 3);

    const login = await submitForm(agent, '/logga-in', {
      personnummer: '19121212-1212',
      losenord: 'fel',
    });
    checkDescriptions(cheerio.load(login.response.text), '/logga-in');
    checkDescriptions((await getPage(agent, '/ansokan/ekonomiskt-bistand/bilagor')).$, 'bilagor');
  });
});
