import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { linkNamed } from '../helpers/fields';
import { getPage } from '../helpers/http';
import { staffAgent } from '../helpers/staff';
import { useTestApp } from '../helpers/test-services';

describe('the way back from the staff pages', () => {
  const testApp = useTestApp();

  it('is named for where it goes, "Till ärendelistan", as on the reports and case pages', async () => {
    const { agent } = await staffAgent(testApp(), [
      { municipalityCode: '9901', role: 'caseworker' },
    ]);
    for (const path of [
      '/handlaggare/konton/sok',
      '/handlaggare/konton/ny',
      '/handlaggare/pappersansokan',
    ]) {
      const { $ } = await getPage(agent, path);
      assert.equal(linkNamed($, 'Till ärendelistan').attr('href'), '/handlaggare', path);
      assert.equal($('main a:contains("startsidan för handläggare")').length, 0, path);
    }
  });
});
