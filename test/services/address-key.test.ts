import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addressKey } from '../../services/address-key';

describe('addressKey', () => {
  it('keeps an IPv4 address, also when it comes IPv4-mapped', () => {
    assert.equal(addressKey('192.0.2.17'), '192.0.2.17');
    assert.equal(addressKey('::ffff:192.0.2.17'), '192.0.2.17');
  });

  it('counts an IPv6 address by its /64, however it is written', () => {
    const key = '2001:db8:85a3:42::/64';
    for (const address of [
      '2001:db8:85a3:42::1',
      '2001:0db8:85a3:0042:ffff:ffff:ffff:ffff',
      '2001:DB8:85A3:42:1:2:3:4',
      '2001:db8:85a3:42::1%eth0',
    ]) {
      assert.equal(addressKey(address), key, address);
    }
    assert.notEqual(addressKey('2001:db8:85a3:43::1'), key);
    assert.equal(addressKey('::1'), '0:0:0:0::/64');
    assert.equal(addressKey('fe80::1'), 'fe80:0:0:0::/64');
  });

  it('leaves anything else as it is', () => {
    assert.equal(addressKey('unknown'), 'unknown');
  });
});
