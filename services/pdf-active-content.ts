import { constants, inflateSync } from 'node:zlib';
import type { PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { pdfjs, untrustedPdfOptions } from './pdfjs-loader';

/**
 * Whether a PDF carries content that a desktop reader (Adobe Reader, common in municipalities)
 * would run or open when a caseworker opens the file: JavaScript, an action that starts a
 * program or opens another file, files embedded in it, or an XFA form. Our own pages never open a
 * PDF that way, but the caseworker's computer does.
 *
 * pdf.js reads the document as a reader would (object streams, compressed cross-references,
 * incremental updates), so a dictionary hidden in a compressed object stream is found too. Two
 * things pdf.js parses but does not tell its callers: a Launch action as the document's
 * OpenAction, and what a link's JavaScript (or Launch without a file) action is. A link with an
 * action pdf.js does not describe counts as active (linkDescribed); for the OpenAction, and to
 * name what a link does, the names in the file's syntax are looked at as well, compressed object
 * streams included (see namedActions): a second layer, not the check itself.
 */

export type ActiveContent =
  | 'javascript'
  | 'launch'
  | 'embeddedFile'
  | 'xfa'
  /** A link whose action pdf.js does not describe: JavaScript, Launch, a form sent, a sound. */
  | 'otherAction';

/** pdf.js's AnnotationType.LINK and FILEATTACHMENT (util.js), as its annotation data gives them. */
const LINK = 2;
const FILE_ATTACHMENT = 17;

interface AnnotationData {
  annotationType?: number;
  actions?: Record<string, unknown> | null;
  url?: string;
  unsafeUrl?: string;
  attachment?: unknown;
  dest?: unknown;
  action?: unknown;
  resetForm?: unknown;
  setOCGState?: unknown;
}

/**
 * Whether pdf.js could say where a link goes or what it does (a page, a web or mail address, a
 * named action such as NextPage, a form reset, a layer shown). A link with none of these has an
 * action pdf.js parses but does not describe (Catalog.parseDestDictionary): JavaScript, or a
 * Launch without a file, among others, also inside a compressed object stream.
 */
function linkDescribed(link: AnnotationData): boolean {
  return (
    link.dest != null ||
    link.url != null ||
    link.unsafeUrl != null ||
    link.action != null ||
    link.attachment != null ||
    link.resetForm != null ||
    link.setOCGState != null
  );
}

/**
 * What in the opened document could run or open something, in a fixed order; empty when
 * nothing. `within` bounds each of pdf.js's steps by the caller's deadline.
 */
export async function findActiveContent(
  document: PDFDocumentProxy,
  bytes: Buffer,
  within: <T>(work: Promise<T>) => Promise<T>,
): Promise<ActiveContent[]> {
  const found = new Set<ActiveContent>();
  // The catalog: the JavaScript name tree, an OpenAction or document action that is JavaScript,
  // and the form fields' actions (hasJSActions reads every field, on any page).
  if ((await within(document.getJSActions())) !== null) found.add('javascript');
  if (await within(document.hasJSActions())) found.add('javascript');
  if ((await within(document.getAttachments())) !== null) found.add('embeddedFile');
  const metadata = await within(document.getMetadata());
  const info = metadata.info as { IsXFAPresent?: unknown } | undefined;
  if (info?.IsXFAPresent === true || document.isPureXfa) found.add('xfa');
  // Bookmarks run their actions when clicked; a file or program shows as a target with no url.
  const outline = (await within(document.getOutline())) as OutlineItem[] | null;
  if (outlineLaunches(outline ?? [])) found.add('launch');
  for (let number = 1; number <= document.numPages; number++) {
    const page = await within(document.getPage(number));
    // Typed as an object, but null when the page has none.
    const pageActions: unknown = await within(page.getJSActions());
    if (pageActions != null) found.add('javascript');
    // Every annotation, hidden ones too: a reader runs a hidden one's actions all the same.
    const annotations = (await within(page.getAnnotations({ intent: 'any' }))) as AnnotationData[];
    for (const annotation of annotations) {
      if (annotation.actions) found.add('javascript');
      if (annotation.annotationType === FILE_ATTACHMENT || annotation.attachment) {
        found.add('embeddedFile');
      }
      // A link to a file or program (Launch, GoToR, file:): pdf.js gives its target only as
      // unsafeUrl, with no url, which it gives for web and mail addresses alone.
      if (annotation.annotationType === LINK && annotation.unsafeUrl && !annotation.url) {
        found.add('launch');
      }
      if (annotation.annotationType === LINK && !linkDescribed(annotation)) {
        found.add('otherAction');
      }
    }
    page.cleanup();
  }
  for (const kind of namedActions(bytes)) found.add(kind);
  return (['javascript', 'launch', 'embeddedFile', 'xfa', 'otherAction'] as const).filter((kind) =>
    found.has(kind),
  );
}

interface OutlineItem {
  url?: string | null;
  unsafeUrl?: string;
  items?: OutlineItem[];
}

/**
 * Whether a bookmark opens a file or starts a program (Launch, GoToR). A bookmark with no
 * target at all is only a heading, so unlike a link it is not taken for an undescribed action.
 */
function outlineLaunches(items: readonly OutlineItem[], depth = 0): boolean {
  // pdf.js stops cycles itself; the depth only bounds the recursion here.
  if (depth > 50) return false;
  return items.some(
    (item) =>
      (item.unsafeUrl !== undefined && !item.url) || outlineLaunches(item.items ?? [], depth + 1),
  );
}

/** PDF names (keys and values of dictionaries) that only an action that runs something uses. */
const ACTION_NAMES: Readonly<Record<string, ActiveContent>> = {
  JavaScript: 'javascript',
  JS: 'javascript',
  Launch: 'launch',
  // Another file, opened or read in: one on a network share gives it the reader's Windows login.
  GoToR: 'launch',
  GoToE: 'launch',
  ImportData: 'launch',
  // Sends the form's fields to an address.
  SubmitForm: 'otherAction',
};
/** Bounds the object streams inflated per file: a stream of this much is no ordinary document. */
const OBJECT_STREAM_BYTES = 16 * 1024 * 1024;
/** A name: a slash and regular characters, some written as #xx (PDF 32000-1, 7.3.5). */
const NAME = /\/([^\s/<>[\]()%{}]+)/g;
const STREAM_START = /stream\r?\n/g;

/** An action's type: `/S` and its name (whitespace or none between), anywhere in the file. */
const ACTION_TYPE = /\/S\s*\/([^\s/<>[\]()%{}]+)/g;
/** Filters whose output this check cannot read: an object stream under one is not ruled out. */
const OPAQUE = new Set(['DecodeParms', 'DP']);

const decodeName = (raw: string) =>
  raw.replace(/#([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));

/**
 * The action names in the file's syntax, a layer beside pdf.js for what it parses but does not
 * expose (an OpenAction or a page's additional action that starts a program or opens another
 * file, a link's JavaScript):
 * - every name outside streams (stream data skipped: a photo's bytes could spell anything);
 * - every action type (`/S /Launch`) in the whole file, stream data included, so no string that
 *   looks like the start of a stream can hide one (random bytes spelling "/S /Launch" do not
 *   happen);
 * - every name inside object streams (the dictionaries a writer packed and compressed), found by
 *   their /Type wherever it stands. One compressed with plain Flate is inflated, within a bound;
 *   one stored as it is is read as it is; any other filter, a predictor, data that does not
 *   inflate or more than the bound cannot be ruled out: an undescribed action ('otherAction').
 */
function namedActions(bytes: Buffer): Set<ActiveContent> {
  const text = bytes.toString('latin1');
  const found = new Set<ActiveContent>();
  const scan = (part: string, pattern: RegExp = NAME) => {
    for (const [, raw = ''] of part.matchAll(pattern)) {
      const kind = ACTION_NAMES[decodeName(raw)];
      if (kind) found.add(kind);
    }
  };
  scan(text, ACTION_TYPE);
  let from = 0;
  STREAM_START.lastIndex = 0;
  for (let start = STREAM_START.exec(text); start; start = STREAM_START.exec(text)) {
    scan(text.slice(from, start.index));
    const end = text.indexOf('endstream', STREAM_START.lastIndex);
    if (end < 0) break;
    from = end + 'endstream'.length;
    STREAM_START.lastIndex = from;
  }
  if (from < text.length) scan(text.slice(from));
  for (const kind of objectStreamActions(bytes, text)) found.add(kind);
  return found;
}

/** What the object streams hold (see namedActions). */
function objectStreamActions(bytes: Buffer, text: string): Set<ActiveContent> {
  const found = new Set<ActiveContent>();
  let room = OBJECT_STREAM_BYTES;
  for (const name of text.matchAll(NAME)) {
    if (decodeName(name[1] ?? '') !== 'ObjStm') continue;
    const at = name.index;
    // The dictionary around it: from the object's start (or the end of what came before) to the
    // stream keyword after it.
    const begin = Math.max(text.lastIndexOf('endobj', at), text.lastIndexOf('endstream', at), 0);
    const end = text.indexOf('endstream', at);
    if (end < 0) continue;
    // The data starts after the last stream keyword before its end: a string that looks like an
    // earlier one cannot move it.
    const keyword = Math.max(
      text.lastIndexOf('stream\n', end),
      text.lastIndexOf('stream\r\n', end),
    );
    if (keyword < at) continue;
    const dataStart = text.indexOf('\n', keyword) + 1;
    const names = [...text.slice(begin, keyword).matchAll(NAME)].map((one) =>
      decodeName(one[1] ?? ''),
    );
    const filters = names.filter((one) => one.endsWith('Decode') || one === 'Crypt');
    const data = bytes.subarray(dataStart, end);
    let content: Buffer | 'tooLarge' | undefined;
    if (names.some((one) => OPAQUE.has(one)) || filters.some((one) => one !== 'FlateDecode')) {
      content = undefined;
    } else if (filters.length > 0) {
      content = inflateWithin(data, room);
    } else if (data.length > room) {
      content = 'tooLarge';
    } else {
      // Stored as it is, an object stream is text; binary data was compressed by a filter
      // named where this does not look (an indirect /Filter).
      content = isText(data) ? data : undefined;
    }
    if (content === undefined || content === 'tooLarge') {
      found.add('otherAction');
      continue;
    }
    room -= content.length;
    for (const [, raw = ''] of content.toString('latin1').matchAll(NAME)) {
      const kind = ACTION_NAMES[decodeName(raw)];
      if (kind) found.add(kind);
    }
  }
  return found;
}

/** Whether bytes read as PDF syntax: no NUL, and nearly all printable or white space. */
function isText(data: Buffer): boolean {
  let odd = 0;
  for (const byte of data) {
    if (byte === 0) return false;
    if (byte < 9 || (byte > 13 && byte < 32)) odd += 1;
  }
  return odd <= data.length / 100;
}

/** A Flate stream's bytes, or 'tooLarge' past `room`; undefined when it does not inflate. */
function inflateWithin(data: Buffer, room: number): Buffer | 'tooLarge' | undefined {
  try {
    return inflateSync(data, {
      maxOutputLength: Math.max(room, 1),
      finishFlush: constants.Z_SYNC_FLUSH,
    });
  } catch (error) {
    return error instanceof RangeError ? 'tooLarge' : undefined;
  }
}

export type PdfCheck =
  | { outcome: 'checked'; found: ActiveContent[] }
  /** pdf.js could not open it (broken, or locked with a password): nothing was looked at. */
  | { outcome: 'unreadable' | 'encrypted' }
  | { outcome: 'timeout' };

class DeadlinePassed extends Error {}

/** Opens the PDF with pdf.js and looks for active content, within `deadlineMs`. */
export async function checkPdf(bytes: Buffer, deadlineMs: number): Promise<PdfCheck> {
  const { getDocument, VerbosityLevel } = await pdfjs();
  const task = getDocument({ ...untrustedPdfOptions(bytes, VerbosityLevel.ERRORS) });
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlinePassed()), deadlineMs);
  });
  // pdf.js rejects a later promise when the reading is stopped; it is answered here.
  deadline.catch(() => undefined);
  const within = <T>(work: Promise<T>) => Promise.race([work, deadline]);
  let document: PDFDocumentProxy;
  try {
    document = await within(task.promise);
  } catch (error) {
    clearTimeout(timer);
    await task.destroy().catch(() => undefined);
    if (error instanceof DeadlinePassed) return { outcome: 'timeout' };
    const locked = error instanceof Error && error.name === 'PasswordException';
    return { outcome: locked ? 'encrypted' : 'unreadable' };
  }
  try {
    return { outcome: 'checked', found: await findActiveContent(document, bytes, within) };
  } catch (error) {
    if (error instanceof DeadlinePassed) return { outcome: 'timeout' };
    // Opened, but broken further in: what a reader would run cannot be ruled out.
    return { outcome: 'checked', found: [...namedActions(bytes)] };
  } finally {
    clearTimeout(timer);
    await task.destroy().catch(() => undefined);
  }
}
