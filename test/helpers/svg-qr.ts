import jsQR from 'jsqr';

const PIXELS_PER_MODULE = 4;

/**
 * Reads the QR code in an SVG as the `qrcode` package draws it (a white square, then dark runs
 * as `M x y.5 h n` and `m dx dy h n` path commands), by painting it at 4 pixels a module and
 * handing the picture to jsQR, as a phone camera would see it.
 */
export function readSvgQr(svg: string): string | undefined {
  const size = Number(/viewBox="0 0 (\d+) \1"/.exec(svg)?.[1]);
  const path = /<path stroke="[^"]+" d="([^"]+)"/.exec(svg)?.[1];
  if (!size || !path) throw new Error('Not an SVG QR code from the qrcode package');
  const dark = Array.from({ length: size }, () => new Array<boolean>(size).fill(false));
  let x = 0;
  let y = 0;
  for (const [, command, a, b] of path.matchAll(/([MmHh])([\d.]+)(?:\s([\d.]+))?/g)) {
    if (command === 'M' || command === 'm') {
      const [dx, dy] = [Number(a), Math.floor(Number(b))];
      x = command === 'M' ? dx : x + dx;
      y = command === 'M' ? dy : y + dy;
    } else {
      const length = Number(a);
      const row = dark[y];
      for (let column = x; column < x + length && row; column++) row[column] = true;
      x += length;
    }
  }
  const width = size * PIXELS_PER_MODULE;
  const data = new Uint8ClampedArray(width * width * 4);
  for (let py = 0; py < width; py++) {
    for (let px = 0; px < width; px++) {
      const ink = dark[Math.floor(py / PIXELS_PER_MODULE)]?.[Math.floor(px / PIXELS_PER_MODULE)];
      const at = (py * width + px) * 4;
      data.fill(ink ? 0 : 255, at, at + 3);
      data[at + 3] = 255;
    }
  }
  return jsQR(data, width, width)?.data;
}

/** The SVG inside a `data:image/svg+xml;base64,…` URL. */
export function svgOfDataUrl(url: string): string {
  const prefix = 'data:image/svg+xml;base64,';
  if (!url.startsWith(prefix)) throw new Error(`Not a base64 SVG data URL: ${url.slice(0, 40)}`);
  return Buffer.from(url.slice(prefix.length), 'base64').toString('utf8');
}
