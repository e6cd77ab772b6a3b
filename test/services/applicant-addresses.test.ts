import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ApplicantAddresses } from '../../services/applicant-addresses';
import { databaseTargets } from '../helpers/database-targets';
import { insertCase } from '../helpers/inbox-rows';
import { newPersonnummer } from '../helpers/login';
import type { TestServices } from '../helpers/test-services';

const DAY = 24 * 60 * 60 * 1000;
const BASE = Date.parse('2026-11-01T08:00:00Z');

for (const target of databaseTargets()) {
  describe(
    `the address a municipality last had from a person, on ${target.name}`,
    { skip: target.skip },
    () => {
      let opened: TestServices;
      let addresses: ApplicantAddresses;
      before(async () => {
        opened = await target.open();
        addresses = new ApplicantAddresses(opened.services.database.db, opened.services.forms);
      });
      after(async () => {
        await opened.cleanup();
      });

      /** A sent application of `personnummer` whose housing step gives `boende`. */
      async function sent(
        personnummer: string,
        day: number,
        boende: Record<string, string>,
        fields: { municipalityCode?: string; status?: string } = {},
      ) {
        const id = await insertCase(opened.services.database.db, {
          personnummer,
          receivedAt: BASE + day * DAY,
          ...fields,
        });
        await opened.services.database.db
          .updateTable('submission')
          .set({
            snapshot: JSON.stringify({
              formId: 'ekonomiskt-bistand',
              formVersion: 1,
              sections: [],
              answers: { boende },
            }),
          })
          .where('application_id', '=', id)
          .execute();
      }

      const home = (street: string) => ({ street, postalCode: '12345', city: 'Exempelby' });

      it('takes the newest application in that municipality only, never a draft', async () => {
        const person = newPersonnummer();
        await sent(person, 1, home('Gamla vägen 1'));
        await sent(person, 2, home('Storgatan 5 B'));
        await sent(person, 3, home('Grannkommunsgatan 9'), { municipalityCode: '9902' });
        await sent(person, 4, home('Utkastgatan 2'), { status: 'draft' });
        assert.deepEqual(await addresses.latest(person, '9901'), {
          lines: ['Storgatan 5 B', '123 45 Exempelby'],
          receivedAt: new Date(BASE + 2 * DAY),
        });
        assert.deepEqual((await addresses.latest(person, '9902'))?.lines, [
          'Grannkommunsgatan 9',
          '123 45 Exempelby',
        ]);
        assert.equal(await addresses.latest(newPersonnummer(), '9901'), undefined);
      });

      it('knows none when the newest application gives no full address, rather than an older one', async () => {
        const person = newPersonnummer();
        await sent(person, 1, home('Storgatan 5 B'));
        await sent(person, 2, { city: 'Exempelby' });
        assert.equal(await addresses.latest(person, '9901'), undefined);
      });
    },
  );
}
