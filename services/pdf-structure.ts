/**
 * The logical structure of a tagged PDF (see pdfkit's docs/accessibility.md). A screen reader
 * reads a tagged PDF by its structure (headings, paragraphs, tables, lists, figures with their
 * alternative text) rather than by where things stand on the page, and a PDF/UA checker wants
 * everything drawn to be either the content of one structure element or an artifact.
 */

type Element = PDFKit.PDFStructureElement;

/** Structure element options that pdfkit 0.20 takes and its type definitions (0.17) lack. */
export interface ElementOptions extends PDFKit.Mixins.StructureElementOptions {
  /** Which cells a table heading cell (TH) heads: those below it, or those beside it. */
  scope?: 'Column' | 'Row';
  /** Where a figure lies on its page: [left, top, right, bottom] in points from the top left. */
  bbox?: [number, number, number, number];
}

/**
 * The structure, built in reading order while the pages are drawn: everything is added under
 * one Document element, in the order it is drawn.
 */
export class PdfStructure {
  readonly root: Element;

  constructor(private readonly doc: PDFKit.PDFDocument) {
    this.root = doc.struct('Document');
    doc.addStructure(this.root);
  }

  /**
   * A grouping element (Div, Table, TR, L, LI) under `parent`, for elements to be added to;
   * `end()` it once they are.
   */
  group(type: string, parent: Element = this.root, options: ElementOptions = {}): Element {
    const element = this.doc.struct(type, options);
    parent.add(element);
    return element;
  }

  /**
   * An element (H1, P, TD, Lbl, Figure…) under `parent` whose content is whatever `draw` puts
   * on the page; text that runs over a page break stays in it. `draw` must not add a page itself.
   */
  content(type: string, draw: () => void, parent: Element = this.root, options?: ElementOptions) {
    const element = this.group(type, parent, options);
    const content = this.doc.markStructureContent(type);
    draw();
    this.doc.endMarkedContent();
    element.add(content);
    element.end();
    return element;
  }

  /** An element with nothing in it, such as an empty table cell. */
  empty(type: string, parent: Element = this.root): void {
    this.group(type, parent).end();
  }

  /** One item of a list (an `L` group): its label (a bullet, "1.") and its body. */
  listItem(list: Element, label: () => void, body: () => void): void {
    const item = this.group('LI', list);
    this.content('Lbl', label, item);
    this.content('LBody', body, item);
    item.end();
  }

  /**
   * A table row of one heading cell and one data cell, such as a label and its value or a
   * number and its code: read as the pair it is.
   */
  headedRow(table: Element, heading: () => void, data: () => void): void {
    const row = this.group('TR', table);
    this.content('TH', heading, row, { scope: 'Row' });
    this.content('TD', data, row);
    row.end();
  }
}

/**
 * The text with a space before each line break: pdfkit drops the break itself, so without the
 * space a screen reader (or a copy and paste) would read "Storgatan 5 B123 45" for two lines.
 * Lines that wrap keep the space they wrap at.
 */
export function spacedLines(text: string): string {
  return text.replace(/ *\n/g, ' \n');
}

/**
 * Draws what is no part of the text: rules and backgrounds (Layout), or what a page break
 * brings such as page numbers, running footers and a table's repeated headings (Pagination;
 * `footer` for what stands at the foot of the page). Screen readers skip it.
 */
export function artifact(
  doc: PDFKit.PDFDocument,
  type: 'Layout' | 'Pagination' | 'footer',
  draw: () => void,
): void {
  doc.markContent(
    'Artifact',
    type === 'footer' ? { type: 'Pagination', attached: ['Bottom'] } : { type },
  );
  draw();
  doc.endMarkedContent();
}
