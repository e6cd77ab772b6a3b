import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { migrateToLatest } from '../../../services/db/migrate';
import { demoMunicipalities, seedDemoData } from '../../../services/demo-data';
import type { Municipality } from '../../../services/municipalities';
import { databaseTargets } from '../../helpers/database-targets';
import type { TestServices } from '../../helpers/test-services';

const umeaLike: Municipality = {
  code: '9903',
  name: 'Åby-Östra kommun',
  unitName: 'Försörjningsstöd',
  streetAddress: 'Storgatan 1',
  postalCode: '901 84',
  city: 'Åby',
  phone: '090-16 10 00',
  email: 'fs@aby.example',
  website: null,
};

for (const target of databaseTargets()) {
  describe(`storage on ${target.name}`, { skip: target.skip }, () => {
    let opened: TestServices;
    before(async () => {
      opened = await target.open();
    });
    after(async () => {
      await opened.cleanup();
    });

    it('runs the migrations once; running them again changes nothing', async () => {
      assert.deepEqual(await migrateToLatest(opened.services.database), []);
    });

    it('has the two demo municipalities, seeded once only', async () => {
      const { municipalities } = opened.services;
      assert.equal(await seedDemoData(municipalities), false);
      const names = (await municipalities.list()).map((municipality) => municipality.name);
      assert.deepEqual(
        names,
        demoMunicipalities.map((m) => m.name).sort((a, b) => a.localeCompare(b)),
      );
    });

    it('stores and finds a municipality with Swedish letters intact', async () => {
      const { municipalities } = opened.services;
      await municipalities.add(umeaLike);
      // No letter texts of its own: the decision letter uses the defaults.
      const none = { decisionLegalBasis: null, paymentInfo: null };
      assert.deepEqual(await municipalities.find('9903'), { ...umeaLike, ...none });
      const texts = {
        legalBasis: 'socialtjänstlagen (2025:400) – Åby-Östras riktlinjer',
        paymentInfo: 'Pengarna kommer inom tre bankdagar.',
      };
      await municipalities.setDecisionLetterTexts('9903', texts);
      assert.deepEqual(await municipalities.find('9903'), {
        ...umeaLike,
        decisionLegalBasis: texts.legalBasis,
        paymentInfo: texts.paymentInfo,
      });
      assert.equal(await municipalities.count(), 3);
      assert.equal(await municipalities.find('0000'), undefined);
    });

    it('refuses a second municipality with the same kommunkod', async () => {
      await assert.rejects(opened.services.municipalities.add(umeaLike));
    });

    it('answers the readiness check', async () => {
      assert.equal(await opened.services.health.isReady(), true);
    });
  });
}
