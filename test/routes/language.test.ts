import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { safeReturnPath } from '../../middleware/safe-return-path';
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

  it("keeps a plain query, such as the login's return path", async () => {
    const agent = agentFor(testApp().app);
    const { $: login } = await getPage(agent, '/logga-in?tillbaka=%2Fmina-sidor');
    const toEnglish = login('header a[hreflang="en"]').attr('href') ?? '';
    const switched = await agent.get(toEnglish);
    assert.equal(switched.headers.location, '/logga-in?tillbaka=%2Fmina-sidor');
    const { $: english } = await getPage(agent, '/logga-in?tillbaka=%2Fmina-sidor');
    assert.equal(english('input[name="tillbaka"]').val(), '/mina-sidor');

    // A query no return path may carry is left behind rather than sent on.
    const { $: odd } = await getPage(agent, '/tillganglighet?x=//evil.example');
    assert.equal(
      odd('header a[hreflang="sv"]').attr('href'),
      '/sprak/sv?tillbaka=%2Ftillganglighet',
    );
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
      '/kommun?tillbaka=%2',
      '/kommun?tillbaka=/ansokan',
      '/kommun?tillbaka=%2Fansokan#x',
    ]) {
      assert.equal(safeReturnPath(path), '/');
    }
    assert.equal(safeReturnPath('/kommun'), '/kommun');
    assert.equal(
      safeReturnPath('/logga-in?tillbaka=%2Fmina-sidor'),
      '/logga-in?tillbaka=%2Fmina-sidor',
    );
    assert.equal(
      safeReturnPath('/ansokan/eb/avbryt?fran=boende'),
      '/ansokan/eb/avbryt?fran=boende',
    );
  });
});
