import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { familyPaperPdf, longMessage } from '../helpers/paper-application';
import { pdfPageTexts, pdfWords, popplerSkipReason } from '../helpers/pdf';
import { pdfStructure, structTexts, untaggedDrawing } from '../helpers/pdf-tags';

const DECLARATION_START = 'Jag intygar att uppgifterna i ansökan är sanna och fullständiga';
const FOOTER_WHO = 'Łukasz Øvergård · 19850101-1236 · december 2026';

/** A message of `lines` lines: it moves everything after it down the pages. */
const linesOfMessage = (lines: number) =>
  Array.from({ length: lines }, (_, index) => `Rad ${index + 1} i meddelandet.`).join('\n');

/** The page (from 1) a text is on; fails when it is on none or on several. */
function pageOf(pages: string[], text: string): number {
  const found = pages.flatMap((page, index) => (page.includes(text) ? [index + 1] : []));
  assert.equal(found.length, 1, `"${text}" on one page, found on ${found.join(', ') || 'none'}`);
  return found[0] ?? 0;
}

describe(
  'the paper application: declaration, signatures and footer',
  { skip: popplerSkipReason() },
  () => {
    it('the declaration and the signature lines are on one page, wherever the answers before them end', async () => {
      // Messages of different lengths put the declaration at different places on its page,
      // among them where the declaration fits but the signatures would not.
      const pagesSeen = new Set<number>();
      for (let lines = 0; lines <= 60; lines += 6) {
        const { pdf } = await familyPaperPdf(linesOfMessage(lines));
        const pages = pdfPageTexts(pdf);
        const declaration = pageOf(pages, DECLARATION_START);
        pagesSeen.add(declaration);
        assert.equal(pageOf(pages, 'Underskrift: Łukasz Øvergård'), declaration, `${lines} lines`);
        assert.equal(pageOf(pages, 'Underskrift: Nguyễn Thị Minh'), declaration, `${lines} lines`);
        // The declaration's heading starts the block: "Intygande" above the text, same page.
        const words = pdfWords(pdf).filter((word) => word.page === declaration);
        const heading = words.find((word) => word.text === 'Intygande');
        const text = words.find((word) => word.text === 'Jag');
        const signature = words.find((word) => word.text === 'Underskrift:');
        assert.ok(heading && text && signature, `${lines} lines: heading, text and signature`);
        assert.ok(heading.top < text.top && text.top < signature.top, `${lines} lines: in order`);
      }
      assert.ok(pagesSeen.size > 1, 'the messages moved the declaration over a page break');
    });

    it('a section heading never ends a page alone: it goes over with its first row', async () => {
      // Messages from one that fits on a page below its heading, through one that fits on a
      // page only without it, to one that has to run on over a page break.
      for (const length of [2400, 2800, 3000, 3200, 3990]) {
        const { pdf } = await familyPaperPdf(longMessage(length));
        const words = pdfWords(pdf);
        const heading = words.find((word) => word.text === 'Meddelande' && word.left < 60);
        const question = words.find((word) => word.text === 'Vill' && word.left < 60);
        assert.ok(heading && question, `${length} characters: heading and question`);
        assert.equal(question.page, heading.page, `${length} characters: on one page`);
        assert.ok(question.top - heading.top < 30, `${length} characters: right below it`);
        // No page is left with a footer and nothing else on it but the heading.
        const onPage = words.filter((word) => word.page === heading.page && word.top < 740);
        assert.ok(onPage.length > 20, `${length} characters: the page has the answer too`);
      }
    });

    it('the declaration is printed once, without the tick "Jag har läst och intygar detta"', async () => {
      const { pdf } = await familyPaperPdf();
      const text = pdfPageTexts(pdf).join(' ');
      assert.equal(text.split(DECLARATION_START).length - 1, 1);
      assert.ok(!text.includes('Jag har läst och intygar detta'));
      assert.deepEqual(
        structTexts(pdfStructure(pdf), ['H2']).filter((heading) => heading === 'H2: Intygande'),
        ['H2: Intygande'],
      );
    });

    it('every page names whose application it is and for which month, beside the mark and the page number', async () => {
      const { pdf } = await familyPaperPdf(linesOfMessage(30));
      const pages = pdfPageTexts(pdf);
      assert.ok(pages.length >= 3);
      pages.forEach((page, index) => {
        assert.ok(page.includes(FOOTER_WHO), `page ${index + 1}: ${page.slice(-200)}`);
        assert.ok(page.includes('Inte underskriven – skriv under'), `page ${index + 1}: the mark`);
        assert.ok(
          page.includes(`Sida ${index + 1} av ${pages.length}`),
          `page ${index + 1}: number`,
        );
      });
      // At the foot: below everything else on the page.
      const words = pdfWords(pdf);
      for (let page = 1; page <= pages.length; page++) {
        const onPage = words.filter((word) => word.page === page);
        const footer = onPage.find((word) => word.text === '19850101-1236' && word.top > 700);
        assert.ok(footer, `page ${page}: the personnummer in the footer`);
      }
      // Page furniture: not read out, and nothing drawn outside the structure but artifacts.
      const read = structTexts(pdfStructure(pdf), ['P', 'TD']);
      assert.ok(!read.some((text) => text.includes(FOOTER_WHO)));
      assert.deepEqual(untaggedDrawing(pdf), []);
    });

    it('a name of 200 characters: the foot stays one line above the mark, the signature text above the next heading', async () => {
      const firstName = `Anna-${'Maria'.repeat(19)}`;
      const lastName = `Johansson-${'Andersson'.repeat(10)}`;
      const { pdf } = await familyPaperPdf(undefined, { 'om-dig': { firstName, lastName } });
      const words = pdfWords(pdf);
      const pages = pdfPageTexts(pdf);
      for (let page = 1; page <= pages.length; page++) {
        const onPage = words.filter((word) => word.page === page);
        const personnummer = onPage.find((word) => word.text === '19850101-1236' && word.top > 700);
        const mark = onPage.find((word) => word.text === 'Inte' && word.top > 700);
        assert.ok(personnummer && mark, `page ${page}: the foot and the mark`);
        assert.ok(personnummer.top + personnummer.height <= mark.top, `page ${page}: apart`);
        assert.match(pages[page - 1] ?? '', /Anna-Maria\S*… · 19850101-1236 · december 2026/);
      }
      // Under the signature line the name wraps; the heading after it starts below its end.
      const signaturePage = pageOf(pages, 'Underskrift:');
      const onPage = words.filter((word) => word.page === signaturePage);
      const nameEnds = Math.max(
        ...onPage
          .filter((word) => word.text.includes('Andersson') && word.top < 700)
          .map((word) => word.top + word.height),
      );
      const next = onPage.find((word) => word.text === 'Bilagor' && word.top > nameEnds - 40);
      assert.ok(next, 'the heading after the signatures');
      assert.ok(next.top >= nameEnds, `${next.top} is below ${nameEnds}`);
    });
  },
);
