import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  caseUnderHandling,
  listedMarks,
  markMissingFile,
  postFormOf,
  requestCompletion,
} from '../helpers/completion';
import { fieldByLabel } from '../helpers/fields';
import { type Agent, fold, getPage, type Page, textOf } from '../helpers/http';
import { ManualClock } from '../helpers/manual-clock';
import { useTestApp } from '../helpers/test-services';

/** An answer row of the case view, found in its section: "Medborgarskap" is asked twice. */
function rowIn($: Page, section: string, question: string) {
  const rows = $('.portal-review-section')
    .filter((_, element) => fold($(element).find('h3').first().text()) === section)
    .find('.portal-summary__row')
    .filter((_, row) => fold($(row).children('dt').text()) === question);
  assert.equal(rows.length, 1, `one "${question}" under "${section}"`);
  return rows.first();
}

/** "Markera som fel" on the answer in that section, with a reason. */
async function markIn(
  agent: Agent,
  casePath: string,
  section: string,
  question: string,
  reason: string,
) {
  const { $ } = await getPage(agent, casePath);
  const form = rowIn($, section, question).find('form');
  return postFormOf(agent, form as never, {
    mal: String(form.find('input[name="mal"]').val()),
    orsak: reason,
  });
}

describe('a marked answer says whose answer it is, and a refused reason is said beside it', () => {
  const clock = new ManualClock('2026-11-24T08:30:00Z');
  const testApp = useTestApp({ clock });

  it('the medsökande’s Medborgarskap reads "Medsökande – Medborgarskap" in the mark list, the request page and the applicant’s completion page', async () => {
    const { sent, casePath, caseworker } = await caseUnderHandling(testApp());
    const { agent } = caseworker;
    const before = await getPage(agent, casePath);
    assert.ok(rowIn(before.$, 'Om dig', 'Medborgarskap').length, 'the applicant is asked too');

    const marked = await markIn(
      agent,
      casePath,
      'Medsökande',
      'Medborgarskap',
      'Står Sverige i passet?',
    );
    assert.equal(marked.response.status, 303);
    const casePage = await getPage(agent, casePath);
    assert.deepEqual(
      listedMarks(casePage.$).map(({ label }) => label),
      ['Medsökande – Medborgarskap'],
    );

    const requestPage = await getPage(agent, `${casePath}/komplettering`);
    assert.deepEqual(
      listedMarks(requestPage.$).map(({ label }) => label),
      ['Medsökande – Medborgarskap'],
    );
    const requested = await requestCompletion(agent, casePath);
    assert.equal(requested.response.status, 303);

    const completion = await getPage(
      sent.agent,
      `/mina-sidor/ansokningar/${sent.id}/komplettering`,
    );
    assert.equal(completion.response.status, 200);
    assert.equal(fieldByLabel(completion.$, 'Medsökande – Medborgarskap').val(), 'Vietnam');
    assert.match(textOf(completion.$, 'main'), /Du svarade: Vietnam/);
  });

  it('an empty reason opens that answer’s form again, the message beside it naming the answer; the page comes back at the row', async () => {
    const { casePath, caseworker } = await caseUnderHandling(testApp());
    const { agent } = caseworker;
    const first = await getPage(agent, casePath);
    const textarea = rowIn(first.$, 'Medsökande', 'Medborgarskap').find('textarea');
    assert.notEqual(textarea.attr('required'), undefined, 'the reason is required');

    const empty = await markIn(agent, casePath, 'Medsökande', 'Medborgarskap', '  ');
    assert.equal(empty.response.status, 303);
    const location = empty.response.headers.location ?? '';
    assert.match(location, /#orsak-medsokande-citizenship$/);
    const page = await getPage(agent, location);
    const row = rowIn(page.$, 'Medsökande', 'Medborgarskap');
    assert.equal(row.attr('id'), 'svar-medsokande-citizenship');
    assert.equal(row.find('textarea').attr('id'), 'orsak-medsokande-citizenship', 'the anchor');
    assert.notEqual(row.find('details').attr('open'), undefined, 'its form is open');
    assert.equal(
      fold(row.find('.label__message--error').text()),
      'Skriv varför svaret på ”Medsökande – Medborgarskap” är fel.',
    );
    assert.equal(row.find('textarea').attr('aria-invalid'), 'true');
    assert.equal(page.$('.portal-marks [role=alert]').length, 0, 'not in the box at the bottom');
    assert.equal(
      rowIn(page.$, 'Om dig', 'Medborgarskap').find('details').attr('open'),
      undefined,
      'the other rows stay closed',
    );

    // Too long: what was typed comes back in the same form.
    const long = 'Passet säger något annat. '.repeat(25);
    const tooLong = await markIn(agent, casePath, 'Medsökande', 'Medborgarskap', long);
    const again = await getPage(agent, tooLong.response.headers.location ?? '');
    const sameRow = rowIn(again.$, 'Medsökande', 'Medborgarskap');
    assert.equal(sameRow.find('textarea').val(), long.replace(/\r\n?/g, '\n'));
    assert.equal(
      fold(sameRow.find('.label__message--error').text()),
      'Skriv högst 500 tecken om varför svaret på ”Medsökande – Medborgarskap” är fel.',
    );
    assert.equal(listedMarks(again.$).length, 0, 'nothing was marked');
  });

  it('an empty reason for a missing paper is said in the papers’ form, with the paper chosen', async () => {
    const { casePath, caseworker } = await caseUnderHandling(testApp());
    const refused = await markMissingFile(
      caseworker.agent,
      casePath,
      'Hyresavi eller hyreskontrakt',
      '',
    );
    const location = refused.response.headers.location ?? '';
    assert.match(location, /#mark-item-reason$/);
    const page = await getPage(caseworker.agent, location);
    const select = fieldByLabel(page.$, 'Papper');
    assert.equal(fold(select.find('option:selected').text()), 'Hyresavi eller hyreskontrakt');
    assert.equal(
      fold(page.$('#mark-item-reason-error').text()),
      'Skriv vad som saknas för ”Hyresavi eller hyreskontrakt”.',
    );
    assert.equal(page.$('#mark-item-reason').attr('aria-invalid'), 'true');
  });
});
