import type { Language, Translate } from '../locales';
import type { Municipality } from '../services/municipalities';

/** What every view may read, set by the setUpX() middleware: typed, so nobody needs a cast. */
declare module 'express-serve-static-core' {
  interface Locals {
    lang: Language;
    t: Translate;
    /** A text as escaped HTML, its Swedish terms marked lang="sv" on an English page. */
    withSwedishTerms: (text: string) => string;
    currentPath: string;
    municipality: Municipality | undefined;
    csrfToken: () => string;
    /** Who is logged in (both factors done), for the page header. */
    user: { name: string; home: string } | undefined;
    /** A page for staff (their area, their login, or a staff member is logged in or logging in). */
    staffPage: boolean;
    /**
     * On a page that answers a form post (a step with an error, say): the address that shows
     * the same page by a plain GET. The script puts it in the page's history entry, so "back"
     * to the page never asks to send the form again.
     */
    getAddress?: string;
    /** SESSION_ABSOLUTE_HOURS, for the start page that says a visit ended after so long. */
    sessionAbsoluteHours: number;
    /** SESSION_IDLE_MINUTES, for the warning before a visit ends on a page one types on. */
    idleMinutes: number;
  }
}
