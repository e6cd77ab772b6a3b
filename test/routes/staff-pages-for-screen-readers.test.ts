import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { writeAndPress } from '../helpers/casework';
import { caseUnderHandling, markAnswer } from '../helpers/completion';
import { getPage } from '../helpers/http';
import { ManualClock } from '../helpers/manual-clock';
import { useTestApp } from '../helpers/test-services';

/** The language a screen reader reads the element containing exactly `text` in. */
function languageOf($: Awaited<ReturnType<typeof getPage>>['$'], text: string): string | undefined {
  const element = $('main *')
    .filter((_, candidate) => $(candidate).children().length === 0 && $(candidate).text() === text)
    .first();
  assert.equal(element.length, 1, `"${text}" is on the page`);
  return element.closest('[lang]').attr('lang');
}

describe('Swedish that staff wrote, on a page in English', () => {
  const testApp = useTestApp({ clock: new ManualClock('2026-11-24T08:30:00Z') });

  it("notes, messages and a mark's reason are marked as Swedish for a screen reader", async () => {
    const { sent, casePath, caseworker } = await caseUnderHandling(testApp());
    const { agent } = caseworker;
    const note = 'Ringde den sökande om hyran.';
    const message = 'Hej, vi behöver veta mer om hyran.';
    const reason = 'Gatan finns inte i kommunen.';
    await writeAndPress(agent, casePath, 'Ny anteckning', note, 'Spara anteckningen');
    await writeAndPress(
      agent,
      casePath,
      'Nytt meddelande till den sökande',
      message,
      'Skicka meddelandet',
    );
    await markAnswer(agent, casePath, 'Gatuadress', reason);

    await agent.get('/sprak/en');
    const staffPage = await getPage(agent, casePath);
    assert.equal(staffPage.$('html').attr('lang'), 'en');
    for (const text of [note, message, reason])
      assert.equal(languageOf(staffPage.$, text), 'sv', text);

    await sent.agent.get('/sprak/en');
    const applicantPage = await getPage(sent.agent, `/mina-sidor/ansokningar/${sent.id}`);
    assert.equal(applicantPage.$('html').attr('lang'), 'en');
    assert.equal(languageOf(applicantPage.$, message), 'sv');
  });

  it('the case page and the inbox say in their titles which person, month and list they show', async () => {
    const { casePath, caseworker } = await caseUnderHandling(testApp());
    const { agent } = caseworker;
    const swedish = await getPage(agent, casePath);
    assert.match(
      swedish.$('title').text(),
      /^Ansökan från .+, (januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november|december) 20\d\d – /,
    );
    assert.match((await getPage(agent, '/handlaggare')).$('title').text(), /^Nya – Ärenden – /);
  });
});
