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
}

export class MunicipalityService {
  constructor(private readonly db: Kysely<Database>) {}

  async list(): Promise<Municipality[]> {
    const rows = await this.db.selectFrom('municipality').selectAll().orderBy('name').execute();
    return rows.map(toMunicipality);
  }

  async find(code: string): Promise<Municipality | undefined> {
    const row = await this.db
      .selectFrom('municipality')
      .selectAll()
      .where('code', '=', code)
      .executeTakeFirst();
    return row ? toMunicipality(row) : undefined;
  }

  async count(): Promise<number> {
    const row = await this.db
      .selectFrom('municipality')
      .select((eb) => eb.fn.countAll<number | string>().as('count'))
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }

  async add(municipality: Municipality): Promise<void> {
    await this.db.insertInto('municipality').values(toRow(municipality)).execute();
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
  };
}
