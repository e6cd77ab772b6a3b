import type { Cheerio } from 'cheerio';
import * as cheerio from 'cheerio';
import type { Element } from 'domhandler';
import type { Agent, Page } from './http';
import { multipartBody, type FilePart, type Part } from './multipart';

/** What a person typed or ticked: change the loaded page first, then press a button. */
export function typeInto(field: Cheerio<Element>, value: string): void {
  if (field.is('textarea')) field.text(value);
  else field.attr('value', value);
}

/** Ticks (or unticks) a checkbox or chooses a radio button found with optionOf. */
export function tick($: Page, option: Cheerio<Element>, checked = true): void {
  if (option.is('input[type=radio]') && checked) {
    $(`input[type=radio][name="${option.attr('name') ?? ''}"]`).removeAttr('checked');
  }
  if (checked) option.attr('checked', 'checked');
  else option.removeAttr('checked');
}

/**
 * The form data set a browser builds when `button` is pressed (HTML's "constructing the entry
 * list"): every named, enabled control of the button's form in tree order, checked boxes only,
 * the pressed button alone of the buttons, and each file input with the files chosen for it.
 */
function entriesOf(
  $: Page,
  form: Cheerio<Element>,
  button: Cheerio<Element>,
  files: Record<string, readonly FilePart[]>,
): Part[] {
  const parts: Part[] = [];
  // Controls outside the form that name it with their `form` attribute belong to it too.
  const id = form.attr('id');
  const outside = id ? $(`[form="${id}"]`).toArray() : [];
  for (const element of [...form.find('input, select, textarea, button').toArray(), ...outside]) {
    const control = $(element);
    const name = control.attr('name');
    if (!name || control.is('[disabled]')) continue;
    if (control.is('button, input[type=submit]')) {
      if (element === button.get(0)) parts.push({ name, value: control.attr('value') ?? '' });
      continue;
    }
    if (control.is('input[type=checkbox], input[type=radio]')) {
      if (control.is('[checked]')) parts.push({ name, value: control.attr('value') ?? 'on' });
      continue;
    }
    if (control.is('input[type=file]')) {
      const chosen = files[name] ?? [];
      // No file chosen: browsers send a nameless, empty part.
      if (chosen.length === 0) parts.push({ name, filename: '', bytes: Buffer.alloc(0) });
      for (const file of chosen) parts.push({ name, ...file });
      continue;
    }
    if (control.is('select')) {
      for (const option of control.find('option[selected]').toArray()) {
        parts.push({ name, value: $(option).attr('value') ?? $(option).text() });
      }
      continue;
    }
    const value = control.is('textarea') ? control.text() : (control.attr('value') ?? '');
    parts.push({ name, value: value.replace(/\r?\n/g, '\r\n') });
  }
  return parts;
}

/**
 * Presses a submit button as a browser would: its form (the one around it, or the one its `form`
 * attribute names) is sent to the button's
 * `formaction` (else the form's action) in the button's `formenctype` (else the form's), with
 * what the page shows now and the files chosen (by the file input's name).
 */
export async function submitAsBrowser(
  agent: Agent,
  $: Page,
  button: Cheerio<Element>,
  files: Record<string, readonly FilePart[]> = {},
) {
  if (button.length !== 1) throw new Error(`Expected one button, found ${button.length}`);
  const owner = button.attr('form');
  const form = (owner ? $(`form#${owner}`) : button.closest('form')) as Cheerio<Element>;
  if (form.length !== 1) throw new Error('The button is in no form');
  const action = button.attr('formaction') ?? form.attr('action') ?? '';
  const enctype = button.attr('formenctype') ?? form.attr('enctype') ?? '';
  const parts = entriesOf($, form, button, files);
  const request = agent.post(action);
  const response =
    enctype === 'multipart/form-data'
      ? await (() => {
          const { contentType, body } = multipartBody(parts);
          return request.set('Content-Type', contentType).send(body);
        })()
      : await request
          .type('form')
          .send(
            new URLSearchParams(
              parts.map((part) => [part.name, 'bytes' in part ? part.filename : part.value]),
            ).toString(),
          );
  return { response, $: cheerio.load(response.text) };
}
