import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { caseUnderHandling, markAnswer } from '../helpers/completion';
import { buttonNamed } from '../helpers/fields';
import { getPage, textOf } from '../helpers/http';
import { useTestApp } from '../helpers/test-services';

describe('Begär komplettering when only answers a completion cannot change are marked', () => {
  const testApp = useTestApp();

  it('says so at once and offers no form to fill in for nothing', async () => {
    const { casePath, caseworker } = await caseUnderHandling(testApp());
    const { agent } = caseworker;
    await markAnswer(agent, casePath, 'Civilstånd', 'Stämmer inte med folkbokföringen.');
    const { $ } = await getPage(agent, `${casePath}/komplettering`);
    assert.match(
      textOf($, 'main'),
      /De markerade svaren kan inte ändras i en komplettering \(till exempel personnummer och civilstånd\)\. Kontakta den sökande i stället\./,
    );
    assert.equal(buttonNamed($, 'Begär komplettering').length, 0);
    assert.equal(
      $('main textarea, main input[type="date"], main input[name="sista-dag"]').length,
      0,
    );

    // A mark the applicant can answer brings the form back.
    await markAnswer(agent, casePath, 'Telefonnummer', 'Numret saknar en siffra.');
    const again = await getPage(agent, `${casePath}/komplettering`);
    assert.equal(buttonNamed(again.$, 'Begär komplettering').length, 1);
  });

  it('the case page offers no Begär komplettering and says why beside the marks', async () => {
    const { casePath, caseworker } = await caseUnderHandling(testApp());
    const { agent } = caseworker;
    await markAnswer(agent, casePath, 'Civilstånd', 'Stämmer inte med folkbokföringen.');
    const { $ } = await getPage(agent, casePath);
    const marks = $('section[aria-labelledby="marks"]');
    assert.equal(
      marks.find('a, button').filter((_, el) => $(el).text().trim() === 'Begär komplettering')
        .length,
      0,
    );
    assert.match(
      marks.text().replace(/\s+/g, ' '),
      /De markerade svaren kan inte ändras i en komplettering \(till exempel personnummer och civilstånd\)\. Kontakta den sökande i stället\./,
    );

    // A mark the applicant can answer brings the button back, and the sentence goes.
    await markAnswer(agent, casePath, 'Telefonnummer', 'Numret saknar en siffra.');
    const again = await getPage(agent, casePath);
    const link = again
      .$('section[aria-labelledby="marks"] a')
      .filter((_, el) => again.$(el).text().trim() === 'Begär komplettering');
    assert.equal(link.attr('href'), `${casePath}/komplettering`);
    assert.doesNotMatch(
      textOf(again.$, 'section[aria-labelledby="marks"]'),
      /kan inte ändras i en komplettering \(/,
    );
  });
});
