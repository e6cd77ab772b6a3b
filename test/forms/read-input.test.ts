import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ekonomisktBistand } from '../../forms/ekonomiskt-bistand';
import { readStepInput } from '../../forms/read-input';
import type { Step } from '../../forms/types';
import { validateStep } from '../../forms/validate-step';
import { translator } from '../../locales';

const stepOf = (id: string): Step => {
  const step = ekonomisktBistand.steps.find((candidate) => candidate.id === id);
  if (!step) throw new Error(`no step ${id}`);
  return step;
};

const assets = stepOf('tillgangar');
const aboutYou = stepOf('om-dig');
const period = stepOf('period');
const incomes = stepOf('inkomster');

const assetAnswers = { bankBalance: '0', hasShares: 'nej', hasVehicle: 'nej', hasProperty: 'ja' };
const REFUSED = ['\u0000', '\u0007', '\u001b', '\u007f', '\u0085', '\u202e', '\u202a', '\u2066'];

describe('readStepInput', () => {
  it('refuses text past the field’s own maximum: never as input, shown as typed', () => {
    const typed = 'x'.repeat(11_000);
    const read = readStepInput(assets, { ...assetAnswers, propertyDescription: typed });
    assert.equal(read.problems.size, 0);
    assert.equal(read.input.propertyDescription, '');
    assert.equal(read.shown.propertyDescription, typed);
    assert.deepEqual(read.fieldProblems, [
      { field: 'propertyDescription', code: 'tooLong', values: { max: '1 000', length: '11 000' } },
    ]);
  });

  it('takes text up to the maximum, a line break counting once as in the browser', () => {
    const typed = `${'x'.repeat(498)}\r\n${'y'.repeat(501)}`;
    const read = readStepInput(assets, { ...assetAnswers, propertyDescription: typed });
    assert.deepEqual(read.fieldProblems, []);
    assert.equal(read.input.propertyDescription, typed.replace('\r\n', '\n'));
    assert.equal(read.input.propertyDescription.length, 1000);
  });

  for (const char of REFUSED) {
    const code = `U+${char.codePointAt(0)?.toString(16).toUpperCase().padStart(4, '0')}`;
    it(`refuses ${code} in typed text and shows the text without it`, () => {
      const read = readStepInput(aboutYou, { firstName: `Ad${char}a`, lastName: 'Lind' });
      assert.equal(read.input.firstName, '');
      assert.equal(read.shown.firstName, 'Ada');
      assert.equal(read.input.lastName, 'Lind');
      assert.deepEqual(read.fieldProblems, [
        { field: 'firstName', code: 'controlCharacter', values: {} },
      ]);
    });
  }

  it('keeps line breaks and tabs in multi-line text; a tab in one-line text becomes a space', () => {
    const multi = readStepInput(assets, {
      ...assetAnswers,
      propertyDescription: 'Hus\tSverige\r\nStuga\rNorge',
    });
    assert.deepEqual(multi.fieldProblems, []);
    assert.equal(multi.input.propertyDescription, 'Hus\tSverige\nStuga\nNorge');
    const single = readStepInput(aboutYou, { firstName: 'Ada\tMaria' });
    assert.equal(single.shown.firstName, 'Ada Maria');
    assert.equal(single.fieldProblems[0]?.code, 'controlCharacter');
  });

  it('takes letters of every language and the marks that right-to-left text needs', () => {
    const names = {
      firstName: 'Nguyễn Thị',
      lastName: 'محمد\u200f Øvergård',
      citizenship: 'Ελλάδα',
    };
    const read = readStepInput(aboutYou, names);
    assert.deepEqual(read.fieldProblems, []);
    assert.equal(read.input.lastName, names.lastName);
  });

  it('a refused value in a group row is reported with its group and row', () => {
    const read = readStepInput(incomes, {
      'incomes.0.person': 'sokande',
      'incomes.0.type': 'lon',
      'incomes.0.description': 'Lön\u202e',
      'incomes.0.amount': '100',
    });
    assert.deepEqual(read.fieldProblems, [
      { field: 'description', group: 'incomes', row: 0, code: 'controlCharacter', values: {} },
    ]);
    assert.deepEqual(read.input.incomes, [
      { person: 'sokande', type: 'lon', description: '', amount: '100' },
    ]);
    assert.equal((read.shown.incomes as Record<string, string>[])[0]?.description, 'Lön');
  });

  it('a value typed in a question another answer on the page rules out is a clash, never dropped', () => {
    for (const changesText of ['Ny adress', 'x\u0000']) {
      const read = readStepInput(period, { period: '2026-12', changes: 'nej', changesText });
      assert.deepEqual(read.fieldProblems, [
        { field: 'changesText', code: 'hiddenAnswer', values: {} },
      ]);
    }
    // Left empty (or not sent, as a browser with JS does), the hidden question is no clash.
    for (const changesText of ['', '  ', undefined]) {
      const read = readStepInput(period, { period: '2026-12', changes: 'nej', changesText });
      assert.deepEqual(read.fieldProblems, []);
    }
  });

  it('an option id with a control character or of any length did not come from our form', () => {
    for (const civilStatus of ['sambo\u0000', 'x'.repeat(500)]) {
      const read = readStepInput(aboutYou, { civilStatus });
      assert.ok(read.problems.has('malformed'));
      assert.equal(read.input.civilStatus, '');
    }
  });
});

describe('validateStep with values refused on reading', () => {
  const t = translator('sv');
  const context = { today: '2026-11-24', values: {} };

  it('reports them in place, in the order of the page, with the other errors', () => {
    const read = readStepInput(aboutYou, {
      firstName: 'Ada\u202e',
      lastName: 'L'.repeat(150),
      personnummer: '850101-123',
    });
    const { errors } = validateStep(
      ekonomisktBistand,
      aboutYou,
      read.input,
      context,
      t,
      read.fieldProblems,
    );
    assert.deepEqual(
      errors.slice(0, 3).map((error) => [error.field, error.text]),
      [
        [
          'firstName',
          'Texten i ”Förnamn” hade ett osynligt tecken som inte går att använda. Vi har tagit bort det. Kontrollera texten och försök igen.',
        ],
        [
          'lastName',
          'Texten i ”Efternamn” är för lång: 150 tecken. Gör den kortare, så att den har högst 100 tecken.',
        ],
        [
          'personnummer',
          '”Personnummer”: Personnumret har för få siffror: du skrev 9, det ska vara 10 eller 12.',
        ],
      ],
    );
  });

  it('a row whose only answer was refused still gets its message, under the row’s name', () => {
    const read = readStepInput(incomes, { 'incomes.1.description': '\u0007' });
    const { errors } = validateStep(
      ekonomisktBistand,
      incomes,
      read.input,
      context,
      t,
      read.fieldProblems,
    );
    const refused = errors.find((error) => error.field === 'incomes.1.description');
    assert.ok(refused, JSON.stringify(errors));
    assert.match(refused.text, /^Inkomst 2: Texten i ”Beskrivning” hade ett osynligt tecken/);
    assert.equal(refused.href, '#f-incomes-1-description');
  });
});
