import ejs from 'ejs';
import type { Language } from '../locales';

/**
 * Swedish words the English texts keep, in brackets beside their translation, because the
 * applicant meets them in letters and at the office ("financial assistance (ekonomiskt
 * bistånd)"). A screen reader must read them as Swedish (WCAG 3.1.2), so on an English page
 * each is marked `lang="sv"`. Names (Försäkringskassan, Mina sidor) need no mark.
 */
const SWEDISH_TERMS = [
  'ekonomiskt bistånd',
  'riksnormen',
  'riksnorm',
  'bostadsrätt',
  'förvaltningsrätten',
  'socialtjänstlagen',
];

const TERM = new RegExp(`\\b(${SWEDISH_TERMS.join('|')})(?![\\p{L}])`, 'gu');

/** A text as HTML, escaped, with its Swedish terms marked when the page is in English. */
export function withSwedishTerms(text: string, language: Language): string {
  const escaped = ejs.escapeXML(text);
  return language === 'sv' ? escaped : escaped.replace(TERM, '<span lang="sv">$1</span>');
}

/** One marker a language, made once: views get it on every request. */
export const swedishTermsFor: Record<Language, (text: string) => string> = {
  sv: (text) => withSwedishTerms(text, 'sv'),
  en: (text) => withSwedishTerms(text, 'en'),
};
