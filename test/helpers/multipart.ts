import { randomBytes } from 'node:crypto';

export interface FilePart {
  filename: string;
  bytes: Buffer;
  /** What the browser claims; the portal ignores it. */
  contentType?: string;
  /**
   * `plain`: `filename="…"` escaped as browsers do (%22, %0D, %0A); `extended`: RFC 5987
   * `filename*=UTF-8''…`, in which any character, NUL included, can be sent.
   */
  nameEncoding?: 'plain' | 'extended';
}

export type Part = { name: string; value: string } | ({ name: string } & FilePart);

function dispositionOf(part: Part): string {
  if (!('bytes' in part)) return `form-data; name="${part.name}"`;
  const filename =
    part.nameEncoding === 'extended'
      ? `filename*=UTF-8''${encodeURIComponent(part.filename)}`
      : `filename="${part.filename.replace(/"/g, '%22').replace(/\r/g, '%0D').replace(/\n/g, '%0A')}"`;
  return `form-data; name="${part.name}"; ${filename}`;
}

/** A multipart/form-data body built byte by byte, so a test decides exactly what is sent. */
export function multipartBody(parts: readonly Part[]): { contentType: string; body: Buffer } {
  const boundary = `----portal-test-${randomBytes(8).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const headers = [`Content-Disposition: ${dispositionOf(part)}`];
    if ('bytes' in part)
      headers.push(`Content-Type: ${part.contentType ?? 'application/octet-stream'}`);
    chunks.push(Buffer.from(`--${boundary}\r\n${headers.join('\r\n')}\r\n\r\n`, 'utf8'));
    chunks.push('bytes' in part ? part.bytes : Buffer.from(part.value, 'utf8'));
    chunks.push(Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { contentType: `multipart/form-data; boundary=${boundary}`, body: Buffer.concat(chunks) };
}
