import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dateTime, longDate } from '../../services/date-texts';
import { swedishDateTime } from '../../services/submissions';

describe('dates and times as people read them', () => {
  // 08:30 UTC is 09:30 in Sweden in winter, 10:30 in summer.
  const winter = new Date('2026-11-24T08:30:00Z');
  const summer = new Date('2026-06-24T08:30:00Z');

  it('a moment in Swedish: "kl." and a dot; in English: "at" and a colon, the month capitalised', () => {
    assert.equal(dateTime(winter, 'sv'), '24 november 2026 kl. 09.30');
    assert.equal(dateTime(winter, 'en'), '24 November 2026 at 09:30');
    assert.equal(dateTime(summer, 'sv'), '24 juni 2026 kl. 10.30');
    assert.equal(swedishDateTime(winter), dateTime(winter, 'sv'));
  });

  it('the day is Sweden’s, also just before midnight UTC', () => {
    assert.equal(longDate(new Date('2026-11-24T23:30:00Z'), 'sv'), '25 november 2026');
    assert.equal(longDate(new Date('2026-11-24T23:30:00Z'), 'en'), '25 November 2026');
  });
});
