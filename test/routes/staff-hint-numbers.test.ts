import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { registerSignature } from '../helpers/co-applicant-signature';
import { caseUnderHandling, markAnswer } from '../helpers/completion';
import { getPage, textOf } from '../helpers/http';
import { useTestApp } from '../helpers/test-services';

describe('the most a caseworker may write, as a number', () => {
  const testApp = useTestApp();

  it('is written with a space between thousands ("1 000 tecken") on the decision and completion pages, as on the case page', async () => {
    const { casePath, caseworker } = await caseUnderHandling(testApp());
    const { agent } = caseworker;
    await registerSignature(agent, casePath);
    const decision = await getPage(agent, `${casePath}/beslut`);
    assert.match(
      textOf(decision.$, 'main'),
      /Sökanden läser det i beslutsbrevet\. Högst 1 000 tecken\./,
    );
    assert.doesNotMatch(textOf(decision.$, 'main'), /1000/);

    await markAnswer(agent, casePath, 'Telefonnummer', 'Numret saknar en siffra.');
    const completion = await getPage(agent, `${casePath}/komplettering`);
    assert.match(
      textOf(completion.$, 'main'),
      /Den sökande läser det här på Mina sidor\. Högst 1 000 tecken\./,
    );
  });
});
