import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { MunicipalityService } from '../../services/municipalities';
import { createTestServices, type TestServices } from '../helpers/test-services';

describe('municipalities', () => {
  let opened: TestServices;
  before(async () => {
    opened = await createTestServices();
  });
  after(async () => {
    await opened.cleanup();
  });

  it('are read from the database once, then served from memory until one is added', async () => {
    const { municipalities, database } = opened.services;
    const names = async () => (await municipalities.list()).map(({ name }) => name);
    assert.deepEqual(await names(), ['Exempelby kommun', 'Provsala kommun']);

    // Changed behind the service's back (no method of it does this): memory still answers.
    await database.db
      .updateTable('municipality')
      .set({ name: 'Ändrad kommun' })
      .where('code', '=', '9901')
      .execute();
    assert.deepEqual(await names(), ['Exempelby kommun', 'Provsala kommun']);
    assert.equal((await municipalities.find('9901'))?.name, 'Exempelby kommun');

    // A change through the service reads them all anew.
    await municipalities.add({
      code: '9903',
      name: 'Åby kommun',
      unitName: 'Försörjningsstöd',
      streetAddress: 'Storgatan 1',
      postalCode: '901 84',
      city: 'Åby',
      phone: '090-16 10 00',
      email: 'fs@aby.example',
      website: null,
    });
    assert.deepEqual((await municipalities.list()).map(({ code }) => code).sort(), [
      '9901',
      '9902',
      '9903',
    ]);
    assert.equal((await municipalities.find('9901'))?.name, 'Ändrad kommun');
    assert.equal((await municipalities.find('9903'))?.city, 'Åby');
    assert.equal(await municipalities.find('0000'), undefined);
  });

  it('a change made elsewhere (another instance, the admin command) is seen within a minute', async () => {
    const { database } = opened.services;
    let now = 1_000_000;
    const municipalities = new MunicipalityService(database.db, () => now);
    assert.ok(await municipalities.find('9902'));
    await database.db
      .updateTable('municipality')
      .set({ phone: '08-999 99 99' })
      .where('code', '=', '9902')
      .execute();
    now += 59_000;
    assert.notEqual((await municipalities.find('9902'))?.phone, '08-999 99 99', 'from memory');
    now += 1_000;
    assert.equal((await municipalities.find('9902'))?.phone, '08-999 99 99', 'read again');
  });

  it('hand out copies of the list, so no caller can change what the next one gets', async () => {
    const { municipalities } = opened.services;
    const first = await municipalities.list();
    first.pop();
    assert.equal((await municipalities.list()).length, first.length + 1);
    assert.ok(Object.isFrozen(await municipalities.find('9902')));
  });
});
