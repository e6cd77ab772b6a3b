import type { IncomingMessage, ServerResponse } from 'node:http';
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';
import type { HtmlDocument } from './html-checker';

type Write = ServerResponse['write'];
type End = ServerResponse['end'];

function bytesOf(chunk: unknown, encoding: unknown): Buffer | undefined {
  if (typeof chunk === 'string') {
    return Buffer.from(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8');
  }
  return chunk instanceof Uint8Array ? Buffer.from(chunk) : undefined;
}

function decoded(body: Buffer, contentEncoding: unknown): Buffer {
  if (contentEncoding === 'br') return brotliDecompressSync(body);
  if (contentEncoding === 'gzip') return gunzipSync(body);
  if (contentEncoding === 'deflate') return inflateSync(body);
  return body;
}

/**
 * Keeps the HTML of every page the server sends, exactly as sent (decompressed), each distinct
 * document once. Taken at the server because a browser may drop the body of a page it has already
 * navigated away from.
 */
export class SentPages {
  private readonly documents = new Map<string, HtmlDocument>();

  /** Call before the app handles the request. */
  record(req: IncomingMessage, res: ServerResponse) {
    if (req.method === 'HEAD') return;
    const chunks: Buffer[] = [];
    const write = res.write.bind(res) as (...args: unknown[]) => boolean;
    const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
    res.write = ((chunk: unknown, ...rest: unknown[]) => {
      const bytes = bytesOf(chunk, rest[0]);
      if (bytes) chunks.push(bytes);
      return write(chunk, ...rest);
    }) as Write;
    res.end = ((chunk?: unknown, ...rest: unknown[]) => {
      const bytes = bytesOf(chunk, rest[0]);
      if (bytes) chunks.push(bytes);
      return end(chunk, ...rest);
    }) as End;
    res.on('finish', () => {
      const contentType = String(res.getHeader('content-type') ?? '');
      // Redirects have no page; error pages (400 with the error summary, 404) are pages too.
      const redirect = res.statusCode >= 300 && res.statusCode < 400;
      if (!contentType.startsWith('text/html') || redirect) return;
      const html = decoded(Buffer.concat(chunks), res.getHeader('content-encoding')).toString();
      const name = `${req.method ?? 'GET'} ${(req.url ?? '').split('?')[0] ?? ''}`;
      if (!this.documents.has(html)) this.documents.set(html, { name, html });
    });
  }

  all(): HtmlDocument[] {
    return [...this.documents.values()];
  }
}
