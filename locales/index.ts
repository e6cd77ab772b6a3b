import en from './en.json' with { type: 'json' };
import sv from './sv.json' with { type: 'json' };

export type MessageKey = keyof typeof sv;
export type Language = 'sv' | 'en';
export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

export const defaultLanguage: Language = 'sv';

const dictionaries: Record<Language, Record<MessageKey, string>> = { sv, en };

export function isLanguage(value: unknown): value is Language {
  return value === 'sv' || value === 'en';
}

/**
 * A `{name}` placeholder, or a number with its word, singular or plural as the language says,
 * written in the message:
 * `{minutes, plural, one {# minut} other {# minuter}}` ("1 minut", "5 minuter"). `#` is the
 * number. Only `one` and `other`: all Swedish and English need.
 */
const PLACEHOLDER = /\{(\w+), plural, one \{([^{}]*)\} other \{([^{}]*)\}\}|\{(\w+)\}/g;

const pluralRules: Record<Language, Intl.PluralRules> = {
  sv: new Intl.PluralRules('sv'),
  en: new Intl.PluralRules('en'),
};

/** Looks up a message and fills in {placeholders}; the types make every language complete. */
export function translator(language: Language): Translate {
  const dictionary = dictionaries[language];
  const rules = pluralRules[language];
  return (key, values = {}) => {
    const template = dictionary[key];
    // Most texts have no placeholders; a page asks for hundreds of them.
    if (!template.includes('{')) return template;
    // One pass over the message: what a value brings is never read as a placeholder again.
    return template.replace(PLACEHOLDER, (match, ...parts: (string | undefined)[]) => {
      const [pluralName, one, other, name] = parts;
      if (pluralName !== undefined) {
        if (!(pluralName in values)) return match;
        const value = String(values[pluralName]);
        return (
          (rules.select(Number(value)) === 'one' ? one : other)?.replace(/#/g, () => value) ?? match
        );
      }
      return name !== undefined && name in values ? String(values[name]) : match;
    });
  };
}

export function messageKeys(language: Language): string[] {
  return Object.keys(dictionaries[language]);
}

/** Optional texts (a hint, a help text) exist only for some fields. */
export function hasMessage(language: Language, key: string): boolean {
  return key in dictionaries[language];
}
