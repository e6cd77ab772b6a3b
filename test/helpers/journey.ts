import assert from 'node:assert/strict';
import * as cheerio from 'cheerio';
import type { AnyNode } from 'domhandler';
import type { Response } from 'supertest';
import type { Agent, Page } from './http';

/**
 * A small browser for HTTP tests: it follows redirects, finds fields by the text a person reads
 * (a label, a question's legend, an option's label), and posts a form with what it holds, as a
 * browser would. Nothing here knows a step's URL or a field's generated id or name.
 */

const MAX_REDIRECTS = 10;

type Selection = cheerio.Cheerio<AnyNode>;

export interface Visit {
  path: string;
  response: Response;
  $: Page;
}

/** GETs a path and follows redirects to the page they end on. */
export async function follow(agent: Agent, path: string): Promise<Visit> {
  let current = path;
  for (let hop = 0; hop < MAX_REDIRECTS; hop++) {
    const response = await agent.get(current);
    const location = response.headers.location;
    if (response.status >= 300 && response.status < 400 && location) {
      const next = new URL(location, 'http://portal.test');
      current = next.pathname + next.search;
      continue;
    }
    return { path: current, response, $: cheerio.load(response.text) };
  }
  throw new Error(`More than ${MAX_REDIRECTS} redirects from ${path}`);
}

/**
 * Follows the link a person would click, found by its text. On a step page the ways out (the
 * steps under "Visa alla steg", the header's language and Mina sidor) are buttons of the step's
 * form that look like links: pressing one sends the form as the page shows it.
 */
export async function followLink(agent: Agent, visit: Visit, text: string): Promise<Visit> {
  const named = (element: AnyNode) => visit.$(element).text().replace(/\s+/g, ' ').trim() === text;
  const links = visit.$('a[href]').toArray().filter(named);
  if (links.length > 0) return follow(agent, visit.$(links[0]).attr('href') ?? '');
  const button = visit.$('button.portal-link-button[form]').toArray().find(named);
  assert.ok(button, `a link "${text}" on ${visit.path}`);
  const form = `form#${visit.$(button).attr('form') ?? ''}`;
  const { response } = await new FormFill(visit, form).submit(
    agent,
    visit.$(button).attr('value') ?? '',
  );
  assert.equal(response.status, 303, `"${text}" on ${visit.path} leads on`);
  return follow(agent, response.headers.location as string);
}

/** What a person reads as a label or legend: its own words, not the hint or error inside it. */
function ownText($: Page, element: Selection): string {
  const copy = element.clone();
  copy.find('.label__description, .label__message, .portal-optional, .sr-only').remove();
  return copy.text().replace(/\s+/g, ' ').trim();
}

/** The form control a label names (its `for`), within a part of the page. */
export function controlByLabel($: Page, label: string, within?: string): Selection {
  const scope = within ? $(within) : $.root();
  const found = scope
    .find('label[for]')
    .toArray()
    .filter((element) => ownText($, $(element)) === label);
  assert.equal(found.length, 1, `one label "${label}"${within ? ` in ${within}` : ''}`);
  const id = $(found[0]).attr('for') ?? '';
  const control = $(`[id="${id}"]`);
  assert.equal(control.length, 1, `the control for "${label}"`);
  return control;
}

/** The fieldset a question's legend names. */
export function fieldsetByLegend($: Page, legend: string): Selection {
  const found = $('fieldset')
    .toArray()
    .filter((element) => ownText($, $(element).children('legend').first()) === legend);
  assert.equal(found.length, 1, `one question "${legend}"`);
  return $(found[0]);
}

/** The labels of a question's options, in the order shown. */
export function optionLabels($: Page, legend: string): string[] {
  return fieldsetByLegend($, legend)
    .find('input[type=radio], input[type=checkbox]')
    .toArray()
    .map((input) => ownText($, $(`label[for="${$(input).attr('id') ?? ''}"]`)));
}

/** The message shown above a field: the error inside its label (or its question's legend). */
export function messageAbove($: Page, label: string): string {
  const labelled = $('label[for], legend')
    .toArray()
    .find((element) => ownText($, $(element)) === label);
  assert.ok(labelled, `a label or legend "${label}"`);
  return $(labelled).find('.label__message--error').text().replace(/\s+/g, ' ').trim();
}

export function errorSummaryTexts($: Page): string[] {
  return $('#error-summary a')
    .toArray()
    .map((link) => $(link).text().replace(/\s+/g, ' ').trim());
}

/** One form on a page, filled in the way a person does, and sent the way a browser does. */
export class FormFill {
  private readonly values = new Map<string, string[]>();
  private readonly action: string;

  constructor(
    private readonly visit: Visit,
    selector = 'main form[method=post]',
  ) {
    const { $ } = visit;
    const form = $(selector).first();
    assert.equal(form.length, 1, `a form on ${visit.path}`);
    this.action = form.attr('action') ?? visit.path;
    // What the browser would send untouched: hidden fields, typed values, ticks and selections.
    form.find('input, textarea, select').each((_, element) => {
      const control = $(element);
      const name = control.attr('name');
      const type = control.attr('type') ?? 'text';
      if (!name || type === 'submit') return;
      if ((type === 'radio' || type === 'checkbox') && control.attr('checked') === undefined)
        return;
      const value = element.tagName === 'textarea' ? control.text() : control.val();
      this.add(name, typeof value === 'string' ? value : '');
    });
  }

  private add(name: string, value: string) {
    this.values.set(name, [...(this.values.get(name) ?? []), value]);
  }

  /** Types into a text field or text area, or picks a select's option by its label. */
  fill(label: string, value: string, within?: string): this {
    const control = controlByLabel(this.visit.$, label, within);
    const name = control.attr('name') ?? '';
    if (control.is('select')) {
      const option = control
        .find('option')
        .toArray()
        .find((element) => this.visit.$(element).text().trim() === value);
      assert.ok(option, `an option "${value}" in "${label}"`);
      this.values.set(name, [this.visit.$(option).attr('value') ?? '']);
    } else {
      this.values.set(name, [value]);
    }
    return this;
  }

  private optionOf(question: string, option: string) {
    const $ = this.visit.$;
    const input = fieldsetByLegend($, question)
      .find('input[type=radio], input[type=checkbox]')
      .toArray()
      .find((element) => ownText($, $(`label[for="${$(element).attr('id') ?? ''}"]`)) === option);
    assert.ok(input, `an option "${option}" for "${question}"`);
    return { name: $(input).attr('name') ?? '', value: $(input).attr('value') ?? '', input };
  }

  /** Chooses a radio button, or ticks a checkbox, by the question and the option's label. */
  choose(question: string, option: string): this {
    const { name, value, input } = this.optionOf(question, option);
    if (this.visit.$(input).attr('type') === 'radio') this.values.set(name, [value]);
    else this.add(name, value);
    return this;
  }

  /** Unticks a checkbox by the question and the option's label. */
  untick(question: string, option: string): this {
    const { name, value } = this.optionOf(question, option);
    this.values.set(
      name,
      (this.values.get(name) ?? []).filter((ticked) => ticked !== value),
    );
    return this;
  }

  /** Sets a field's posted value directly: what a forged request, not a browser, would send. */
  forge(question: string, value: string): this {
    const input = fieldsetByLegend(this.visit.$, question).find('input').first();
    this.values.set(input.attr('name') ?? '', [value]);
    return this;
  }

  /** Presses a submit button (`next` is "Nästa") and reads the answer. */
  async submit(agent: Agent, action = 'next'): Promise<{ response: Response; $: Page }> {
    const body = new URLSearchParams();
    for (const [name, list] of this.values) for (const value of list) body.append(name, value);
    body.set('_action', action);
    const response = await agent.post(this.action).type('form').send(body.toString());
    return { response, $: cheerio.load(response.text) };
  }

  /** Submits and expects to be sent on; returns the page the redirect leads to. */
  async submitAndFollow(agent: Agent): Promise<Visit> {
    const { response } = await this.submit(agent);
    assert.equal(
      response.status,
      303,
      `${this.visit.path} accepted: ${errorSummaryTexts(cheerio.load(response.text)).join(' | ')}`,
    );
    return follow(agent, response.headers.location as string);
  }
}

/** Chooses the municipality at /kommun by its name, then opens the application from /ansokan. */
export async function startApplication(agent: Agent, municipality = 'Exempelby kommun') {
  const choose = await follow(agent, '/kommun');
  const { response } = await new FormFill(choose)
    .choose('Vilken kommun bor du i?', municipality)
    .submit(agent);
  assert.equal(response.status, 303, 'municipality chosen');
  return follow(agent, '/ansokan');
}

/** One step of a journey: what a person fills in on the page they are on. */
export type StepFill = (form: FormFill) => FormFill;

/** Fills page after page, following where each "Nästa" leads; returns the page it ends on. */
export async function walk(agent: Agent, from: Visit, steps: readonly StepFill[]): Promise<Visit> {
  let visit = from;
  for (const fill of steps) visit = await fill(new FormFill(visit)).submitAndFollow(agent);
  return visit;
}
