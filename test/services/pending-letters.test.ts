import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { demoMunicipalities } from '../../services/demo-data';
import { PendingLetters, type PendingLetter } from '../../services/pending-letters';
import { ManualClock } from '../helpers/manual-clock';

function municipality() {
  const first = demoMunicipalities[0];
  if (!first) throw new Error('no demo municipality');
  return first;
}

function letterFor(name: string): PendingLetter {
  return {
    reason: 'codeList',
    sms: 'noPhone',
    content: {
      kind: 'codeList',
      municipality: municipality(),
      name,
      address: undefined,
      issuedAt: new Date('2026-11-24T08:00:00Z'),
      listId: 'list-1',
      codes: [{ number: 1, code: '12345678' }],
    },
  };
}

const owner = { staffAccountId: 'staff-a', sessionId: 'session-a' };

describe('letters waiting to be printed', () => {
  it('are found by the staff member who made them, in the same session, for 15 minutes', () => {
    const clock = new ManualClock('2026-11-24T08:00:00Z');
    const letters = new PendingLetters(clock);
    letters.keep(owner, 'applicant-1', letterFor('Ada'));
    assert.equal(letters.find(owner, 'applicant-1')?.content.name, 'Ada');
    assert.equal(letters.find(owner, 'applicant-2'), undefined, 'another account');
    assert.equal(letters.find({ ...owner, staffAccountId: 'staff-b' }, 'applicant-1'), undefined);
    assert.equal(letters.find({ ...owner, sessionId: 'session-b' }, 'applicant-1'), undefined);
    clock.advanceMinutes(14);
    assert.ok(letters.find(owner, 'applicant-1'), 'still there after 14 minutes');
    clock.advanceMinutes(1);
    assert.equal(letters.find(owner, 'applicant-1'), undefined, 'gone after 15 minutes');
    assert.equal(letters.size, 0, 'and no longer held in memory');
  });

  it('keep one letter per account: a newer one, by anyone, replaces the earlier', () => {
    const letters = new PendingLetters(new ManualClock('2026-11-24T08:00:00Z'));
    const other = { staffAccountId: 'staff-b', sessionId: 'session-b' };
    letters.keep(owner, 'applicant-1', letterFor('first'));
    letters.keep(other, 'applicant-1', letterFor('second'));
    assert.equal(letters.find(owner, 'applicant-1'), undefined);
    assert.equal(letters.find(other, 'applicant-1')?.content.name, 'second');
    letters.forget('applicant-1');
    assert.equal(letters.find(other, 'applicant-1'), undefined);
  });

  it('hold at most so many letters, dropping the oldest first', () => {
    const letters = new PendingLetters(new ManualClock('2026-11-24T08:00:00Z'), { maxEntries: 3 });
    for (const id of ['a', 'b', 'c', 'd']) letters.keep(owner, id, letterFor(id));
    assert.equal(letters.size, 3);
    assert.equal(letters.find(owner, 'a'), undefined);
    assert.equal(letters.find(owner, 'd')?.content.name, 'd');
  });
});
