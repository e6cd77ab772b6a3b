import type { AccountService } from './accounts';
import type { CodeLists } from './code-lists';
import type { StaffRole } from './db/schema';
import type { PasswordHasher } from './passwords/password-hasher';

/** Made-up people for trying the portal out; never created in production. */
export const DEMO_APPLICANT = {
  personnummer: '191212121212',
  name: 'Anna Exempelsson',
  mobile: '+46701234512',
  municipalityCode: '9901',
  password: 'demo lösenord för anna',
};

export const DEMO_STAFF_PASSWORD = 'demo lösenord för personal';

const STAFF_ROLES: { role: StaffRole; prefix: string; name: string }[] = [
  { role: 'caseworker', prefix: 'handlaggare', name: 'Handläggare' },
  { role: 'readonly', prefix: 'lasare', name: 'Läsare' },
  { role: 'admin', prefix: 'admin', name: 'Administratör' },
];

/** The demo caseworker's username in a demo municipality. */
export function demoCaseworker(municipalityCode: string): string {
  return `handlaggare.${municipalityCode}`;
}

export interface DemoAccountsSeeded {
  applicant: { personnummer: string; password: string; codes: string };
  staff: { username: string; password: string }[];
}

/**
 * One applicant (SMS to a made-up number, read in /dev/sms, and a code list) and, per demo
 * municipality, a caseworker, a read-only user and an administrator. Only on an installation
 * without accounts, so a restart never adds them twice.
 */
export async function seedDemoAccounts(
  services: { accounts: AccountService; passwords: PasswordHasher; codeLists: CodeLists },
  municipalityCodes: string[],
): Promise<DemoAccountsSeeded | undefined> {
  const { accounts, passwords, codeLists } = services;
  if (await accounts.findApplicant(DEMO_APPLICANT.personnummer)) return undefined;
  const applicant = await accounts.createApplicant(DEMO_APPLICANT);
  await accounts.setPasswordHash(applicant.id, await passwords.hash(DEMO_APPLICANT.password));
  const list = await codeLists.issue(applicant.id);

  const staffHash = await passwords.hash(DEMO_STAFF_PASSWORD);
  const staff: DemoAccountsSeeded['staff'] = [];
  for (const code of municipalityCodes) {
    for (const { role, prefix, name } of STAFF_ROLES) {
      const username = `${prefix}.${code}`;
      const account = await accounts.createStaff({
        username,
        name: `${name} ${code}`,
        mobile: DEMO_APPLICANT.mobile.replace(/12$/, code.slice(-2)),
        grants: [{ municipalityCode: code, role }],
      });
      await accounts.setPasswordHash(account.id, staffHash);
      staff.push({ username, password: DEMO_STAFF_PASSWORD });
    }
  }
  return {
    applicant: {
      personnummer: DEMO_APPLICANT.personnummer,
      password: DEMO_APPLICANT.password,
      codes: list.codes.map(({ number, code }) => `${number}:${code}`).join(' '),
    },
    staff,
  };
}
