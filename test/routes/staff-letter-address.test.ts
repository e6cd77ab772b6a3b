import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { downloadPdf, familyAnswersOf, fillSteps, sendFromReview } from '../helpers/application';
import { buttonNamed, linkNamed } from '../helpers/fields';
import { agentFor, csrfTokenOf, getPage, textOf, type Agent } from '../helpers/http';
import { createApplicant, loginWithSms, newPersonnummer } from '../helpers/login';
import { ManualClock } from '../helpers/manual-clock';
import { pdfPageTexts, pdfWords, popplerSkipReason } from '../helpers/pdf';
import { codesInLetter, handOutAccount, staffAgent } from '../helpers/staff';
import { useTestApp } from '../helpers/test-services';

const CASEWORKER_9901 = [{ municipalityCode: '9901', role: 'caseworker' as const }];
const MM = 72 / 25.4;

/** The words of page 1 that lie where a left-hand window envelope shows the address. */
function wordsInWindow(pdf: Buffer): string[] {
  return pdfWords(pdf)
    .filter((word) => word.page === 1)
    .filter((word) => word.top >= 45 * MM - 1 && word.top + word.height <= 70 * MM + 1)
    .filter((word) => word.left >= 20 * MM - 1 && word.left < 105 * MM)
    .map((word) => {
      assert.ok(word.left + word.width <= 105 * MM, `${word.text} fits the window's width`);
      return word.text;
    });
}

/** The letter page the issuing led to, and the PDF its download link gives. */
async function letterOf(
  agent: Agent,
  location: string,
  link = 'Ladda ner aktiveringsbrevet (PDF)',
) {
  const page = await getPage(agent, location);
  const href = linkNamed(page.$, link).attr('href') ?? '';
  const pdf = await downloadPdf(agent, href);
  assert.equal(pdf.status, 200);
  return { $: page.$, pdf: pdf.body as Buffer };
}

describe('letters with codes in a window envelope', { skip: popplerSkipReason() }, () => {
  // The day the family's application is filled in (its period is next month).
  const clock = new ManualClock('2026-11-24T09:30:00+01:00');
  const testApp = useTestApp({ clock });

  /** An applicant whose sent application gives Storgatan 5 B, 123 45 Exempelby. */
  async function applicantWithApplication() {
    const { app, services } = testApp();
    const applicant = await createApplicant(services);
    const own = agentFor(app);
    await loginWithSms(own, services, applicant);
    const { $: mine } = await getPage(own, '/mina-sidor');
    const started = await own
      .post('/mina-sidor/ny-ansokan')
      .type('form')
      .send({ utga: 'tom', _csrf: csrfTokenOf(mine) });
    assert.equal(started.status, 303);
    await fillSteps(own, familyAnswersOf(applicant.personnummer));
    assert.equal((await sendFromReview(own)).status, 303);
    return applicant;
  }

  it('has the name and the address from the newest application where the window is, and says where it came from', async () => {
    const applicant = await applicantWithApplication();

    // A forgotten password: the caseworker makes a new activation letter to mail.
    const { agent } = await staffAgent(testApp(), CASEWORKER_9901);
    const { $ } = await getPage(agent, `/handlaggare/konton/${applicant.account.id}`);
    const form = buttonNamed($, 'Nytt aktiveringsbrev').closest('form');
    const issued = await agent
      .post(form.attr('action') ?? '')
      .type('form')
      .send({ _csrf: String(form.find('input[name="_csrf"]').val()), bekrafta: 'ja' });
    assert.equal(issued.status, 303);
    const letter = await letterOf(agent, issued.headers.location ?? '');
    assert.match(
      textOf(letter.$, 'main'),
      /Brevet har personens adress från den senaste ansökan, som kom in 24 november 2026\. Kontrollera att adressen stämmer\./,
    );
    assert.deepEqual(wordsInWindow(letter.pdf), [
      ...applicant.account.name.split(' '),
      'Storgatan',
      '5',
      'B',
      '123',
      '45',
      'Exempelby',
    ]);
    // The codes are well below the window.
    const code = pdfWords(letter.pdf).find((word) => word.text === 'Aktiveringskod');
    assert.ok(code && code.top > 100 * MM, 'the activation code is far from the window');
    assert.ok(codesInLetter(letter.pdf).activationCode, 'the code is still printed');
  });

  it('Ny kodlista by post: the same window on page 1, the codes on page 2 only', async () => {
    const applicant = await applicantWithApplication();
    const { agent } = await staffAgent(testApp(), CASEWORKER_9901);
    const { $ } = await getPage(agent, `/handlaggare/konton/${applicant.account.id}`);
    const form = buttonNamed($, 'Ny kodlista').closest('form');
    const box = form.find('input[type="checkbox"]');
    const issued = await agent
      .post(form.attr('action') ?? '')
      .type('form')
      .send({
        _csrf: String(form.find('input[name="_csrf"]').val()),
        [String(box.attr('name'))]: String(box.attr('value')),
      });
    assert.equal(issued.status, 303);
    const letter = await letterOf(
      agent,
      issued.headers.location ?? '',
      'Ladda ner kodlistan (PDF)',
    );
    assert.match(
      textOf(letter.$, 'main'),
      /Kodlistan står på andra sidan\. Brevet har personens adress från den senaste ansökan, som kom in 24 november 2026\. Kontrollera att adressen stämmer\./,
    );
    assert.deepEqual(wordsInWindow(letter.pdf), [
      ...applicant.account.name.split(' '),
      'Storgatan',
      '5',
      'B',
      '123',
      '45',
      'Exempelby',
    ]);
    // Nothing within 20 mm below the window, and every code on page 2.
    const page1 = pdfWords(letter.pdf).filter((word) => word.page === 1);
    assert.deepEqual(
      page1.filter((word) => word.top >= 70 * MM && word.top < 88 * MM).map((word) => word.text),
      [],
    );
    const { codes } = codesInLetter(letter.pdf);
    assert.equal(codes.size, 40);
    const [first = '', second = ''] = pdfPageTexts(letter.pdf);
    assert.doesNotMatch(first, /\d{4} \d{4}/, 'no code on the page in the envelope window');
    for (const [number, code] of codes) {
      assert.ok(
        second.includes(` ${number} ${code.slice(0, 4)} ${code.slice(4)}`),
        `code ${number}`,
      );
    }
  });

  it('with no address known, has the name alone there and tells the caseworker to hand it over or address it by hand', async () => {
    const { agent } = await staffAgent(testApp(), CASEWORKER_9901);
    const personnummer = newPersonnummer();
    const created = await handOutAccount(agent, {
      personnummer,
      name: 'Åsa Öberg-Nguyễn',
      municipality: 'Exempelby kommun',
    });
    assert.equal(created.response.status, 303);
    const letter = await letterOf(agent, created.response.headers.location ?? '');
    assert.match(
      textOf(letter.$, '.message-box--warning'),
      /Vi har ingen adress till personen.*Ge brevet till personen när ni träffas\. Du kan också skriva adressen under namnet/,
    );
    assert.doesNotMatch(textOf(letter.$, 'main'), /Skicka det till personen med posten/);
    assert.deepEqual(wordsInWindow(letter.pdf), ['Åsa', 'Öberg-Nguyễn']);
  });
});
