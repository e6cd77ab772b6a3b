import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import * as cheerio from 'cheerio';
import ejs from 'ejs';
import { translator, type Language } from '../../../../locales';
import { AssetCatalogue } from '../../../../middleware/asset-catalogue';
import { fieldByLabel } from '../../../helpers/fields';

const views = join(import.meta.dirname, '../../../../views');
const catalogue = new AssetCatalogue([
  { prefix: '', dir: join(import.meta.dirname, '../../../../public') },
]);

interface NewPasswordField {
  name: string;
  confirmName?: string;
  labelKey?: string;
  error?: string;
  confirmError?: string;
  /** Anything a careless route might pass: the partial must never print it. */
  value?: string;
}

/** The partial as a page includes it, with the app's translator and asset URLs. */
async function render(field: NewPasswordField, language: Language = 'sv') {
  const html = await ejs.renderFile(
    join(views, 'partials/fields/new-password.ejs'),
    { t: translator(language), asset: (name: string) => catalogue.url(name), field },
    { root: views },
  );
  return cheerio.load(`<form>${html}</form>`);
}

const describedBy = ($: cheerio.CheerioAPI, input: ReturnType<typeof fieldByLabel>) =>
  (input.attr('aria-describedby') ?? '')
    .split(' ')
    .map((id) => $(`[id="${id}"]`).text().trim())
    .filter(Boolean);

describe('new password field', () => {
  it('has a labelled password box with the hint, and a labelled box to type it again', async () => {
    const $ = await render({ name: 'losenord' });
    const password = fieldByLabel($, 'Välj lösenord');
    assert.equal(password.attr('type'), 'password');
    assert.equal(password.attr('name'), 'losenord');
    assert.equal(password.attr('autocomplete'), 'new-password');
    assert.deepEqual(describedBy($, password), ['Minst 12 tecken. Gärna några ord i en mening.']);
    assert.equal(password.attr('aria-invalid'), undefined);
    const again = fieldByLabel($, 'Skriv lösenordet igen');
    assert.equal(again.attr('type'), 'password');
    assert.equal(again.attr('name'), 'losenord-igen');
    assert.equal(again.attr('autocomplete'), 'new-password');
  });

  it('SEC-2 never cuts a password short: no maxlength on either box', async () => {
    const $ = await render({ name: 'losenord' });
    assert.equal($('input[maxlength]').length, 0);
  });

  it('never writes a password back into the page, whatever it is given', async () => {
    const $ = await render({ name: 'losenord', value: 'hemligt långt lösenord', error: 'Fel.' });
    assert.ok(!$.html().includes('hemligt'));
    assert.equal($('input[value]').length, 0);
  });

  it('shows each error at its own box, linked to it', async () => {
    const $ = await render({
      name: 'losenord',
      confirmName: 'upprepa',
      error: 'Lösenordet ska ha minst 12 tecken. Ditt har 8.',
      confirmError: 'Lösenorden är inte likadana. Skriv samma lösenord i båda fälten.',
    });
    const password = fieldByLabel($, 'Välj lösenord');
    assert.equal(password.attr('aria-invalid'), 'true');
    assert.deepEqual(describedBy($, password), [
      'Minst 12 tecken. Gärna några ord i en mening.',
      'Lösenordet ska ha minst 12 tecken. Ditt har 8.',
    ]);
    assert.ok(password.closest('.text-field').hasClass('text-field--error'));
    const again = fieldByLabel($, 'Skriv lösenordet igen');
    assert.equal(again.attr('name'), 'upprepa');
    assert.equal(again.attr('aria-invalid'), 'true');
    assert.deepEqual(describedBy($, again), [
      'Lösenorden är inte likadana. Skriv samma lösenord i båda fälten.',
    ]);
  });

  it('takes its label from the locale key it is given', async () => {
    const $ = await render({ name: 'nytt', labelKey: 'site.login' });
    assert.equal(fieldByLabel($, 'Logga in').attr('name'), 'nytt');
  });

  it('hands the count texts to its script, in the page language, and has a polite live region', async () => {
    const $ = await render({ name: 'losenord' }, 'en');
    const box = $('[data-password-for="losenord"]');
    assert.equal(box.attr('data-min'), '12');
    assert.equal(box.attr('data-max'), '128');
    assert.equal(box.attr('data-short'), 'Characters typed: {count}. At least {min} are needed.');
    assert.equal(box.attr('data-enough'), 'Characters typed: {count}. That is enough.');
    assert.equal(
      box.attr('data-too-long'),
      'Characters typed: {count}. At most {max} are allowed.',
    );
    assert.equal($('#losenord-count-live').attr('aria-live'), 'polite');
    // Without the script there is nothing to show: the count stays hidden.
    assert.ok($('#losenord-count').is('[hidden]'));
    const script = $('script[src]').attr('src') ?? '';
    assert.match(script, /^\/assets\/js\/new-password\.[0-9a-f]{12}\.js$/);
    assert.equal($('script:not([src])').length, 0, 'no inline script (CSP)');
    assert.equal(
      translator('sv')('password.count.short', { count: 8, min: 12 }),
      'Du har skrivit 8 tecken. Det behövs minst 12.',
    );
  });
});
