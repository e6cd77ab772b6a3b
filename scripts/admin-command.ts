import { parseArgs } from 'node:util';
import { AdminInputError, type InstallationAdmin } from '../services/installation-admin';
import { TEMPORARY_PASSWORD_VALIDITY_MS } from '../services/accounts';
import { formatPhone } from '../forms/phone-format';
import { maskedPhone } from '../services/sms/phone-number';

const TEMPORARY_DAYS = String(TEMPORARY_PASSWORD_VALIDITY_MS / 86_400_000);

/** What the person handing over a temporary password should tell its owner. */
const TEMPORARY_NOTE = `It works for ${TEMPORARY_DAYS} days; at the first login the person must choose a password of their own.`;

export const USAGE = `Usage: npm run admin -- <command> [options]

  municipality add --code 9901 --name "Exempelby kommun" --unit "Socialtjänsten"
                   --street "Storgatan 1" --postal-code "123 45" --city Exempelby
                   --phone "012-34 56 78" --email socialtjansten@exempelby.se [--website URL]
  municipality list
  municipality update --code 9901 [--name …] [--unit …] [--street …] [--postal-code …]
                      [--city …] [--phone …] [--email …] [--website …]
                                              (only what is given changes)
  staff list
  staff add --username anna.berg --name "Anna Berg" --mobile "070-123 45 67"
            --municipality 9901 --role caseworker|readonly|admin
  staff grant --username anna.berg --municipality 9902 --role readonly
                                              (replaces any role there)
  staff revoke --username anna.berg --municipality 9902
  staff password --username anna.berg         (a new temporary password; logged out)
  staff phone --username anna.berg [--mobile "070-765 43 21"]
                                              (lost phone: app removed, new SMS number)
  staff disable --username anna.berg          (left: no more logins, logged out now)
  staff enable --username anna.berg           (back: logins again, a new temporary password)

A temporary password is printed once: hand it over in person. It works for ${TEMPORARY_DAYS} days; after
logging in with it and the SMS code, the staff member must choose a password of their own
before any other page opens.`;

const OPTIONS = {
  code: { type: 'string' },
  name: { type: 'string' },
  unit: { type: 'string' },
  street: { type: 'string' },
  'postal-code': { type: 'string' },
  city: { type: 'string' },
  phone: { type: 'string' },
  email: { type: 'string' },
  website: { type: 'string' },
  username: { type: 'string' },
  mobile: { type: 'string' },
  municipality: { type: 'string' },
  role: { type: 'string' },
  help: { type: 'boolean' },
} as const;

/**
 * `npm run admin`: reads the command line, calls InstallationAdmin and says what happened.
 * Returns the exit code; a refusal is one line saying what to type instead.
 */
export async function runAdminCommand(
  argv: string[],
  admin: InstallationAdmin,
  print: (line: string) => void,
): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    print(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [area, command] = positionals;
  const need = (name: keyof typeof OPTIONS): string => {
    const value = values[name];
    if (typeof value !== 'string' || value.trim() === '') {
      throw new AdminInputError(`--${name} is required for "${area ?? ''} ${command ?? ''}"`);
    }
    return value.trim();
  };
  // As stored: usernames are lower case.
  const username = () => need('username').toLowerCase();
  try {
    if (values.help || area === undefined) {
      print(USAGE);
      return area === undefined && !values.help ? 2 : 0;
    }
    const what = `${area} ${command ?? ''}`.trim();
    switch (what) {
      case 'municipality add': {
        await admin.addMunicipality({
          code: need('code'),
          name: need('name'),
          unitName: need('unit'),
          streetAddress: need('street'),
          postalCode: need('postal-code'),
          city: need('city'),
          phone: need('phone'),
          email: need('email'),
          website: values.website?.trim() || null,
        });
        print(`Added municipality ${need('code')} ${need('name')}.`);
        return 0;
      }
      case 'municipality list': {
        const all = await admin.listMunicipalities();
        if (all.length === 0) print('No municipalities yet: add one with "municipality add".');
        for (const one of all) {
          print(
            [
              one.code,
              one.name,
              one.unitName,
              `${one.streetAddress}, ${one.postalCode} ${one.city}`,
              one.phone,
              one.email,
              one.website ?? 'no website',
            ].join('\t'),
          );
        }
        return 0;
      }
      case 'municipality update': {
        const given = (name: keyof typeof OPTIONS) => {
          const value = values[name];
          return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
        };
        const updated = await admin.updateMunicipality(need('code'), {
          name: given('name'),
          unitName: given('unit'),
          streetAddress: given('street'),
          postalCode: given('postal-code'),
          city: given('city'),
          phone: given('phone'),
          email: given('email'),
          website: given('website'),
        });
        print(`Updated municipality ${updated.code} ${updated.name}.`);
        return 0;
      }
      case 'staff list': {
        const rows = await admin.listStaff();
        if (rows.length === 0) print('No staff accounts yet: add one with "staff add".');
        for (const row of rows) {
          const grants =
            row.grants.map((g) => `${g.municipalityCode}:${g.role}`).join(' ') || 'no grants';
          const phone = row.mobile ? maskedPhone(row.mobile) : 'no mobile';
          const state = row.disabled ? 'DISABLED' : 'active';
          const temporary = row.passwordTemporarySince;
          // A handed-out password not yet replaced: waiting for the first login, or run out.
          const password =
            temporary === null
              ? ''
              : row.temporaryPasswordExpired
                ? '\ttemporary password expired ("staff password" gives a new one)'
                : `\ttemporary password until ${new Date(temporary + TEMPORARY_PASSWORD_VALIDITY_MS).toISOString().slice(0, 10)}`;
          print(
            `${row.username}\t${row.name}\t${grants}\t${phone}${row.app ? ', app' : ''}\t${state}${password}`,
          );
        }
        return 0;
      }
      case 'staff add': {
        const username = need('username');
        const { password } = await admin.addStaff({
          username,
          name: need('name'),
          mobile: need('mobile'),
          municipalityCode: need('municipality'),
          role: need('role'),
        });
        print(`Added ${username.toLowerCase()}. Temporary password (shown once): ${password}`);
        print(TEMPORARY_NOTE);
        return 0;
      }
      case 'staff grant':
        await admin.grant(need('username'), need('municipality'), need('role'));
        print(`${username()} now has the role ${need('role')} in ${need('municipality')}.`);
        return 0;
      case 'staff revoke':
        await admin.revoke(need('username'), need('municipality'));
        print(`${username()} has no grant in ${need('municipality')} any more.`);
        return 0;
      case 'staff password': {
        const { password } = await admin.resetPassword(need('username'));
        print(`New temporary password for ${username()} (shown once): ${password}`);
        print(TEMPORARY_NOTE);
        return 0;
      }
      case 'staff enable': {
        const { password } = await admin.enable(need('username'));
        print(`${username()} can log in again. Temporary password (shown once): ${password}`);
        print(TEMPORARY_NOTE);
        return 0;
      }
      case 'staff phone': {
        const { appRemoved, mobile } = await admin.replacePhone(
          need('username'),
          values.mobile?.trim() || undefined,
        );
        const app = appRemoved ? 'authenticator app removed' : 'no authenticator app to remove';
        // In full, once, so a slip in the number is seen now (the list masks it).
        const to = mobile ? formatPhone(mobile) : '';
        print(`${username()}: ${app}, logged out; next login by SMS to ${to}.`);
        return 0;
      }
      case 'staff disable':
        await admin.disable(need('username'));
        print(`${username()} is disabled and logged out.`);
        return 0;
      default:
        print(`Unknown command "${what}".\n\n${USAGE}`);
        return 2;
    }
  } catch (error) {
    if (error instanceof AdminInputError) {
      print(error.message);
      return 1;
    }
    throw error;
  }
}
