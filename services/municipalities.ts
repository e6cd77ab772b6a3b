import type { Kysely } from 'kysely';
import type { Database, MunicipalityTable } from './db/schema';

export interface Municipality {
  code: string;
  name: string;
  unitName: string;
  streetAddress: string;
  postalCode: string;
  city: string;
  phone: string;
  email: string;
  website: string | null;
  /**
   * What the decision letter names as the law a decision rests on, as the municipality words it
   * (e.g. with the chapter and paragraph its lawyers cite); null or absent: the default text.
   */
  decisionLegalBasis?: string | null;
  /** When and how granted money is paid, for the decision letter; null or absent: the default. */
  paymentInfo?: string | null;
}

/** The decision letter's texts a municipality's administrator sets; null for the default. */
export interface DecisionLetterTexts {
  legalBasis: string | null;
  paymentInfo: string | null;
}

interface Loaded {
  list: readonly Municipality[];
  byCode: ReadonlyMap<string, Municipality>;
}

/** A change made elsewhere (another instance, `npm run admin`) is seen within this long. */
const RELOAD_AFTER_MS = 60_000;

/**
 * The municipalities of this installation. Nearly every page shows the chosen one, and they
 * change perhaps once a year: they are read from the database and served from memory, read
 * again after every change made through this service, and at most a minute old otherwise.
 */
export class MunicipalityService {
  private loaded: Promise<Loaded> | undefined;
  private loadedAt = 0;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly now: () => number = Date.now,
  ) {}

  /** All, by name. */
  async list(): Promise<Municipality[]> {
    return [...(await this.all()).list];
  }

  async find(code: string): Promise<Municipality | undefined> {
    return (await this.all()).byCode.get(code);
  }

  async count(): Promise<number> {
    const row = await this.db
      .selectFrom('municipality')
      .select((eb) => eb.fn.countAll<number | string>().as('count'))
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }

  async add(municipality: Municipality): Promise<void> {
    try {
      await this.db.insertInto('municipality').values(toRow(municipality)).execute();
    } finally {
      this.forget();
    }
  }

  /** A municipality's details as given (its code stays; the letter texts are kept). */
  async update(municipality: Municipality): Promise<void> {
    const row = toRow(municipality);
    try {
      await this.db
        .updateTable('municipality')
        .set({
          name: row.name,
          unit_name: row.unit_name,
          street_address: row.street_address,
          postal_code: row.postal_code,
          city: row.city,
          phone: row.phone,
          email: row.email,
          website: row.website,
        })
        .where('code', '=', row.code)
        .execute();
    } finally {
      this.forget();
    }
  }

  /** The decision letter's texts of one municipality (null: the default text). */
  async setDecisionLetterTexts(code: string, texts: DecisionLetterTexts): Promise<void> {
    try {
      await this.db
        .updateTable('municipality')
        .set({ decision_legal_basis: texts.legalBasis, payment_info: texts.paymentInfo })
        .where('code', '=', code)
        .execute();
    } finally {
      this.forget();
    }
  }

  /** Every method that changes a municipality calls this, so the next read loads them anew. */
  private forget(): void {
    this.loaded = undefined;
  }

  private all(): Promise<Loaded> {
    if (this.loaded && this.now() - this.loadedAt >= RELOAD_AFTER_MS) this.forget();
    if (!this.loaded) {
      this.loadedAt = this.now();
      const loading = this.load().catch((error: unknown) => {
        // A failed read is not kept: the next request tries the database again.
        if (this.loaded === loading) this.forget();
        throw error;
      });
      this.loaded = loading;
    }
    return this.loaded;
  }

  private async load(): Promise<Loaded> {
    const rows = await this.db.selectFrom('municipality').selectAll().orderBy('name').execute();
    const list = rows.map((row) => Object.freeze(toMunicipality(row)));
    return { list, byCode: new Map(list.map((municipality) => [municipality.code, municipality])) };
  }
}

function toMunicipality(row: MunicipalityTable): Municipality {
  return {
    code: row.code,
    name: row.name,
    unitName: row.unit_name,
    streetAddress: row.street_address,
    postalCode: row.postal_code,
    city: row.city,
    phone: row.phone,
    email: row.email,
    website: row.website,
    decisionLegalBasis: row.decision_legal_basis ?? null,
    paymentInfo: row.payment_info ?? null,
  };
}

function toRow(municipality: Municipality): MunicipalityTable {
  return {
    code: municipality.code,
    name: municipality.name,
    unit_name: municipality.unitName,
    street_address: municipality.streetAddress,
    postal_code: municipality.postalCode,
    city: municipality.city,
    phone: municipality.phone,
    email: municipality.email,
    website: municipality.website,
    decision_legal_basis: municipality.decisionLegalBasis ?? null,
    payment_info: municipality.paymentInfo ?? null,
  };
}
