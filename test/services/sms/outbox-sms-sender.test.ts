import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { migrateToLatest } from '../../../services/db/migrate';
import type { OutboxSmsSender } from '../../../services/sms/outbox-sms-sender';
import { databaseTargets } from '../../helpers/database-targets';
import { ManualClock } from '../../helpers/manual-clock';
import type { TestServices } from '../../helpers/test-services';

for (const target of databaseTargets()) {
  describe(`SMS outbox on ${target.name}`, { skip: target.skip }, () => {
    const clock = new ManualClock('2026-11-24T08:00:00Z');
    let opened: TestServices;
    let outbox: OutboxSmsSender;
    before(async () => {
      opened = await target.open({ clock });
      assert.ok(opened.services.smsOutbox, 'tests keep SMS in the outbox');
      outbox = opened.services.smsOutbox;
    });
    after(async () => {
      await opened.cleanup();
    });

    it('is the configured sender, and the migration that made it runs only once', async () => {
      assert.equal(opened.services.sms, outbox);
      assert.deepEqual(await migrateToLatest(opened.services.database), []);
    });

    it('keeps each message with its time, and lists the newest first', async () => {
      assert.deepEqual(await outbox.list(), []);
      await outbox.send({ to: '+46701234512', text: 'Första' });
      clock.advanceMinutes(1);
      await outbox.send({ to: '+46739990001', text: 'Andra: å ä ö é' });
      await outbox.send({ to: '+46701234512', text: 'Tredje, samma millisekund' });

      const listed = await outbox.list();
      assert.deepEqual(
        listed.map(({ to, text, createdAt }) => ({ to, text, at: createdAt.toISOString() })),
        [
          { to: '+46701234512', text: 'Tredje, samma millisekund', at: '2026-11-24T08:01:00.000Z' },
          { to: '+46739990001', text: 'Andra: å ä ö é', at: '2026-11-24T08:01:00.000Z' },
          { to: '+46701234512', text: 'Första', at: '2026-11-24T08:00:00.000Z' },
        ],
      );
      assert.deepEqual(
        (await outbox.list(2)).map((message) => message.text),
        ['Tredje, samma millisekund', 'Andra: å ä ö é'],
      );
    });

    it('finds the last message to a number, even one sent in the same millisecond', async () => {
      await outbox.send({ to: '+46700000001', text: 'Din kod är 111111' });
      await outbox.send({ to: '+46700000001', text: 'Din kod är 222222' });
      await outbox.send({ to: '+46700000002', text: 'Din kod är 333333' });
      assert.equal((await outbox.latestTo('+46700000001'))?.text, 'Din kod är 222222');
      assert.equal((await outbox.latestTo('+46700000002'))?.text, 'Din kod är 333333');
      assert.equal(await outbox.latestTo('+46700000003'), undefined);
    });

    it('keeps 50 by default and a long text whole', async () => {
      const long = 'x'.repeat(2000);
      for (let index = 0; index < 55; index += 1) {
        await outbox.send({ to: '+46700000009', text: index === 54 ? long : `nr ${index}` });
      }
      const listed = await outbox.list();
      assert.equal(listed.length, 50);
      assert.equal(listed[0]?.text, long);
    });

    it('refuses a recipient that is not in E.164 form, as a real provider would', async () => {
      for (const to of ['0701234512', '+46 70 123 45 12', '']) {
        await assert.rejects(outbox.send({ to, text: 'Hej' }), TypeError, to);
      }
      assert.equal(await outbox.latestTo('0701234512'), undefined);
    });
  });
}
