import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { safeReturnPath } from '../../routes/safe-return-path';
import { agentFor, getPage, textOf } from '../helpers/http';
import { useTestApp } from '../helpers/test-services';

describe('language switch', () => {
  const testApp = useTestApp();

  it('switches to English and back, returning to the same page', async () => {
    const agent = agentFor(testApp().app);
    const { $: swedish } = await getPage(agent, '/tillganglighet');
    const toEnglish = swedish('header a[hreflang="en"]').attr('href') ?? '';
    assert.equal(toEnglish, '/sprak/en?tillbaka=%2Ftillganglighet');

    const switched = await agent.get(toEnglish);
    assert.equal(switched.status, 303);
    assert.equal(switched.headers.location, '/tillganglighet');

    const { $: english } = await getPage(agent, '/tillganglighet');
    assert.equal(english('html').attr('lang'), 'en');
    assert.equal(textOf(english, 'h1'), 'Accessibility statement');

    await agent.get(english('header a[hreflang="sv"]').attr('href') ?? '');
    const { $: back } = await getPage(agent, '/');
    assert.equal(back('html').attr('lang'), 'sv');
  });

  it('never sends anyone to another site', () => {
    for (const path of [
      '//evil.example',
      '/\\evil.example',
      'https://evil.example',
      '',
      undefined,
      '/kommun?tillbaka=//evil.example',
      '/kommun?tillbaka=https://evil.example',
      '/?//evil.example',
    ]) {
      assert.equal(safeReturnPath(path), '/');
    }
    assert.equal(safeReturnPath('/kommun'), '/kommun');
    assert.equal(
      safeReturnPath('/ansokan/eb/avbryt?fran=boende'),
      '/ansokan/eb/avbryt?fran=boende',
    );
  });
});
