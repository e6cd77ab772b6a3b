import type { Municipality } from '../../services/municipalities';

/**
 * What the inbox bench's data looks like: who applies where, when, and how far each
 * application has come. Shares are per mille.
 */

/** Most applications in one or two large municipalities, a few in eight small ones. */
export const MUNICIPALITY_SHARES: { code: string; perMille: number; caseworkers: number }[] = [
  { code: '9901', perMille: 550, caseworkers: 20 },
  { code: '9902', perMille: 250, caseworkers: 10 },
  ...Array.from({ length: 8 }, (_, at) => ({
    code: `99${String(11 + at)}`,
    perMille: 25,
    caseworkers: 3,
  })),
];

/** The small municipalities the demo data does not have. */
export function benchMunicipality(code: string): Municipality {
  return {
    code,
    name: `Bänkby ${code} kommun`,
    unitName: 'Socialtjänsten, ekonomiskt bistånd',
    streetAddress: 'Box 1',
    postalCode: '999 99',
    city: `Bänkby ${code}`,
    phone: '0999-100 00',
    email: `bistand${code}@example.se`,
    website: null,
  };
}

/** About eight applications per person over the two years: people apply month after month. */
export const APPLICATIONS_PER_PERSON = 8;
/** A medsökande (spouse or partner) in three households of ten. */
export const PARTNER_PER_MILLE = 300;
/** Sent by post and registered by a caseworker. */
export const POST_PER_MILLE = 80;
/** Co-applicants' personnummer are made from person number + this, apart from applicants'. */
export const PARTNER_OFFSET = 8_000_000;
/** Months back from the bench's today over which applications came in. */
export const MONTHS = 24;

/** A comma-separated list written over several lines. */
function listOf(text: string): string[] {
  return text.split(',').map((one) => one.trim());
}

export const FIRST_NAMES = listOf(`
  Anna, Mohammed, Eva, Ahmed, Maria, Ali, Karin, Omar, Sara, Johan, Fatima, Erik, Leila, Lars,
  Amina, Anders, Hanna, Yusuf, Elin, Mikael, Zahra, Åsa, Nour, Björn, Aisha, Per, Maja, Hassan,
  Ingrid, Daniel, Łucja, Jörgen, Ngọc Anh, Ülkü, Sofia, Abdi, Linnéa, Tomasz, Ida, Ayşe
`);

export const LAST_NAMES = listOf(`
  Andersson, Johansson, Karlsson, Nilsson, Eriksson, Larsson, Olsson, Persson, Svensson,
  Gustafsson, Pettersson, Jonsson, Jansson, Hansson, Bengtsson, Mohamed, Ali, Hussein, Ahmed,
  Hassan, Abdullahi, Nowak, Kowalski, Öberg, Åberg, Lindqvist, Ström, Nguyễn, Yılmaz, Berg,
  Lindström, Axelsson, Lundberg, Jakobsson, Mattsson, Sandberg, Forsberg, Sjöberg, Wallin,
  Engström, Danielsson, Håkansson, Lund, Osman, Khalil
`);

/**
 * How far an application has come, by its age: the week's are mostly new, the month's are
 * being worked on, older ones are decided, withdrawn or set aside, but for a few forgotten ones.
 */
export const STATUS_BY_AGE: { maxDays: number; mix: [string, number][] }[] = [
  {
    maxDays: 7,
    mix: [
      ['vantar-medsokande', 40],
      ['inkommen', 760],
      ['under-handlaggning', 200],
    ],
  },
  {
    maxDays: 30,
    mix: [
      ['inkommen', 60],
      ['under-handlaggning', 340],
      ['komplettering-begard', 150],
      ['kompletterad', 80],
      ['beviljad', 250],
      ['delvis-beviljad', 50],
      ['avslag', 50],
      ['aterkallad', 20],
    ],
  },
  {
    maxDays: Number.POSITIVE_INFINITY,
    mix: [
      ['under-handlaggning', 2],
      ['komplettering-begard', 1],
      ['kompletterad', 1],
      ['beviljad', 700],
      ['delvis-beviljad', 120],
      ['avslag', 120],
      ['aterkallad', 35],
      ['makulerad', 16],
      ['avbojd-av-medsokande', 5],
    ],
  },
];

/** New ones a caseworker already looked at (still inkommen, but no longer among "Nya"). */
export const OPENED_NEW_PER_MILLE = 150;

const MONTH_NAMES = listOf(`
  januari, februari, mars, april, maj, juni, juli, augusti, september, oktober, november,
  december
`);

export interface SeedMonth {
  /** When the month began (UTC ms) and how long the bench's data runs in it. */
  start: number;
  length: number;
  /** The month applied for: the next one, as stored (2026-12) and as shown (december 2026). */
  period: string;
  periodText: string;
}

/** The MONTHS calendar months up to and including today's, the last one ending today. */
export function seedMonths(today: Date): SeedMonth[] {
  const year = today.getUTCFullYear();
  const month = today.getUTCMonth();
  return Array.from({ length: MONTHS }, (_, at) => {
    const start = Date.UTC(year, month - MONTHS + 1 + at, 1);
    const end = Math.min(Date.UTC(year, month - MONTHS + 2 + at, 1), today.getTime());
    const applied = new Date(Date.UTC(year, month - MONTHS + 2 + at, 1));
    return {
      start,
      length: end - start,
      period: `${applied.getUTCFullYear()}-${String(applied.getUTCMonth() + 1).padStart(2, '0')}`,
      periodText: `${MONTH_NAMES[applied.getUTCMonth()] ?? ''} ${applied.getUTCFullYear()}`,
    };
  });
}
