import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { fromBase45, toBase45 } from '../../services/base45';

describe('base45', () => {
  it('encodes as RFC 9285 does, and back', () => {
    for (const [text, encoded] of [
      ['AB', 'BB8'],
      ['Hello!!', '%69 VD92EX0'],
      ['base-45', 'UJCLQE7W581'],
      ['ietf!', 'QED8WEX0'],
    ] as const) {
      assert.equal(toBase45(Buffer.from(text)), encoded);
      assert.equal(fromBase45(encoded)?.toString(), text);
    }
    const bytes = randomBytes(1001);
    assert.deepEqual(fromBase45(toBase45(bytes)), bytes);
  });

  it('refuses what is not base45: a lone character, a letter outside the set, too large a value', () => {
    assert.equal(fromBase45('BB8A'), undefined);
    assert.equal(fromBase45('bb8'), undefined);
    assert.equal(fromBase45('GGW'), undefined, '65535 is the largest value of three characters');
    assert.equal(fromBase45('::'), undefined);
  });
});
