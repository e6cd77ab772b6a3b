import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as fontkit from 'fontkit';

const require = createRequire(import.meta.url);
const fontDir = join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');

/**
 * DejaVu covers Latin, Nordic, Polish and Vietnamese letters (Łukasz, Øvergård, Nguyễn). Parsed
 * once: pdfkit would otherwise parse each font file anew for every document.
 */
function loadFont(file: string): fontkit.Font {
  const font = fontkit.create(readFileSync(join(fontDir, file)));
  if (!('layout' in font)) throw new Error(`${file} is a font collection, not a font`);
  return font;
}

const FONT_FILES = { body: 'DejaVuSans.ttf', bold: 'DejaVuSans-Bold.ttf' } as const;
type FontName = keyof typeof FONT_FILES;

interface Shaped {
  font: fontkit.Font;
  /** pdfkit's cache of shaped words ("layout runs"), kept from one document to the next. */
  words: Record<string, unknown>;
  wordCount: number;
}
const shaped = new Map<FontName, Shaped>();
/** About 6 MB of shaped words per font; then the cache starts over. */
const MAX_WORDS = 10_000;

/** The inside of pdfkit's embedded font that holds its cache of shaped words. */
interface PdfkitFont {
  layoutCache?: Record<string, unknown>;
}

/**
 * Registers `body` and `bold` on a new document. Shaping a word (fontkit's layout, with the
 * font's substitution and positioning rules) is the dearest part of setting text; pdfkit keeps
 * the shaped words for one document, and here they are kept across documents, since labels and
 * headings are the same in every application. What a shaped word holds is the same for every
 * document (the glyphs of the one parsed font, and their positions); what each document embeds
 * is decided later, from the words it actually sets.
 */
export function useFonts(doc: PDFKit.PDFDocument): void {
  for (const name of Object.keys(FONT_FILES) as FontName[]) {
    let entry = shaped.get(name);
    if (!entry || entry.wordCount > MAX_WORDS) {
      const font = entry?.font ?? loadFont(FONT_FILES[name]);
      entry = { font, words: Object.create(null) as Record<string, unknown>, wordCount: 0 };
      shaped.set(name, entry);
    }
    doc.registerFont(name, entry.font as unknown as string);
    doc.font(name);
    const pdfkitFont = (doc as unknown as { _font?: PdfkitFont })._font;
    // Should a pdfkit release keep its cache elsewhere, each document simply shapes its own.
    if (pdfkitFont?.layoutCache) {
      entry.wordCount = Object.keys(entry.words).length;
      pdfkitFont.layoutCache = entry.words;
    }
  }
}
