import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { askForCompletion, caseUnderHandling, type CaseInHand } from '../helpers/completion';
import { buttonNamed, fieldByLabel, messageFor, shownValue } from '../helpers/fields';
import { errorSummaryLinks, getPage, textOf, tableCells } from '../helpers/http';
import { ManualClock } from '../helpers/manual-clock';
import { submitAsBrowser, typeInto } from '../helpers/submit-as-browser';
import { largePdf, samplePdf } from '../helpers/sample-files';
import { useTestApp } from '../helpers/test-services';

/** The marked answer as the completion page and the case's table name it: with its step. */
const POSTAL = 'Boende – Postnummer';

const EXE = Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1');

/** A case asking the applicant for a new postal code and a pay slip. */
async function askedForCompletion(inHand: CaseInHand) {
  return askForCompletion(inHand, {
    answers: [['Postnummer', 'Stämmer inte med adressen.']],
    papers: [['Lönebesked och beslut om ersättningar', 'Lönebesked för november saknas.']],
  });
}

/** The page that comes back from a post: the response itself, or where it redirects. */
async function pageAfter(
  agent: CaseInHand['sent']['agent'],
  posted: Awaited<ReturnType<typeof submitAsBrowser>>,
) {
  if (posted.response.status !== 303) return posted.$;
  return (await getPage(agent, posted.response.headers.location ?? '')).$;
}

describe('answers typed on the completion page survive an upload', () => {
  const clock = new ManualClock('2026-11-24T08:30:00Z');
  const testApp = useTestApp({ clock });

  it('a typed answer is still in its field after "Ladda upp", and reaches the caseworker only when sent', async () => {
    const inHand = await caseUnderHandling(testApp());
    const { sent, casePath, caseworker } = inHand;
    const path = await askedForCompletion(inHand);
    const { $ } = await getPage(sent.agent, path);
    typeInto(fieldByLabel($, POSTAL), '543 21');
    const uploaded = await submitAsBrowser(sent.agent, $, buttonNamed($, 'Ladda upp'), {
      filer: [{ filename: 'lönebesked.pdf', bytes: await samplePdf('Lön') }],
    });
    assert.ok([200, 303].includes(uploaded.response.status), uploaded.response.text.slice(0, 1500));
    const after = await pageAfter(sent.agent, uploaded);
    assert.equal(shownValue(after, POSTAL), '543 21');
    assert.match(textOf(after, 'ul.file-item-list'), /lönebesked\.pdf/);
    assert.deepEqual(errorSummaryLinks(after), []);

    // Not sent: the caseworker still waits, and sees the answer as it was.
    const waiting = await getPage(caseworker.agent, casePath);
    assert.match(textOf(waiting.$, 'main'), /Status ?Komplettering begärd/);
    assert.equal(waiting.$('table.portal-changes').length, 0);

    const done = await submitAsBrowser(
      sent.agent,
      after,
      buttonNamed(after, 'Skicka kompletteringen').last(),
    );
    assert.equal(done.response.status, 303, done.response.text.slice(0, 1500));
    const seen = await getPage(caseworker.agent, casePath);
    const [cells] = tableCells(seen.$, 'table.portal-changes');
    assert.deepEqual(cells, [POSTAL, '123 45', '543 21']);
  });

  it('a file of the wrong type comes back with its message and the typed answer in place', async () => {
    const inHand = await caseUnderHandling(testApp());
    const path = await askedForCompletion(inHand);
    const { $ } = await getPage(inHand.sent.agent, path);
    typeInto(fieldByLabel($, POSTAL), '543 21');
    const refused = await submitAsBrowser(inHand.sent.agent, $, buttonNamed($, 'Ladda upp'), {
      filer: [{ filename: 'virus.exe', bytes: EXE }],
    });
    assert.equal(refused.response.status, 415);
    assert.deepEqual(
      errorSummaryLinks(refused.$).map((link) => link.text),
      ['Filen virus.exe är inte en PDF eller bild. Du kan skicka PDF, JPEG, PNG eller HEIC.'],
    );
    assert.equal(shownValue(refused.$, POSTAL), '543 21');
    assert.equal(messageFor(refused.$, POSTAL), '');
  });

  it('"Ta bort" on a file and a file over 10 MB keep the typed answer too', async () => {
    const inHand = await caseUnderHandling(testApp());
    const path = await askedForCompletion(inHand);
    const { agent } = inHand.sent;
    const first = await getPage(agent, path);
    const uploaded = await submitAsBrowser(agent, first.$, buttonNamed(first.$, 'Ladda upp'), {
      filer: [{ filename: 'lön.pdf', bytes: await samplePdf() }],
    });
    assert.equal(uploaded.response.status, 303, 'nothing typed: back to the page by a redirect');
    const { $ } = await getPage(agent, path);
    typeInto(fieldByLabel($, POSTAL), '543 21');
    const removed = await submitAsBrowser(agent, $, buttonNamed($, 'Ta bort lön.pdf (fil 1)'));
    assert.equal(removed.response.status, 303, 'saved with the removal: back by a redirect');
    const shown = await pageAfter(agent, removed);
    assert.equal(shownValue(shown, POSTAL), '543 21');
    assert.equal(shown('ul.file-item-list').length, 0);
    assert.match(
      textOf(shown, '[role=status]'),
      /Dina ändrade svar är sparade men inte skickade än\. Tryck på Skicka kompletteringen när du är klar\./,
    );

    const big = await submitAsBrowser(agent, shown, buttonNamed(shown, 'Ladda upp'), {
      filer: [{ filename: 'stor.pdf', bytes: largePdf(10.5) }],
    });
    assert.equal(big.response.status, 413);
    assert.match(errorSummaryLinks(big.$)[0]?.text ?? '', /Filen stor\.pdf är för stor/);
    assert.equal(shownValue(big.$, POSTAL), '543 21');
    const fresh = await getPage(agent, path);
    assert.equal(shownValue(fresh.$, POSTAL), '543 21', 'saved as the draft, not sent');
  });

  it('a typed answer is bounded like any other: an invisible character is refused with a message, a too long text too', async () => {
    const inHand = await caseUnderHandling(testApp());
    const path = await askedForCompletion(inHand);
    const { $ } = await getPage(inHand.sent.agent, path);
    typeInto(fieldByLabel($, POSTAL), '543\u202e21');
    const uploaded = await submitAsBrowser(inHand.sent.agent, $, buttonNamed($, 'Ladda upp'), {
      filer: [{ filename: 'lön.pdf', bytes: await samplePdf() }],
    });
    const after = await pageAfter(inHand.sent.agent, uploaded);
    assert.equal(shownValue(after, POSTAL), '54321');
    assert.match(messageFor(after, POSTAL), /hade ett osynligt tecken/);

    const long = 'x'.repeat(300);
    typeInto(fieldByLabel(after, POSTAL), long);
    const again = await submitAsBrowser(inHand.sent.agent, after, buttonNamed(after, 'Ladda upp'));
    assert.equal(shownValue(again.$, POSTAL), long);
    assert.match(messageFor(again.$, POSTAL), /är för lång: 300 tecken/);
  });
});
