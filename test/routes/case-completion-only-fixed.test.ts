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
});
