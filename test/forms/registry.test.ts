import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FormRegistry, publishedForms } from '../../forms';
import { missingMessageKeys, requiredMessageKeys } from '../../forms/required-keys';
import { hasMessage } from '../../locales';
import { RESERVED_SEGMENTS } from '../../routes/application-paths';
import { contactFormV1, contactFormV2 } from '../fixtures/contact-form';

describe('the form registry', () => {
  for (const form of publishedForms) {
    it(`${form.id} v${form.version}: every key it needs is in Swedish and English`, () => {
      assert.deepEqual(
        missingMessageKeys(form, (key) => hasMessage('sv', key)),
        [],
      );
      assert.deepEqual(
        missingMessageKeys(form, (key) => hasMessage('en', key)),
        [],
      );
    });

    it(`${form.id} v${form.version}: no step takes an address the journey uses itself`, () => {
      for (const step of form.steps) assert.ok(!RESERVED_SEGMENTS.includes(step.id), step.id);
    });
  }

  it('a locale without a key a definition needs fails the check, naming the key', () => {
    const [form] = publishedForms;
    assert.ok(form);
    const needed = requiredMessageKeys(form);
    assert.ok(needed.includes('eb.boende.postalCode.label'));
    assert.ok(needed.includes('eb.om-dig.civilStatus.option.sambo'));
    assert.ok(needed.includes('eb.inkomster.incomes.rowLabel'));
    const gone = 'eb.boende.postalCode.label';
    const withoutOne = (key: string) => key !== gone && hasMessage('sv', key);
    assert.deepEqual(missingMessageKeys(form, withoutOne), [gone]);
  });

  it('finds the newest version by address, and any version by id for drafts started on it', () => {
    const registry = new FormRegistry([...publishedForms, contactFormV1, contactFormV2]);
    assert.equal(registry.latestBySlug('kontakt'), contactFormV2);
    assert.equal(registry.find('kontakt-test', 1), contactFormV1);
    assert.equal(registry.latestBySlug('finns-inte'), undefined);
    assert.equal(registry.defaultForm.id, 'ekonomiskt-bistand');
  });
});
