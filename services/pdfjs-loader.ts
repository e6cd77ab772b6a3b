import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type * as PdfJsModule from 'pdfjs-dist/legacy/build/pdf.mjs';

/**
 * pdf.js (Mozilla's reader for untrusted PDFs, pure JavaScript and WebAssembly, no canvas), as
 * the paper scanner and the upload check open a PDF someone sent us. Runs in worker threads only
 * (services/paper-scanner.ts, services/pdf-checker.ts).
 */

/** pdf.js's WebAssembly decoders, as a folder path ending in "/" (pdf.js adds the file name). */
const PDFJS_WASM_DIR = `${join(dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json')), 'wasm')}/`;

export type PdfJs = typeof PdfJsModule;
let library: Promise<PdfJs> | undefined;
/** Loaded on the first PDF: most uploads are photos. */
export function pdfjs(): Promise<PdfJs> {
  library ??= import('pdfjs-dist/legacy/build/pdf.mjs');
  return library;
}

/**
 * The options every untrusted PDF is opened with. No JavaScript is compiled from the PDF
 * (CVE-2024-4367), no fonts are loaded or looked up, no XFA is rendered, and nothing is fetched:
 * the data is all there is (no url, no range requests).
 */
export function untrustedPdfOptions(bytes: Buffer, verbosity: number) {
  return {
    // A copy: pdf.js takes ownership of the array it is given.
    data: new Uint8Array(bytes),
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    enableXfa: false,
    disableRange: true,
    disableStream: true,
    disableAutoFetch: true,
    // JPEG 2000 (some scanners' colour and grey mode) is decoded by OpenJPEG in WebAssembly,
    // read from pdf.js's own package; CCITT, JBIG2, JPEG and Flate have decoders in JavaScript.
    useWasm: true,
    wasmUrl: PDFJS_WASM_DIR,
    isOffscreenCanvasSupported: false,
    isImageDecoderSupported: false,
    verbosity,
  };
}
