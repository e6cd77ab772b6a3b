import type { Cheerio } from 'cheerio';
import type { Element } from 'domhandler';
import type { Page } from './http';
import { fold } from './http';

/**
 * Finds form controls as a person does: by the words of their label, or of the legend of the
 * group they sit in, never by generated ids or CSS classes. `within` names the legend of an
 * enclosing fieldset, such as a group row ("Barn 2"), when the same question is asked twice.
 */
export interface Where {
  within?: string;
}

/** The name a label or legend gives its control: its text without hint, message or "(frivilligt)". */
function accessibleName($: Page, element: Cheerio<Element>): string {
  const copy = element.clone();
  copy.find('.label__description, .label__message, .portal-optional').remove();
  return copy.text().replace(/\s+/g, ' ').trim();
}

function scopeOf($: Page, where: Where): Cheerio<Element> {
  if (where.within === undefined) return $('html');
  const fieldsets = $('fieldset').filter(
    (_, fieldset) => accessibleName($, $(fieldset).children('legend').first()) === where.within,
  );
  if (fieldsets.length !== 1) {
    throw new Error(`Expected one fieldset named "${where.within}", found ${fieldsets.length}`);
  }
  return fieldsets;
}

function describe(where: Where): string {
  return where.within === undefined ? '' : ` in "${where.within}"`;
}

/** The one text box, text area or list whose label reads `label`. */
export function fieldByLabel($: Page, label: string, where: Where = {}): Cheerio<Element> {
  const scope = scopeOf($, where);
  const seen: string[] = [];
  const found = scope
    .find('label[for]')
    .toArray()
    .map((element) => $(element))
    .filter((candidate) => {
      const control = $(`[id="${candidate.attr('for') ?? ''}"]`);
      // A radio or checkbox label names an option, not a question: see choiceGroup.
      if (control.is('input[type=radio], input[type=checkbox]')) return false;
      seen.push(accessibleName($, candidate));
      return accessibleName($, candidate) === label;
    });
  if (found.length !== 1) {
    throw new Error(
      `Expected one field labelled "${label}"${describe(where)}, found ${found.length}. Labels: ${seen.join(' | ')}`,
    );
  }
  const control = $(`[id="${found[0]?.attr('for') ?? ''}"]`);
  if (control.length !== 1) throw new Error(`The label "${label}" points at no control`);
  return control;
}

/** A checkbox that stands alone (no question around it), by its label. */
export function checkboxNamed($: Page, label: string): Cheerio<Element> {
  const found = $('label[for]')
    .toArray()
    .map((element) => $(`[id="${$(element).attr('for') ?? ''}"]`))
    .filter(
      (control) =>
        control.is('input[type=checkbox]') &&
        accessibleName($, $(`label[for="${control.attr('id') ?? ''}"]`)) === label,
    );
  if (found.length !== 1)
    throw new Error(`Expected one checkbox "${label}", found ${found.length}`);
  return found[0] as Cheerio<Element>;
}

/** The radio buttons or checkboxes of the question whose legend reads `legend`. */
export function choiceGroup($: Page, legend: string, where: Where = {}): Cheerio<Element> {
  const found = scopeOf($, where)
    .find('fieldset')
    .filter(
      (_, fieldset) =>
        $(fieldset).find('input[type=radio], input[type=checkbox]').length > 0 &&
        accessibleName($, $(fieldset).children('legend').first()) === legend,
    );
  if (found.length !== 1) {
    throw new Error(`Expected one question "${legend}"${describe(where)}, found ${found.length}`);
  }
  return found;
}

/** One option of a radio or checkbox question, by the label beside it. */
export function optionOf(
  $: Page,
  legend: string,
  option: string,
  where: Where = {},
): Cheerio<Element> {
  const group = choiceGroup($, legend, where);
  const labels = group.find('label[for]').filter((_, label) => fold($(label).text()) === option);
  if (labels.length !== 1) {
    throw new Error(`Expected one option "${option}" in "${legend}", found ${labels.length}`);
  }
  return group.find(`[id="${labels.first().attr('for') ?? ''}"]`);
}

/** The labels of the options that are ticked or chosen, in page order. */
export function checkedOptions($: Page, legend: string, where: Where = {}): string[] {
  const group = choiceGroup($, legend, where);
  return group
    .find('input:checked')
    .toArray()
    .map((input) => fold(group.find(`label[for="${$(input).attr('id') ?? ''}"]`).text()));
}

/** What a field shows: the text typed, or the label of the chosen item in a list. */
export function shownValue($: Page, label: string, where: Where = {}): string {
  const control = fieldByLabel($, label, where);
  if (control.is('select')) {
    const chosen = control.find('option:selected');
    return chosen.attr('value') ? fold(chosen.text()) : '';
  }
  if (control.is('textarea')) return control.text();
  return control.val() as string;
}

/**
 * What a screen reader reads as a control's description: the texts its aria-describedby names,
 * in that order, each folded to one line. A missing target fails.
 */
export function descriptionOf($: Page, control: Cheerio<Element>): string[] {
  return (control.attr('aria-describedby') ?? '')
    .split(' ')
    .filter(Boolean)
    .map((id) => {
      const target = $(`[id="${id}"]`);
      if (target.length !== 1)
        throw new Error(`aria-describedby names #${id}, found ${target.length}`);
      return fold(target.text());
    });
}

/** The message shown with a field or question, as a screen reader reads it with the label. */
export function messageFor($: Page, labelOrLegend: string, where: Where = {}): string {
  const scope = scopeOf($, where);
  const owners = scope
    .find('label, legend')
    .filter((_, owner) => accessibleName($, $(owner)) === labelOrLegend);
  if (owners.length !== 1) {
    throw new Error(
      `Expected one label "${labelOrLegend}"${describe(where)}, found ${owners.length}`,
    );
  }
  return fold(owners.find('.label__message--error').text());
}

/** Links or buttons whose text (screen-reader text included) reads `name`. */
function named($: Page, selector: 'a' | 'button', name: string): Cheerio<Element> {
  return $(selector).filter((_, element) => fold($(element).text()) === name);
}

export function linkNamed($: Page, name: string): Cheerio<Element> {
  return named($, 'a', name);
}

export function buttonNamed($: Page, name: string): Cheerio<Element> {
  return named($, 'button', name);
}

/** The legends of the repeated rows of a group, such as "Barn 1", "Barn 2". */
export function rowLegends($: Page, pattern: RegExp): string[] {
  return $('fieldset > legend')
    .toArray()
    .map((legend) => fold($(legend).text()))
    .filter((text) => pattern.test(text));
}

/** The question a control answers, as a screen reader announces it: its label, or its group's legend. */
export function questionOf($: Page, control: Cheerio<Element>): string {
  if (control.is('input[type=radio], input[type=checkbox]')) {
    return accessibleName($, control.closest('fieldset').children('legend').first());
  }
  return accessibleName($, $(`label[for="${control.attr('id') ?? ''}"]`).first());
}
