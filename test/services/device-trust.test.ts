import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DeviceTrust } from '../../services/device-trust';
import { ManualClock } from '../helpers/manual-clock';

const ACCOUNT = '6f1c2b8e-1d2a-4c1b-9a55-2f0e6a7b9c01';
const OTHER = '0b9a7c3d-5e4f-4a2b-8c1d-7e6f5a4b3c2d';

describe('device cookies', () => {
  const clock = new ManualClock('2026-11-25T10:00:00Z');
  const devices = new DeviceTrust('a session secret of enough length', clock, 180 * 86_400_000);

  it('SEC-1 a device cookie names its device for its own account only, and holds no account id', () => {
    const value = devices.issue(ACCOUNT);
    assert.match(value, /^v1\.[0-9a-z]+\.[\w-]{22}\.[\w-]{43}$/);
    assert.ok(!value.includes(ACCOUNT));
    const device = devices.deviceOf(ACCOUNT, value);
    assert.ok(device);
    assert.notEqual(devices.deviceOf(ACCOUNT, devices.issue(ACCOUNT)), device, 'a new nonce');
    assert.equal(devices.deviceOf(OTHER, value), undefined);
  });

  it('SEC-1 a forged, altered, foreign or expired device cookie is worth nothing', () => {
    const value = devices.issue(ACCOUNT);
    const [version, issued, nonce, mac] = value.split('.');
    const flipped = `${mac?.slice(0, -1)}${mac?.endsWith('A') ? 'B' : 'A'}`;
    for (const forged of [
      undefined,
      '',
      'v1.abc.def',
      `${version}.${issued}.${nonce}.${flipped}`,
      `${version}.${issued}.${nonce}x.${mac}`,
      `${version}.${(Number.parseInt(issued ?? '', 36) + 1).toString(36)}.${nonce}.${mac}`,
      `v2.${issued}.${nonce}.${mac}`,
      `${value}.more`,
    ]) {
      assert.equal(devices.deviceOf(ACCOUNT, forged), undefined, String(forged));
    }
    const otherServer = new DeviceTrust('another secret of enough length!!', clock, 86_400_000);
    assert.equal(devices.deviceOf(ACCOUNT, otherServer.issue(ACCOUNT)), undefined);

    clock.advanceMinutes(180 * 24 * 60 - 1);
    assert.ok(devices.deviceOf(ACCOUNT, value));
    clock.advanceMinutes(1);
    assert.equal(devices.deviceOf(ACCOUNT, value), undefined, 'expired');
  });
});
