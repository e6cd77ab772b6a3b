import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ekonomisktBistand } from '../../forms/ekonomiskt-bistand';
import { caseColumnsOf, nameWords } from '../../services/case-columns';

describe('the columns the inbox reads from a sent application', () => {
  it('folds a name into words: lower case, no accents, split at anything but letters and digits', () => {
    assert.deepEqual(nameWords('Łukasz Øvergård-Ek'), ['lukasz', 'overgard', 'ek']);
    assert.deepEqual(nameWords('Nguyễn Thị Minh'), ['nguyen', 'thi', 'minh']);
    assert.deepEqual(nameWords("  Åsa  O'Brien Æsir Strauß "), [
      'asa',
      'o',
      'brien',
      'aesir',
      'strauss',
    ]);
    assert.deepEqual(nameWords('<script>alert(1)</script>'), ['script', 'alert', '1']);
    assert.deepEqual(nameWords('Anna anna'), ['anna'], 'each word once');
    assert.deepEqual(nameWords('—'), []);
  });

  it('takes the period, the names, both personnummer and the household from the answers', () => {
    const answers = {
      period: { period: '2026-12' },
      'om-dig': { firstName: 'Łukasz', lastName: 'Øvergård', personnummer: '198501011234' },
      medsokande: { firstName: 'Nguyễn Thị', lastName: 'Minh', personnummer: '19870202-5678' },
      barn: { children: [{ name: 'A' }, { name: 'B' }] },
    };
    assert.deepEqual(caseColumnsOf(ekonomisktBistand, answers), {
      period: '2026-12',
      applicant_name: 'Łukasz Øvergård',
      applicant_personnummer: '198501011234',
      co_personnummer: '198702025678',
      household_size: 4,
    });
    assert.deepEqual(caseColumnsOf(ekonomisktBistand, { 'om-dig': { firstName: 'Ensam' } }), {
      period: '',
      applicant_name: 'Ensam',
      applicant_personnummer: null,
      co_personnummer: null,
      household_size: 1,
    });
  });
});
