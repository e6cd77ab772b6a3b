import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ekonomisktBistand } from '../../forms/ekonomiskt-bistand';
import { addressPaths } from '../../services/letter-address';

describe('addressPaths', () => {
  const answers = {
    boende: {
      housingType: 'forstahand',
      street: 'Storgatan 5 B',
      postalCode: '12345',
      city: 'Exempelby',
    },
    tillgangar: { bankBalance: 120_000 },
  };

  it('finds the answers the letter’s address is made of, by asking the form’s own hook', () => {
    const paths = [
      'boende.housingType',
      'boende.street',
      'boende.postalCode',
      'boende.city',
      'tillgangar.bankBalance',
      'barn.children.0.name',
      'saknas.falt',
    ];
    assert.deepEqual(
      [...addressPaths(ekonomisktBistand, answers, paths)],
      ['boende.street', 'boende.postalCode', 'boende.city'],
    );
  });

  it('finds none in a form without an address', () => {
    const withoutAddress = {
      ...ekonomisktBistand,
      hooks: { ...ekonomisktBistand.hooks, postalAddress: undefined },
    };
    assert.equal(addressPaths(withoutAddress, answers, ['boende.street']).size, 0);
  });
});
