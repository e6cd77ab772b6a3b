import { ekonomisktBistand } from './ekonomiskt-bistand';
import type { FormDefinition } from './types';

/** Every published form, each version that drafts may still be on. */
export const publishedForms: readonly FormDefinition[] = [ekonomisktBistand];

/**
 * The forms an installation offers. A draft keeps the version it was started with, so a new
 * version never breaks a draft on an older one; new drafts start on the newest.
 */
export class FormRegistry {
  private readonly forms: readonly FormDefinition[];

  constructor(forms: readonly FormDefinition[] = publishedForms) {
    this.forms = forms;
  }

  /** The form a visitor lands on from /ansokan. */
  get defaultForm(): FormDefinition {
    const first = this.forms[0];
    if (!first) throw new Error('No forms are published');
    return this.latestBySlug(first.slug) ?? first;
  }

  all(): readonly FormDefinition[] {
    return this.forms;
  }

  latestBySlug(slug: string): FormDefinition | undefined {
    return this.forms
      .filter((form) => form.slug === slug)
      .reduce<FormDefinition | undefined>(
        (latest, form) => (!latest || form.version > latest.version ? form : latest),
        undefined,
      );
  }

  find(id: string, version: number): FormDefinition | undefined {
    return this.forms.find((form) => form.id === id && form.version === version);
  }
}
