import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { generate } from 'otplib';
import { createStaff } from '../helpers/account';
import { databaseTargets } from '../helpers/database-targets';
import { ManualClock } from '../helpers/manual-clock';
import type { TestServices } from '../helpers/test-services';

for (const target of databaseTargets()) {
  describe(`authenticator-app codes on ${target.name}`, { skip: target.skip }, () => {
    const clock = new ManualClock('2026-11-25T10:00:10+01:00');
    let opened: TestServices;
    before(async () => {
      opened = await target.open({ clock });
    });
    after(async () => {
      await opened.cleanup();
    });

    const codeNow = (secret: string) =>
      generate({ secret, epoch: Math.floor(clock.now().getTime() / 1000) });

    it('SEC-6 TOTP: the same code sent many times at once is accepted exactly once', async () => {
      const { appCodes } = opened.services;
      const staff = await createStaff(opened.services);
      const { secret } = await appCodes.startEnrolment(staff.account.id, staff.username);
      assert.equal(await appCodes.confirmEnrolment(staff.account.id, await codeNow(secret)), true);
      clock.advanceMinutes(0.5);
      const code = await codeNow(secret);
      const results = await Promise.all(
        Array.from({ length: 5 }, () => appCodes.use(staff.account.id, code)),
      );
      assert.deepEqual(results.filter(Boolean), [true]);
      // Nor later in the same time step, nor the code of the step before.
      assert.equal(await appCodes.use(staff.account.id, code), false);
    });

    it('shows a waiting secret again until its first code, and never an enabled one', async () => {
      const { appCodes } = opened.services;
      const staff = await createStaff(opened.services);
      assert.equal(await appCodes.pendingEnrolment(staff.account.id, staff.username), undefined);
      const started = await appCodes.startEnrolment(staff.account.id, staff.username);
      const pending = await appCodes.pendingEnrolment(staff.account.id, staff.username);
      assert.deepEqual(pending, { ...started, replacing: false });
      await appCodes.confirmEnrolment(staff.account.id, await codeNow(started.secret));
      assert.equal(await appCodes.pendingEnrolment(staff.account.id, staff.username), undefined);
    });

    it('SEC-6 TOTP: a replacement waits beside the working app and its first code wins once', async () => {
      const { appCodes } = opened.services;
      const staff = await createStaff(opened.services);
      const id = staff.account.id;
      const old = await appCodes.startEnrolment(id, staff.username);
      assert.equal(await appCodes.confirmEnrolment(id, await codeNow(old.secret)), true);
      const next = await appCodes.startEnrolment(id, staff.username);
      assert.deepEqual(await appCodes.pendingEnrolment(id, staff.username), {
        ...next,
        replacing: true,
      });
      assert.equal(await appCodes.isEnabled(id), true);
      clock.advanceMinutes(0.5);
      assert.equal(await appCodes.use(id, await codeNow(old.secret)), true);
      // The new app's code is no login code yet, nor the old app's a code for the new one.
      assert.equal(await appCodes.use(id, await codeNow(next.secret)), false);
      assert.equal(await appCodes.confirmEnrolment(id, await codeNow(old.secret)), false);

      const code = await codeNow(next.secret);
      const results = await Promise.all(
        Array.from({ length: 5 }, () => appCodes.confirmEnrolment(id, code)),
      );
      assert.deepEqual(results.filter(Boolean), [true]);
      assert.equal(await appCodes.pendingEnrolment(id, staff.username), undefined);
      assert.equal(await appCodes.use(id, code), false);
      clock.advanceMinutes(0.5);
      assert.equal(await appCodes.use(id, await codeNow(old.secret)), false);
      assert.equal(await appCodes.use(id, await codeNow(next.secret)), true);
    });
  });
}
