import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { pressButton, sendApplication } from '../helpers/cases';
import { writeAndPress } from '../helpers/casework';
import { getPage } from '../helpers/http';
import { ManualClock } from '../helpers/manual-clock';
import { staffAgent } from '../helpers/staff';
import { useTestApp } from '../helpers/test-services';

const CASEWORKER_9901 = [{ municipalityCode: '9901', role: 'caseworker' as const }];
const require = createRequire(import.meta.url);
const fkuiCss = readFileSync(require.resolve('@fkui/design/lib/fkui.css'), 'utf8');
const themeCss = readFileSync(
  join(dirname(require.resolve('@fkui/theme-default/package.json')), 'dist/fkui-css-variables.css'),
  'utf8',
);

/** A declaration of an FKUI class, with its var() resolved against the default theme. */
function declared(className: string, property: string): string {
  const block = new RegExp(`\\.${className}\\s*\\{([^}]*)\\}`).exec(fkuiCss)?.[1] ?? '';
  const value = new RegExp(`(?:^|;|\\s)${property}:\\s*([^;]+);`).exec(block)?.[1]?.trim() ?? '';
  const variable = /^var\((--[\w-]+)(?:,\s*([^)]+))?\)$/.exec(value);
  if (!variable) return value;
  const name = variable[1] ?? '';
  const themed = new RegExp(`${name}:\\s*([^;]+);`).exec(themeCss)?.[1]?.trim();
  return themed ?? variable[2]?.trim() ?? '';
}

/** WCAG relative luminance of a #rrggbb colour. */
function luminance(hex: string): number {
  const channels = [1, 3, 5].map((at) => parseInt(hex.slice(at, at + 2), 16) / 255);
  const [r, g, b] = channels.map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * (r ?? 0) + 0.7152 * (g ?? 0) + 0.0722 * (b ?? 0);
}

function contrast(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return ((light ?? 0) + 0.05) / ((dark ?? 0) + 0.05);
}

describe('the inbox badge "Inte öppnad"', () => {
  const testApp = useTestApp({ clock: new ManualClock('2026-11-24T08:30:00Z') });

  it('is a filled FKUI label beside the status, not an outlined box that looks like a button, and its text keeps AA contrast', async () => {
    const sent = await sendApplication(testApp());
    const { agent } = await staffAgent(testApp(), CASEWORKER_9901);
    const { $ } = await getPage(agent, '/handlaggare?lista=ej-beslutade');
    const row = $(`table tbody tr:has(a[href="/handlaggare/arenden/${sent.id}"])`);
    const badge = row
      .find('td[data-label="Status"] .badge')
      .filter((_, element) => $(element).text().trim() === 'Inte öppnad');
    assert.equal(badge.length, 1);
    assert.equal(badge.closest('a, button').length, 0, 'not inside a control');
    const variant = (badge.attr('class') ?? '').split(/\s+/).find((name) => name !== 'badge');
    assert.equal(variant, 'badge--default');

    // Filled: its border is its background, so there is no outline to read as a control.
    const background = declared(variant, 'background-color');
    assert.equal(declared(variant, 'border-color'), background);
    assert.notEqual(background.toLowerCase(), '#fff');
    const ratio = contrast(declared(variant, 'color'), background);
    assert.ok(ratio >= 4.5, `contrast ${ratio.toFixed(2)}:1`);
    // Not the status badge's own look, so the two read as two things.
    const status = row.find('td[data-label="Status"] .badge').first();
    assert.equal(status.text().trim(), 'Inkommen');
    assert.ok(!status.hasClass(variant));
  });

  it('says nothing once the case is someone’s; a message from the applicant shows as "Nytt meddelande" in the lists until a caseworker reads it', async () => {
    const sent = await sendApplication(testApp());
    const { agent } = await staffAgent(testApp(), CASEWORKER_9901);
    const casePath = `/handlaggare/arenden/${sent.id}`;
    const badgesIn = async (list: string) => {
      const { $ } = await getPage(agent, `/handlaggare?lista=${list}`);
      const row = $(`table tbody tr:has(a[href="${casePath}"])`);
      return row
        .find('.badge')
        .toArray()
        .map((badge) => $(badge).text().trim())
        .filter((text) => ['Inte öppnad', 'Nytt meddelande'].includes(text));
    };
    const written = await writeAndPress(
      sent.agent,
      `/mina-sidor/ansokningar/${sent.id}`,
      'Skriv ett meddelande',
      'Jag har fått ett nytt jobb.',
      'Skicka meddelandet',
    );
    assert.equal(written.response.status, 303);
    assert.deepEqual(await badgesIn('alla'), ['Inte öppnad', 'Nytt meddelande']);

    // Opening the case shows the thread: read.
    await getPage(agent, casePath);
    assert.deepEqual(await badgesIn('alla'), []);

    // Taken by a caseworker from paper without opening it counts the same: not "Inte öppnad".
    await testApp()
      .services.database.db.updateTable('application')
      .set({ opened_at: null })
      .where('id', '=', sent.id)
      .execute();
    assert.deepEqual(await badgesIn('alla'), ['Inte öppnad']);
    const assigned = await pressButton(agent, casePath, 'Tilldela mig');
    assert.equal(assigned.response.status, 303);
    await testApp()
      .services.database.db.updateTable('application')
      .set({ opened_at: null })
      .where('id', '=', sent.id)
      .execute();
    assert.deepEqual(await badgesIn('mina'), []);
    assert.ok(
      (await getPage(agent, '/handlaggare?lista=mina')).$(`a[href="${casePath}"]`).length === 1,
    );
  });

  it('an administrator’s own "Senast öppnade" does not call a case they opened "Inte öppnad"; the other lists still do, as no caseworker has', async () => {
    const sent = await sendApplication(testApp());
    const { agent } = await staffAgent(testApp(), [{ municipalityCode: '9901', role: 'admin' }]);
    const casePath = `/handlaggare/arenden/${sent.id}`;
    await getPage(agent, casePath);
    const badgesIn = async (list: string) => {
      const { $ } = await getPage(agent, `/handlaggare?lista=${list}`);
      return $(`table tbody tr:has(a[href="${casePath}"]) .badge`)
        .toArray()
        .map((badge) => $(badge).text().trim())
        .filter((text) => text === 'Inte öppnad');
    };
    assert.deepEqual(await badgesIn('senast'), []);
    assert.deepEqual(await badgesIn('alla'), ['Inte öppnad']);
  });
});
