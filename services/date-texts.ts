import type { Language } from '../locales';

const LOCALES: Record<Language, string> = { sv: 'sv-SE', en: 'en-GB' };
const ZONE = 'Europe/Stockholm';

const longDates = new Map<Language, Intl.DateTimeFormat>();
const clockTimes = new Map<Language, Intl.DateTimeFormat>();

function formatter(
  cache: Map<Language, Intl.DateTimeFormat>,
  language: Language,
  options: Intl.DateTimeFormatOptions,
): Intl.DateTimeFormat {
  let format = cache.get(language);
  if (!format) {
    format = new Intl.DateTimeFormat(LOCALES[language], { timeZone: ZONE, ...options });
    cache.set(language, format);
  }
  return format;
}

/** The day in Sweden in words: "24 december 2026" (or "24 December 2026"). */
export function longDate(instant: Date, language: Language): string {
  return formatter(longDates, language, { day: 'numeric', month: 'long', year: 'numeric' }).format(
    instant,
  );
}

/** The time of day in Sweden: "14:35". */
export function clockTime(instant: Date, language: Language): string {
  return formatter(clockTimes, language, { hour: '2-digit', minute: '2-digit' }).format(instant);
}

/** A moment in Sweden, day and time: "24 november 2026 kl. 09.30" or "24 November 2026 at 09:30". */
export function dateTime(instant: Date, language: Language): string {
  const day = longDate(instant, language);
  const time = clockTime(instant, language);
  return language === 'sv' ? `${day} kl. ${time.replace(':', '.')}` : `${day} at ${time}`;
}
