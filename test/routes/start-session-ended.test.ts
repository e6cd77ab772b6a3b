import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { agentFor, getPage, textOf } from '../helpers/http';
import { useTestApp } from '../helpers/test-services';

describe('the start page after the absolute session limit', () => {
  const testApp = useTestApp({ env: { SESSION_ABSOLUTE_HOURS: '8' } });

  it('names the limit the municipality set (SESSION_ABSOLUTE_HOURS), not a fixed 12 hours', async () => {
    const agent = agentFor(testApp().app);
    const { $ } = await getPage(agent, '/?sessionen=slut');
    assert.match(textOf($, '[role="status"]'), /^Du har varit här i mer än 8 timmar\./);
    await agent.get('/sprak/en');
    const { $: english } = await getPage(agent, '/?sessionen=slut');
    assert.match(textOf(english, '[role="status"]'), /^You have been here for more than 8 hours\./);
  });
});

describe('the start page on how long an answer is kept', () => {
  const testApp = useTestApp({ env: { SESSION_IDLE_MINUTES: '20' } });

  it('says that an anonymous visitor’s answers are deleted after the idle time the municipality set', async () => {
    const agent = agentFor(testApp().app);
    for (const path of ['/', '/?utloggad=1']) {
      const { $ } = await getPage(agent, path);
      assert.match(
        textOf($, 'main'),
        /Om du inte är inloggad och inte gör något på 20 minuter raderar vi det du har skrivit\./,
        path,
      );
    }
  });
});
