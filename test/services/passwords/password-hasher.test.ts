import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hash, verify } from '@node-rs/argon2';
import {
  PasswordHasher,
  PasswordHasherBusyError,
} from '../../../services/passwords/password-hasher';
import { HeldArgon2, until } from '../../helpers/held-argon2';

/** Cheap enough for many hashes in a test; the real cost is checked on its own. */
const cheap = new PasswordHasher({ memoryCost: 1024, timeCost: 1, parallelism: 1 });

describe('password hasher', () => {
  it('SEC-2 hashes with Argon2id at the OWASP cost, off the event loop', async () => {
    const hasher = new PasswordHasher();
    let turns = 0;
    const ticker = setInterval(() => turns++, 1);
    try {
      const hashes = await Promise.all(
        Array.from({ length: 4 }, () => hasher.hash('en lång mening som lösenord')),
      );
      for (const hash of hashes) assert.match(hash, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
      // Four hashes of ~19 MiB each take tens of milliseconds; the event loop ran meanwhile.
      assert.ok(turns > 0, 'timers ran while hashing');
      assert.equal(new Set(hashes).size, 4, 'each hash has its own salt');
      assert.equal(await hasher.verify(hashes[0] ?? '', 'en lång mening som lösenord'), true);
    } finally {
      clearInterval(ticker);
    }
  });

  it('verifies the right password and refuses a wrong one', async () => {
    const hash = await cheap.hash('korrekt häst batteri häftklammer');
    assert.equal(await cheap.verify(hash, 'korrekt häst batteri häftklammer'), true);
    assert.equal(await cheap.verify(hash, 'Korrekt häst batteri häftklammer'), false);
    assert.equal(await cheap.verify(hash, ''), false);
  });

  it('SEC-2 never truncates: the same password plus one character does not match', async () => {
    for (const length of [12, 72, 73, 128, 1000]) {
      const password = 'ab cd ef gh '.repeat(100).slice(0, length);
      const hash = await cheap.hash(password);
      assert.equal(await cheap.verify(hash, password), true, `${length}`);
      assert.equal(await cheap.verify(hash, `${password}x`), false, `${length} + 1`);
      assert.equal(await cheap.verify(hash, password.slice(0, -1)), false, `${length} - 1`);
      assert.notEqual(await cheap.hash(`${password}x`), hash);
    }
  });

  it('SEC-2 hashes spaces and emoji, and matches a password typed with composed or decomposed letters', async () => {
    const hash = await cheap.hash('  blåbär 🫐 på söndag  ');
    assert.equal(await cheap.verify(hash, '  blåbär 🫐 på söndag  '), true);
    assert.equal(await cheap.verify(hash, 'blåbär 🫐 på söndag'), false);
    assert.equal(await cheap.verify(hash, '  bla\u030abär 🫐 på so\u0308ndag  '), true);
  });

  it('answers false for a damaged hash rather than failing', async () => {
    assert.equal(await cheap.verify('not a hash', 'anything at all'), false);
    assert.equal(await cheap.verify('', 'anything at all'), false);
  });

  it('for an unknown account, says false after as much work as a real check', async () => {
    // The work, not the wall time (a shared machine's timings say little): the check runs
    // Argon2 over a hash of the same cost as an account's, with the password that was typed.
    const verified: { hashed: string; password: string }[] = [];
    const recording = {
      hash,
      verify: (hashed: string, password: string) => {
        verified.push({ hashed, password });
        return verify(hashed, password);
      },
    };
    const hasher = new PasswordHasher(undefined, { argon2: recording });
    const stored = await hasher.hash('ett riktigt lösenord');
    const costOf = (phc: string) => /^\$argon2id\$v=19\$m=\d+,t=\d+,p=\d+\$/.exec(phc)?.[0];
    assert.equal(await hasher.verifyWithoutAccount('ett riktigt lösenord'), false);
    assert.equal(await hasher.verifyWithoutAccount('fel lösenord här'), false);
    assert.deepEqual(
      verified.map((check) => [costOf(check.hashed), check.password]),
      [
        [costOf(stored), 'ett riktigt lösenord'],
        [costOf(stored), 'fel lösenord här'],
      ],
    );
    assert.ok(costOf(stored));
  });

  it('refuses a check at once when the queue is full, and a new hash still waits its turn', async () => {
    const argon2 = new HeldArgon2();
    const cost = { memoryCost: 1024, timeCost: 1, parallelism: 1 };
    const hasher = new PasswordHasher(cost, { slots: 1, queueMax: 1, argon2 });
    const stored = await hasher.hash('ett riktigt lösenord');
    await hasher.verifyWithoutAccount('warm up');
    argon2.hold();
    const running = hasher.verify(stored, 'ett riktigt lösenord');
    const waiting = hasher.verify(stored, 'fel lösenord här');
    await until(() => argon2.waiting === 1 && hasher.queued === 1, 'one runs and one waits');
    await assert.rejects(hasher.verify(stored, 'ett tredje'), PasswordHasherBusyError);
    await assert.rejects(hasher.verifyWithoutAccount('ett fjärde'), PasswordHasherBusyError);
    const made = hasher.hash('en ny kod att spara');
    assert.equal(hasher.queued, 2, 'a new hash queues past the bound');
    argon2.release();
    assert.equal(await running, true);
    assert.equal(await waiting, false);
    assert.match(await made, /^\$argon2id\$/);
    assert.equal(await hasher.verifyWithoutAccount('nu finns det plats'), false);
  });
});
