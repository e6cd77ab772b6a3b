import * as cheerio from 'cheerio';

export type FormFields = Record<string, string | string[]>;

export interface PageResponse {
  status: number;
  url: string;
  location: string | undefined;
  text: string;
}

/**
 * One visitor with a cookie jar, over fetch: follows the portal's own redirects and links rather
 * than knowing its URLs, and posts forms with the page's real CSRF token.
 */
export class BrowserSession {
  private readonly cookies = new Map<string, string>();

  constructor(readonly origin: string) {}

  cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  /** Keeps the cookies a response sets (the session, and any CSRF cookie). */
  remember(setCookies: string[]): void {
    for (const line of setCookies) {
      const [pair = ''] = line.split(';');
      const equals = pair.indexOf('=');
      if (equals > 0) this.cookies.set(pair.slice(0, equals).trim(), pair.slice(equals + 1).trim());
    }
  }

  async request(path: string, init: RequestInit = {}): Promise<PageResponse> {
    const url = new URL(path, this.origin).href;
    const headers = new Headers(init.headers);
    if (this.cookies.size > 0) headers.set('cookie', this.cookieHeader());
    const response = await fetch(url, { ...init, headers, redirect: 'manual' });
    this.remember(response.headers.getSetCookie());
    return {
      status: response.status,
      url,
      location: response.headers.get('location') ?? undefined,
      text: await response.text(),
    };
  }

  /** GETs a page and follows redirects to the page a browser would end up on. */
  async open(path: string): Promise<PageResponse> {
    let response = await this.request(path);
    for (let hop = 0; response.location && hop < 10; hop++) {
      response = await this.request(response.location);
    }
    if (response.status !== 200) throw new Error(`${response.url} answered ${response.status}`);
    return response;
  }

  /** Posts the page's first form with a CSRF token (or the form `selector` picks). */
  async submit(page: PageResponse, fields: FormFields, selector = 'form:has(input[name="_csrf"])') {
    const $ = cheerio.load(page.text);
    const form = $(selector).first();
    const token = form.find('input[name="_csrf"]').val();
    if (typeof token !== 'string') throw new Error(`${page.url} has no form with a CSRF token`);
    const action = new URL(form.attr('action') ?? page.url, page.url).href;
    // As a browser does: every hidden field goes along (the token, the draft's row version).
    const hidden = Object.fromEntries(
      form
        .find('input[type="hidden"]')
        .toArray()
        .map((input) => [$(input).attr('name') ?? '', String($(input).val() ?? '')]),
    );
    const response = await this.request(action, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: formBody({ ...hidden, ...fields }),
    });
    if (response.status !== 303 || !response.location) {
      const errors = cheerio.load(response.text)('#error-summary').text().replace(/\s+/g, ' ');
      throw new Error(`POST ${action} answered ${response.status}: ${errors}`);
    }
    return this.open(response.location);
  }
}

export function formBody(fields: FormFields): string {
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) {
    for (const one of Array.isArray(value) ? value : [value]) body.append(name, one);
  }
  return body.toString();
}

/** The CSRF token in a page's HTML, read cheaply (autocannon hands us raw bodies). */
export function csrfTokenIn(html: string): string | undefined {
  return hiddenValueIn(html, '_csrf');
}

/** A hidden field's value, read without parsing the whole page (the bench reads it per request). */
export function hiddenValueIn(html: string, name: string): string | undefined {
  const input = new RegExp(`<input[^>]*name="${name}"[^>]*>`).exec(html)?.[0];
  const value = input && /value="([^"]*)"/.exec(input)?.[1];
  if (value === undefined || !value.includes('&')) return value;
  return cheerio.load(`<p>${value}</p>`)('p').text();
}
