import type { Page } from './http';
import { buttonNamed, fieldByLabel } from './fields';

/**
 * The address a GET form goes to when a person picks options by their labels and presses the
 * button: every other list keeps what it shows as chosen, hidden fields go along.
 */
export function getFormAddress($: Page, button: string, choices: Record<string, string>): string {
  const form = buttonNamed($, button).closest('form');
  const params = new URLSearchParams();
  form.find('input[type=hidden]').each((_, input) => {
    params.set(String($(input).attr('name')), $(input).attr('value') ?? '');
  });
  form.find('select').each((_, select) => {
    params.set(
      String($(select).attr('name')),
      $(select).find('option[selected]').attr('value') ??
        $(select).find('option').first().attr('value') ??
        '',
    );
  });
  for (const [label, text] of Object.entries(choices)) {
    const select = fieldByLabel($, label);
    const option = select.find('option').filter((_, one) => $(one).text().trim() === text);
    if (option.length !== 1) throw new Error(`No option "${text}" in "${label}"`);
    params.set(String(select.attr('name')), String(option.attr('value')));
  }
  return `${form.attr('action') ?? ''}?${params.toString()}`;
}

/** The option a list shows as chosen, by the list's label. */
export function chosenOption($: Page, label: string): string {
  const select = fieldByLabel($, label);
  const chosen = select.find('option[selected]');
  return (chosen.length > 0 ? chosen : select.find('option').first()).text().trim();
}
