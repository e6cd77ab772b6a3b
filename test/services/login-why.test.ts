import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createStaff } from '../helpers/staff';
import { createTestServices, type TestServices } from '../helpers/test-services';

describe('a refused password login says why, for the log only', () => {
  let opened: TestServices;
  before(async () => {
    opened = await createTestServices();
  });
  after(async () => {
    await opened.cleanup();
  });

  it('no such account, a disabled one and a wrong password are told apart; the outcome is the same', async () => {
    const { login, installationAdmin } = opened.services;
    const staff = await createStaff(opened.services, [
      { municipalityCode: '9901', role: 'caseworker' },
    ]);
    const attempt = (username: string, password: string) =>
      login.checkPassword('staff', username, password, '203.0.113.9');
    assert.deepEqual(await attempt('finns.inte', 'x'), { outcome: 'wrong', why: 'noAccount' });
    assert.deepEqual(await attempt(staff.username, 'fel lösenord'), {
      outcome: 'wrong',
      why: 'password',
    });
    await installationAdmin.disable(staff.username);
    assert.deepEqual(await attempt(staff.username, staff.password), {
      outcome: 'wrong',
      why: 'disabled',
    });
  });
});
