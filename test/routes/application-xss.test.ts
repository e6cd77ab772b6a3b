import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ekonomisktBistand } from '../../forms/ekonomiskt-bistand';
import {
  answersFor,
  downloadPdf,
  familyAnswers,
  fillApplication,
  fixedClock,
  postStep,
  type StepAnswers,
} from '../helpers/application';
import { fieldByLabel, shownValue } from '../helpers/fields';
import { agentFor, getPage, type Agent, type Page } from '../helpers/http';
import { pdfAnswers, popplerSkipReason } from '../helpers/pdf';
import { useTestApp } from '../helpers/test-services';

/** The three classic attacks, after a word that says which field they were typed into. */
const attack = (word: string) =>
  `${word} <script>alert(1)</script> "><img src=x onerror=alert(1)> javascript:alert(1)`;

interface Typed {
  step: string;
  /** The step's heading, which is also the review section's heading. */
  section: string;
  name: string;
  label: string;
  /** A group row's legend, which also prefixes the question on the review page. */
  within?: string;
  value: string;
}

const typed = (
  step: string,
  section: string,
  name: string,
  label: string,
  value: string,
  within?: string,
): Typed => ({ step, section, name, label, value, ...(within ? { within } : {}) });

/** Every free-text field of the journey, each with attacks in it; short fields get what fits. */
const texts: Typed[] = [
  typed('period', 'Period', 'changesText', 'Berätta vad som har ändrats', attack('Ändrat')),
  typed('om-dig', 'Om dig', 'firstName', 'Förnamn', attack('Łukasz')),
  typed('om-dig', 'Om dig', 'lastName', 'Efternamn', attack('Øvergård')),
  typed('om-dig', 'Om dig', 'citizenship', 'Medborgarskap', attack('Polen')),
  typed('medsokande', 'Medsökande', 'firstName', 'Förnamn', attack('Nguyễn')),
  typed('medsokande', 'Medsökande', 'lastName', 'Efternamn', attack('Minh')),
  typed('medsokande', 'Medsökande', 'citizenship', 'Medborgarskap', attack('Vietnam')),
  typed('barn', 'Barn', 'children.0.name', 'Barnets namn', attack('Anna'), 'Barn 1'),
  typed('barn', 'Barn', 'children.0.school', 'Skola eller förskola', attack('Skolan'), 'Barn 1'),
  typed('boende', 'Boende', 'street', 'Gatuadress', attack('Storgatan')),
  typed('boende', 'Boende', 'city', 'Ort', attack('Exempelby')),
  typed('boende', 'Boende', 'landlord', 'Hyresvärd', attack('Hyresvärden')),
  typed(
    'boende',
    'Boende',
    'contractHolder',
    'Vem har förstahandskontraktet?',
    attack('Kontraktet'),
  ),
  typed(
    'sysselsattning',
    'Sysselsättning',
    'applicantOther',
    'Beskriv vad du gör',
    attack('Praktik'),
  ),
  typed(
    'sysselsattning',
    'Sysselsättning',
    'partnerOther',
    'Beskriv vad din medsökande gör',
    attack('Volontär'),
  ),
  typed(
    'inkomster',
    'Inkomster',
    'incomes.0.description',
    'Beskrivning',
    attack('Lön'),
    'Inkomst 1',
  ),
  // Twenty characters at most.
  typed(
    'tillgangar',
    'Tillgångar',
    'vehicleRegistration',
    'Registreringsnummer',
    '<script>1</script>',
  ),
  typed('tillgangar', 'Tillgångar', 'propertyDescription', 'Beskriv vad ni äger', attack('Stuga')),
  typed(
    'kostnader',
    'Kostnader',
    'costs.0.description',
    'Beskriv kostnaden',
    attack('Glasögon'),
    'Kostnad 1',
  ),
  typed(
    'meddelande',
    'Meddelande',
    'message',
    'Vill du berätta något mer för din handläggare?',
    `${attack('Rad ett')}\nRad två: <b>fet</b> &amp; ${attack('slut')}`,
  ),
];

/** Housing "Annat" shows a text field of its own, and hides the landlord: a second round. */
const otherHousing = typed(
  'boende',
  'Boende',
  'housingOther',
  'Beskriv hur du bor',
  attack('Husbil'),
);

function textsOf(step: string, list: Typed[] = texts): StepAnswers {
  return Object.fromEntries(
    list.filter((text) => text.step === step).map((t) => [t.name, t.value]),
  );
}

/** The family's answers, with the follow-up questions that open every free-text field. */

const attackedAnswers: [string, StepAnswers][] = familyAnswers.map(([step, answers]) => {
  const extra: Record<string, StepAnswers> = {
    period: { changes: 'ja' },
    boende: { housingType: 'andrahand', contractUntil: '2027-03-31' },
    sysselsattning: { applicant: ['sfi', 'annat'], partner: ['annat'] },
    tillgangar: { hasVehicle: 'ja', vehicleValue: '20 000', hasProperty: 'ja' },
    kostnader: { 'costs.0.type': 'annat' },
  };
  return [step, { ...answers, ...extra[step], ...textsOf(step) }];
});

/** The question as the review page and the PDF name it: a group row's legend first. */
const questionOf = (text: Typed) => (text.within ? `${text.within}: ${text.label}` : text.label);

/** Markup an attack would create if any of it were printed unescaped. */
function injectedMarkup($: Page): string[] {
  const found: string[] = [];
  $('script').each((_, script) => {
    // Our own script only, under its fingerprinted name.
    if (!/^\/assets\/js\/portal\.[0-9a-f]{12}\.js$/.test($(script).attr('src') ?? '')) {
      found.push($.html(script));
    }
  });
  $('img, i, b').each((_, element) => {
    found.push($.html(element));
  });
  $('html, html *').each((_, element) => {
    for (const [name, value] of Object.entries(element.attribs)) {
      if (/^on/i.test(name) || /^\s*javascript:/i.test(value)) found.push(`${name}="${value}"`);
    }
  });
  return found;
}

/** Each attacked answer on the review page: its own row, as plain text, nothing else in it. */
function assertReviewShowsText($: Page, list: Typed[]) {
  assert.deepEqual(injectedMarkup($), [], 'the review page holds no markup from the answers');
  for (const text of list) {
    const question = questionOf(text);
    const rows = $('section')
      .filter((_, section) => $(section).find('h2').first().text().trim() === text.section)
      .find('dl.portal-summary > div')
      .filter((_, row) => $(row).children('dt').text().trim() === question);
    assert.equal(rows.length, 1, `one row "${question}" under ${text.section}`);
    const answer = rows.children('dd');
    assert.equal(answer.children().length, 0, `${question}: no elements in the answer`);
    assert.equal(answer.text(), text.value, `${question}: shown exactly as typed`);
  }
}

/** On paper, each attacked answer stands literally beside its question. */
function assertPdfShowsText(pdf: Buffer, list: Typed[]) {
  const answers = pdfAnswers(pdf);
  for (const text of list) {
    const question = questionOf(text);
    const found = answers.filter(
      (row) => row.section === text.section && row.question === question,
    );
    assert.deepEqual(
      found.map((row) => row.answer),
      [text.value.replace(/\s+/g, ' ')],
      `PDF: ${question}`,
    );
  }
}

async function assertStepsShowText(agent: Agent, list: Typed[]) {
  for (const step of new Set(list.map((text) => text.step))) {
    const { $ } = await getPage(agent, `/ansokan/ekonomiskt-bistand/${step}`);
    assert.deepEqual(injectedMarkup($), [], `${step}: no markup from the answers`);
    for (const text of list.filter((each) => each.step === step)) {
      const where = text.within ? { within: text.within } : {};
      assert.equal(shownValue($, text.label, where), text.value, `${step}: ${text.label}`);
      assert.equal(fieldByLabel($, text.label, where).attr('name'), text.name);
    }
  }
}

describe('SEC-20 stored XSS: what an applicant types is shown as text everywhere', () => {
  const testApp = useTestApp({ clock: fixedClock });

  it('every free-text field of the journey is attacked here', () => {
    const covered = new Set([...texts, otherHousing].map((text) => `${text.step}.${text.name}`));
    const freeText = ekonomisktBistand.steps.flatMap((step) =>
      step.fields.flatMap((field) =>
        field.type === 'group'
          ? field.fields
              .filter((rowField) => rowField.type === 'text' || rowField.type === 'textarea')
              .map((rowField) => `${step.id}.${field.id}.0.${rowField.id}`)
          : field.type === 'text' || field.type === 'textarea'
            ? [`${step.id}.${field.id}`]
            : [],
      ),
    );
    assert.deepEqual(
      freeText.filter((name) => !covered.has(name)),
      [],
      'a free-text field no attack reaches',
    );
  });

  it('<script>, "><img onerror> and javascript: come back as text on the steps, the review page and in the PDF', async (t) => {
    const agent = agentFor(testApp().app);
    await fillApplication(agent, attackedAnswers);

    const { response, $ } = await getPage(agent, '/ansokan/ekonomiskt-bistand/granska');
    assert.equal(response.status, 200);
    assertReviewShowsText($, texts);
    await assertStepsShowText(agent, texts);

    const pdf = await downloadPdf(agent);
    assert.equal(pdf.status, 200);
    const skip = popplerSkipReason();
    if (skip) {
      t.skip(skip);
      return;
    }
    assertPdfShowsText(pdf.body as Buffer, texts);
    const signer = `Underskrift: ${attack('Łukasz')} ${attack('Øvergård')}`;
    assert.ok(
      pdfAnswers(pdf.body as Buffer).some((row) => row.question === signer),
      'the signature line names the applicant as typed',
    );

    // The second round: the housing question that has a text field of its own.
    const housing = await postStep(agent, 'boende', {
      ...answersFor('boende', attackedAnswers),
      housingType: 'annat',
      housingOther: otherHousing.value,
      landlord: '',
      contractHolder: '',
      contractUntil: '',
    });
    assert.equal(housing.status, 303);
    const { $: again } = await getPage(agent, '/ansokan/ekonomiskt-bistand/granska');
    assertReviewShowsText(again, [otherHousing]);
    await assertStepsShowText(agent, [otherHousing]);
    assertPdfShowsText((await downloadPdf(agent)).body as Buffer, [otherHousing]);
  });
});
