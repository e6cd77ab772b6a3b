import { request as httpRequest, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { Application } from 'express';

export interface WireResponse {
  /** The path that was asked for. */
  path: string;
  status: number;
  headers: IncomingHttpHeaders;
  /** The body as the browser reads it, after decompression. */
  text: string;
  /** Status line, headers and body as they crossed the wire (without chunk framing). */
  wireBytes: number;
}

/**
 * A client that counts what crosses the wire, which supertest cannot: it decompresses bodies before
 * we see them. Keeps cookies like a browser, so a visit can choose a municipality and go on.
 */
export class WireClient {
  private readonly cookies = new Map<string, string>();

  private constructor(private readonly server: Server) {}

  static async start(app: Application): Promise<WireClient> {
    const server: Server = await new Promise((resolve) => {
      const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
    });
    return new WireClient(server);
  }

  get origin(): string {
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  async close(): Promise<void> {
    await new Promise((resolve) => this.server.close(resolve));
  }

  get(path: string, headers: Record<string, string> = {}): Promise<WireResponse> {
    return this.send('GET', path, headers);
  }

  post(path: string, form: Record<string, string>, headers: Record<string, string> = {}) {
    return this.send('POST', path, headers, new URLSearchParams(form).toString());
  }

  private send(
    method: string,
    path: string,
    headers: Record<string, string>,
    body?: string,
  ): Promise<WireResponse> {
    const cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    const request = httpRequest(new URL(path, this.origin), {
      method,
      headers: {
        ...(cookie ? { cookie } : {}),
        ...(body === undefined
          ? {}
          : { 'content-type': 'application/x-www-form-urlencoded', origin: this.origin }),
        ...headers,
      },
    });
    return new Promise((resolve, reject) => {
      request.on('error', reject);
      request.on('response', (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () => {
          this.keepCookies(response.headers['set-cookie'] ?? []);
          const raw = Buffer.concat(chunks);
          const encoding = response.headers['content-encoding'];
          const decoded =
            encoding === 'gzip'
              ? gunzipSync(raw)
              : encoding === 'br'
                ? brotliDecompressSync(raw)
                : raw;
          const statusLine = `HTTP/1.1 ${response.statusCode} ${response.statusMessage}\r\n`;
          // "Name: value\r\n" per header (2 bytes after each part), then an empty line.
          const headerBytes = response.rawHeaders.reduce(
            (sum, part) => sum + Buffer.byteLength(part) + 2,
            statusLine.length + 2,
          );
          resolve({
            path,
            status: response.statusCode ?? 0,
            headers: response.headers,
            text: decoded.toString('utf8'),
            wireBytes: headerBytes + raw.length,
          });
        });
      });
      request.end(body);
    });
  }

  private keepCookies(setCookies: string[]) {
    for (const setCookie of setCookies) {
      const [pair = ''] = setCookie.split(';');
      const separator = pair.indexOf('=');
      if (separator > 0) this.cookies.set(pair.slice(0, separator), pair.slice(separator + 1));
    }
  }
}
