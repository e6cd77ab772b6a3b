import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';

/**
 * Reading a tagged PDF back: its logical structure as a screen reader gets it (poppler's
 * `pdfinfo -struct-text`), its catalog, and whether anything on its pages is drawn outside both
 * the structure and the artifacts (which PDF/UA forbids). Written for pdfkit's output: objects
 * one after the other, no object streams, page content Flate-compressed.
 */

/** One structure element: its type (H1, P, TD…), depth, attributes and its own text. */
export interface StructElement {
  type: string;
  depth: number;
  attributes: string[];
  text: string | undefined;
}

/** The structure tree in reading order, each element with the text of its own content. */
export function pdfStructure(pdf: Buffer): StructElement[] {
  const out = pdfinfo(pdf, ['-struct-text']);
  const elements: StructElement[] = [];
  for (const line of out.split('\n')) {
    const depth = (line.length - line.trimStart().length) / 2;
    const item = line.trim();
    if (item === '') continue;
    const element = elements.at(-1);
    if (item.startsWith('"') && element) {
      element.text = `${element.text ?? ''}${item.slice(1, -1)}`;
    } else if (item.startsWith('/') && element) {
      element.attributes.push(item);
    } else {
      elements.push({
        type: item.split(/[ :]/)[0] ?? item,
        depth,
        attributes: [],
        text: undefined,
      });
    }
  }
  return elements;
}

/** The document's title as a PDF reader shows it (its Info dictionary, through pdfinfo). */
export function pdfTitle(pdf: Buffer): string | undefined {
  return /^Title:\s+(.*)$/m.exec(pdfinfo(pdf, ['-enc', 'UTF-8']))?.[1];
}

/** poppler's pdfinfo on the PDF, with `options`. */
function pdfinfo(pdf: Buffer, options: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'portal-pdf-tags-'));
  try {
    const file = join(dir, 'document.pdf');
    writeFileSync(file, pdf);
    return execFileSync('pdfinfo', [...options, file], { encoding: 'utf8' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * What makes a tagged PDF, in one object to compare: a structure tree, marked as tagged, its
 * language, its title shown as the window's title, and nothing drawn outside the structure and
 * the artifacts (`untagged` empty).
 */
export function taggedPdfFacts(pdf: Buffer): {
  structTree: boolean;
  marked: boolean;
  language: string | undefined;
  displayDocTitle: boolean;
  title: string | undefined;
  untagged: string[];
} {
  const { catalog, entry } = pdfCatalog(pdf);
  return {
    structTree: /\/StructTreeRoot \d+ 0 R/.test(catalog),
    marked: /\/Marked true/.test(entry('MarkInfo')),
    language: /\/Lang \(([^)]*)\)/.exec(catalog)?.[1],
    displayDocTitle: /\/DisplayDocTitle true/.test(entry('ViewerPreferences')),
    title: pdfTitle(pdf),
    untagged: untaggedDrawing(pdf),
  };
}

/** The elements of some types, as "type: text", in reading order. */
export function structTexts(elements: StructElement[], types: string[]): string[] {
  return elements
    .filter((element) => types.includes(element.type))
    .map((element) => `${element.type}: ${element.text ?? ''}`);
}

/**
 * The rows of the `index`-th table in reading order, each as its cells' "type: text" (a heading
 * cell's scope after its type, e.g. "TH/Scope /Row: 1").
 */
export function structTableRows(elements: StructElement[], index = 0): string[][] {
  const start = elements.filter((element) => element.type === 'Table')[index];
  if (!start) return [];
  const rows: string[][] = [];
  for (const element of elements.slice(elements.indexOf(start) + 1)) {
    if (element.depth <= start.depth) break;
    if (element.type === 'TR') rows.push([]);
    else rows.at(-1)?.push(`${element.type}${element.attributes.join('')}: ${element.text ?? ''}`);
  }
  return rows;
}

/** Every object's dictionary (its stream left out), by object number. */
export function pdfObjects(pdf: Buffer): Map<number, string> {
  const text = pdf.toString('latin1');
  const objects = new Map<number, string>();
  for (const match of text.matchAll(/(?:^|\n)(\d+) 0 obj\n/g)) {
    const start = match.index + match[0].length;
    const end = text.indexOf('\nendobj', start);
    const stream = text.indexOf('\nstream\n', start);
    objects.set(Number(match[1]), text.slice(start, stream >= 0 && stream < end ? stream : end));
  }
  return objects;
}

/** The document catalog, with the value of `key` when it is a reference to another object. */
export function pdfCatalog(pdf: Buffer): { catalog: string; entry: (key: string) => string } {
  const objects = pdfObjects(pdf);
  const catalog = [...objects.values()].find((object) => /\/Type \/Catalog\b/.test(object)) ?? '';
  const entry = (key: string) => {
    const ref = new RegExp(`/${key} (\\d+) 0 R`).exec(catalog);
    return ref ? (objects.get(Number(ref[1])) ?? '') : '';
  };
  return { catalog, entry };
}

/** A PDF literal string's bytes, as pdfkit writes them: PDFDocEncoding, or UTF-16BE after a BOM. */
export function decodePdfString(escaped: string): string {
  const escapes: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' };
  const bytes = Buffer.from(
    escaped.replace(/\\([nrtbf()\\])/g, (_, char: string) => escapes[char] ?? char),
    'latin1',
  );
  if (bytes[0] !== 0xfe || bytes[1] !== 0xff) return bytes.toString('latin1');
  // UTF-16BE to UTF-16LE, which Node decodes.
  const swapped = Buffer.alloc(bytes.length - 2);
  for (let index = 0; index + 1 < swapped.length; index += 2) {
    swapped[index] = bytes[index + 3] ?? 0;
    swapped[index + 1] = bytes[index + 2] ?? 0;
  }
  return swapped.toString('utf16le');
}

/**
 * A text entry of the structure elements of `type`, in the order they are written: a Figure's
 * /Alt (alternative text), a list label's /ActualText.
 */
export function structStrings(pdf: Buffer, type: string, key: 'Alt' | 'ActualText'): string[] {
  const value = new RegExp(`/${key} \\(((?:\\\\.|[^\\\\)])*)\\)`, 's');
  return [...pdfObjects(pdf).values()]
    .filter((object) => new RegExp(`/S /${type}\\b`).test(object))
    .map((object) => value.exec(object)?.[1])
    .filter((alt) => alt !== undefined)
    .map(decodePdfString);
}

/** Each page's drawing commands, uncompressed. */
export function pageContents(pdf: Buffer): string[] {
  const text = pdf.toString('latin1');
  const objects = pdfObjects(pdf);
  return [...objects.values()]
    .filter((object) => /\/Type \/Page\b/.test(object))
    .map((page) => {
      const id = /\/Contents (\d+) 0 R/.exec(page)?.[1];
      const header = new RegExp(`(?:^|\\n)${id} 0 obj\\n`).exec(text);
      if (!id || !header) throw new Error('A page without its contents');
      const dictionary = objects.get(Number(id)) ?? '';
      const length = Number(/\/Length (\d+)/.exec(dictionary)?.[1]);
      const start = text.indexOf('\nstream\n', header.index) + '\nstream\n'.length;
      const data = pdf.subarray(start, start + length);
      return (/\/FlateDecode/.test(dictionary) ? inflateSync(data) : data).toString('latin1');
    });
}

/** Operators that put something on the page: text shown, paths filled or stroked, images. */
const PAINTING = new Set(['Tj', 'TJ', "'", '"', 'f', 'F', 'f*', 'S', 's', 'B', 'B*', 'b', 'b*']);
const ALSO_PAINTING = new Set(['sh', 'Do', 'BI']);

/**
 * What each page draws outside marked content that is either structure content (with an MCID)
 * or an Artifact ("page 2: Tj" for text no screen reader would find), structure content and
 * artifacts inside one another, and marked content left open at a page's end. Empty for a good
 * tagged PDF.
 */
export function untaggedDrawing(pdf: Buffer): string[] {
  const found: string[] = [];
  pageContents(pdf).forEach((content, index) => {
    const page = `page ${index + 1}`;
    const marks: { tag: string; tagged: boolean }[] = [];
    let operands: string[] = [];
    for (const token of tokens(content)) {
      if (!/^[A-Za-z'"*]+$/.test(token) || token === 'true' || token === 'false') {
        operands.push(token);
        continue;
      }
      if (token === 'BDC' || token === 'BMC') {
        const tag = operands.find((operand) => operand.startsWith('/')) ?? '';
        const tagged = tag === '/Artifact' || operands.includes('/MCID');
        const outer = marks.find((mark) => mark.tagged);
        if (tagged && outer) found.push(`${page}: ${tag} inside ${outer.tag}`);
        marks.push({ tag, tagged: tagged || outer !== undefined });
      } else if (token === 'EMC') {
        marks.pop();
      } else if ((PAINTING.has(token) || ALSO_PAINTING.has(token)) && !marks.at(-1)?.tagged) {
        found.push(`${page}: ${token}`);
      }
      operands = [];
    }
    if (marks.length > 0) found.push(`${page}: ${marks.map((mark) => mark.tag).join(' ')} open`);
  });
  return found;
}

/** The tokens of a content stream; strings and dictionaries' brackets stay out of the way. */
function* tokens(content: string): Generator<string> {
  let index = 0;
  while (index < content.length) {
    const char = content.charAt(index);
    if (/\s/.test(char)) {
      index++;
    } else if (char === '(') {
      let depth = 0;
      const start = index;
      for (; index < content.length; index++) {
        const at = content.charAt(index);
        if (at === '\\') index++;
        else if (at === '(') depth++;
        else if (at === ')' && --depth === 0) break;
      }
      index++;
      yield content.slice(start, index);
    } else if (content.startsWith('<<', index) || content.startsWith('>>', index)) {
      index += 2;
    } else if (char === '<') {
      const end = content.indexOf('>', index);
      yield content.slice(index, end + 1);
      index = end + 1;
    } else if (char === '[' || char === ']' || char === '{' || char === '}') {
      index++;
    } else {
      const start = index;
      index++;
      while (index < content.length && !/[\s()<>[\]{}/%]/.test(content.charAt(index))) index++;
      yield content.slice(start, index);
    }
  }
}
