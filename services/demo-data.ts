import type { Municipality, MunicipalityService } from './municipalities';

/** Two made-up municipalities (kommunkod 99xx is unused in Sweden) so nobody mistakes them for real. */
export const demoMunicipalities: Municipality[] = [
  {
    code: '9901',
    name: 'Exempelby kommun',
    unitName: 'Socialtjänsten, enheten för ekonomiskt bistånd',
    streetAddress: 'Box 101',
    postalCode: '123 45',
    city: 'Exempelby',
    phone: '0123-456 00',
    email: 'ekonomisktbistand@exempelby.example',
    website: 'https://exempelby.example',
  },
  {
    code: '9902',
    name: 'Provsala kommun',
    unitName: 'Individ- och familjeomsorgen, försörjningsstöd',
    streetAddress: 'Stora torget 2',
    postalCode: '543 21',
    city: 'Provsala',
    phone: '0543-210 00',
    email: 'forsorjningsstod@provsala.example',
    website: null,
  },
];

/** Seeds only an empty installation, so a restart never duplicates or overwrites real data. */
export async function seedDemoData(municipalities: MunicipalityService): Promise<boolean> {
  if ((await municipalities.count()) > 0) return false;
  for (const municipality of demoMunicipalities) await municipalities.add(municipality);
  return true;
}
