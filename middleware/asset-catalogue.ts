import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, posix } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

/** A folder whose files are served under `prefix` (e.g. `fkui/` + `fkui.min.css`). */
export interface AssetSource {
  prefix: string;
  dir: string;
}

export type AssetEncoding = 'br' | 'gzip';

export interface Asset {
  /** The name a view asks for, e.g. `css/portal.css`. */
  name: string;
  /** The fingerprinted URL, e.g. `/assets/css/portal.3f2a9c1b0d4e.css`. */
  url: string;
  hash: string;
  extension: string;
  body: Buffer;
  compressible: boolean;
}

const SERVED = new Set(['.css', '.js', '.svg', '.woff', '.woff2', '.ttf', '.png', '.ico']);
// Fonts in woff/woff2 and PNG images are compressed already.
const COMPRESSIBLE = new Set(['.css', '.js', '.svg', '.ttf', '.ico']);
const HASH_LENGTH = 12;
const FINGERPRINTED = new RegExp(`^(.*)\\.([0-9a-f]{${HASH_LENGTH}})(\\.[a-z0-9]+)$`);
// url(...) in CSS, quoted or not; the reference itself is group 2.
const CSS_URL = /url\(\s*(['"]?)([^'")]+)\1\s*\)/g;

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

function fingerprinted(name: string, hash: string): string {
  const extension = posix.extname(name);
  return `${name.slice(0, name.length - extension.length)}.${hash}${extension}`;
}

function filesIn(source: AssetSource): { name: string; file: string }[] {
  return readdirSync(source.dir, { recursive: true, encoding: 'utf8' })
    .map((relative) => ({
      name: source.prefix + relative.split(/[\\/]/).join('/'),
      file: join(source.dir, relative),
    }))
    .filter(({ file }) => SERVED.has(extname(file)) && statSync(file).isFile());
}

/**
 * Every static asset, read once at start: fingerprinted by content hash so browsers may keep it
 * for a year, and compressed once (on first request, then kept in memory) rather than per request.
 */
export class AssetCatalogue {
  private readonly byName = new Map<string, Asset>();
  private readonly encoded = new Map<string, Promise<Buffer>>();

  constructor(
    sources: AssetSource[],
    private readonly mountPath = '/assets',
  ) {
    const files = sources.flatMap(filesIn);
    // Stylesheets last: their url() references are rewritten to the fingerprinted URLs of files
    // already in the catalogue, so fonts and images load without any relative-path guesswork.
    const stylesheets = files.filter(({ file }) => extname(file) === '.css');
    for (const { name, file } of files.filter(({ file }) => extname(file) !== '.css')) {
      this.add(name, readFileSync(file));
    }
    for (const { name, file } of stylesheets) {
      this.add(name, Buffer.from(this.rewriteUrls(name, readFileSync(file, 'utf8'))));
    }
  }

  /** The URL a page links to; an unknown name is a programming error, caught by any page test. */
  url(name: string): string {
    const asset = this.byName.get(name);
    if (!asset) throw new Error(`Unknown asset: ${name}`);
    return asset.url;
  }

  /**
   * The asset a request path (below the mount path) names. `current` is false for a plain or
   * outdated name: still served, so a page rendered by an older instance keeps its look, but such
   * a URL must not be cached as immutable.
   */
  find(path: string): { asset: Asset; current: boolean } | undefined {
    const relative = path.replace(/^\/+/, '');
    const match = FINGERPRINTED.exec(relative);
    if (match) {
      const [, stem = '', hash, extension = ''] = match;
      const asset = this.byName.get(stem + extension);
      if (asset) return { asset, current: asset.hash === hash };
    }
    const asset = this.byName.get(relative);
    return asset ? { asset, current: false } : undefined;
  }

  /** The compressed body, made on first request and kept. */
  compressed(asset: Asset, encoding: AssetEncoding): Promise<Buffer> {
    const key = `${encoding}:${asset.name}`;
    let body = this.encoded.get(key);
    if (!body) {
      body =
        encoding === 'br'
          ? brotli(asset.body, {
              params: {
                [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
                [constants.BROTLI_PARAM_SIZE_HINT]: asset.body.length,
              },
            })
          : gzipAsync(asset.body, { level: constants.Z_BEST_COMPRESSION });
      this.encoded.set(key, body);
    }
    return body;
  }

  private add(name: string, body: Buffer) {
    const hash = createHash('sha256').update(body).digest('hex').slice(0, HASH_LENGTH);
    const extension = posix.extname(name);
    this.byName.set(name, {
      name,
      url: `${this.mountPath}/${fingerprinted(name, hash)}`,
      hash,
      extension,
      body,
      compressible: COMPRESSIBLE.has(extension),
    });
  }

  private rewriteUrls(stylesheet: string, css: string): string {
    return css.replace(CSS_URL, (whole, _quote, reference: string) => {
      // data:, other origins, absolute paths and fragments are left as they are.
      if (/^([a-z][a-z0-9+.-]*:|\/|#)/i.test(reference)) return whole;
      const cut = reference.search(/[?#]/);
      const path = cut === -1 ? reference : reference.slice(0, cut);
      const suffix = cut === -1 ? '' : reference.slice(cut);
      const target = this.byName.get(posix.join(posix.dirname(stylesheet), path));
      return target ? `url("${target.url}${suffix}")` : whole;
    });
  }
}
