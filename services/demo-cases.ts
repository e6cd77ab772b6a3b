import type { FormDefinition } from '../forms/types';
import { swedishDay } from '../forms/dates';
import { readStepInput } from '../forms/read-input';
import type { AccountService } from './accounts';
import type { AttachmentService } from './attachments';
import type { ApplicationRecord } from './application-records';
import type { ApplicationService } from './application-service';
import type { CaseAssignment } from './case-assignment';
import type { CaseMarks } from './case-marks';
import type { Clock } from './clock';
import { addDays, type CompletionRequests } from './completion-requests';
import { DEMO_APPLICANT } from './demo-accounts';
import { demoPapers } from './demo-files';
import type { DecisionService } from './decisions';
import { loadStaffMember } from './staff-access';
import type { StaffRequest } from './cases';
import type { PaperRegistration } from './paper-registration';
import type { SubmissionService } from './submissions';

type StepAnswers = Record<string, string | string[]>;

/** What the demo caseworker has done with a case, as the inbox's lists show it. */
type DemoState = 'new' | 'mine' | 'completion' | 'decided';

interface DemoHousehold {
  name: string;
  /** 12 digits, made up (valid check digit, no real person's). */
  personnummer: string;
  mobile: string;
  municipalityCode: string;
  state: DemoState;
  /** The month applied for: next month, or this one (sent earlier, and decided by now). */
  month: 'this' | 'next';
  /** Came by post and was registered by the caseworker (no account): asked by letter. */
  byPost?: boolean;
  /** Per step, what the applicant typed; `period` and dates are filled in for the month applied for. */
  answers: (period: Period) => [string, StepAnswers][];
}

interface Period {
  /** YYYY-MM. */
  month: string;
  /** YYYY-MM-DD, a payment day in that month. */
  dueDate: string;
}

const common = (period: Period, message: string): [string, StepAnswers][] => [
  ['tillgangar', { bankBalance: '350', hasShares: 'nej', hasVehicle: 'nej', hasProperty: 'nej' }],
  [
    'kostnader',
    {
      'costs.0.type': 'hyra',
      'costs.0.amount': '6 950',
      'costs.0.dueDate': period.dueDate,
      'costs.1.type': 'el',
      'costs.1.amount': '380',
      'costs.1.dueDate': period.dueDate,
    },
  ],
  ['meddelande', { message }],
  ['bilagor', { enclosed: ['kontoutdrag', 'hyresavi'] }],
  ['intygande', { confirm: 'ja' }],
];

const person = (firstName: string, lastName: string, personnummer: string, phone: string) => ({
  firstName,
  lastName,
  personnummer,
  citizenship: 'Sverige',
  residencePermit: 'behovs-inte',
  phone,
  email: '',
});

const housing = (street: string, adults: string, children: string): StepAnswers => ({
  housingType: 'forstahand',
  street,
  postalCode: '123 45',
  city: 'Exempelby',
  rooms: '2',
  adults,
  childrenInHome: children,
  landlord: 'Exempelbyhem AB',
  sublets: 'nej',
});

/**
 * Made-up households whose applications wait in the demo caseworkers' inbox: new ones, one
 * assigned to the caseworker, one waiting for a completion, and one in the other municipality
 * (which the first municipality's staff never see).
 */
const HOUSEHOLDS: DemoHousehold[] = [
  {
    // The demo applicant's account (demo-accounts.ts): this month's application, decided, so
    // Mina sidor shows a decision and its letter, and next month's can start from it.
    name: DEMO_APPLICANT.name,
    personnummer: DEMO_APPLICANT.personnummer,
    mobile: DEMO_APPLICANT.mobile,
    municipalityCode: DEMO_APPLICANT.municipalityCode,
    state: 'decided',
    month: 'this',
    answers: (period) => [
      ['period', { period: period.month, changes: 'nej' }],
      [
        'om-dig',
        {
          ...person('Anna', 'Exempelsson', '19121212-1212', '070-123 45 12'),
          civilStatus: 'ensamstaende',
        },
      ],
      [
        'barn',
        {
          hasChildren: 'ja',
          'children.0.name': 'Elsa Exempelsson',
          'children.0.personnummer': '20150914-1477',
          'children.0.school': 'Björkskolan',
          'children.0.registeredHere': 'ja',
          'children.0.alternating': 'nej',
          maintenanceSupport: 'nej',
        },
      ],
      ['boende', housing('Exempelgatan 1', '1', '1')],
      ['sysselsattning', { applicant: ['deltid'] }],
      [
        'inkomster',
        {
          'incomes.0.person': 'sokande',
          'incomes.0.type': 'lon',
          'incomes.0.description': 'Exempelby kommun, hemtjänsten',
          'incomes.0.amount': '11 300',
          'incomes.1.person': 'sokande',
          'incomes.1.type': 'barnbidrag',
          'incomes.1.amount': '1 250',
        },
      ],
      ...common(period, ''),
    ],
  },
  {
    name: 'Erik Lindqvist',
    personnummer: '197803121255',
    mobile: '+46701234521',
    municipalityCode: '9901',
    state: 'new',
    month: 'next',
    answers: (period) => [
      ['period', { period: period.month, changes: 'nej' }],
      [
        'om-dig',
        {
          ...person('Erik', 'Lindqvist', '19780312-1255', '070-123 45 21'),
          civilStatus: 'ensamstaende',
        },
      ],
      ['barn', { hasChildren: 'nej' }],
      ['boende', housing('Björkvägen 12', '1', '0')],
      ['sysselsattning', { applicant: ['arbetssokande'] }],
      [
        'inkomster',
        {
          'incomes.0.person': 'sokande',
          'incomes.0.type': 'aktivitetsstod',
          'incomes.0.amount': '4 200',
        },
      ],
      ...common(period, 'Jag har fått en ny handläggare på Arbetsförmedlingen.'),
    ],
  },
  {
    name: 'Samira Haddad',
    personnummer: '198906151520',
    mobile: '+46701234522',
    municipalityCode: '9901',
    state: 'new',
    month: 'next',
    answers: (period) => [
      [
        'period',
        { period: period.month, changes: 'ja', changesText: 'Min son har börjat förskolan.' },
      ],
      [
        'om-dig',
        {
          ...person('Samira', 'Haddad', '19890615-1520', '070-123 45 22'),
          citizenship: 'Syrien',
          residencePermit: 'permanent',
          civilStatus: 'skild',
        },
      ],
      [
        'barn',
        {
          hasChildren: 'ja',
          'children.0.name': 'Adam Haddad',
          'children.0.personnummer': '20180302-0229',
          'children.0.registeredHere': 'ja',
          'children.0.alternating': 'nej',
          'children.0.preschoolLunch': 'ja',
          maintenanceSupport: 'ja',
        },
      ],
      ['boende', housing('Storgatan 8 A', '1', '1')],
      ['sysselsattning', { applicant: ['deltid', 'sfi'] }],
      [
        'inkomster',
        {
          'incomes.0.person': 'sokande',
          'incomes.0.type': 'lon',
          'incomes.0.description': 'Exempelby förskolor',
          'incomes.0.amount': '9 800',
          'incomes.1.person': 'sokande',
          'incomes.1.type': 'barnbidrag',
          'incomes.1.amount': '1 250',
          'incomes.2.person': 'sokande',
          'incomes.2.type': 'underhallsstod',
          'incomes.2.amount': '1 673',
        },
      ],
      ...common(period, ''),
    ],
  },
  {
    name: 'Jonas Berg',
    personnummer: '199211080834',
    mobile: '+46701234523',
    municipalityCode: '9901',
    state: 'mine',
    month: 'next',
    answers: (period) => [
      ['period', { period: period.month, changes: 'nej' }],
      [
        'om-dig',
        {
          ...person('Jonas', 'Berg', '19921108-0834', '070-123 45 23'),
          civilStatus: 'ensamstaende',
        },
      ],
      ['barn', { hasChildren: 'nej' }],
      ['boende', housing('Ekgatan 3', '1', '0')],
      ['sysselsattning', { applicant: ['sjukskriven'] }],
      [
        'inkomster',
        {
          'incomes.0.person': 'sokande',
          'incomes.0.type': 'sjukpenning',
          'incomes.0.amount': '6 100',
        },
      ],
      ...common(period, 'Jag behöver hjälp med en räkning från tandläkaren.'),
    ],
  },
  {
    name: 'Maria Johansson',
    personnummer: '196504222271',
    mobile: '+46701234524',
    municipalityCode: '9901',
    state: 'completion',
    month: 'next',
    answers: (period) => [
      ['period', { period: period.month, changes: 'nej' }],
      [
        'om-dig',
        {
          ...person('Maria', 'Johansson', '19650422-2271', '070-123 45 24'),
          civilStatus: 'anka',
        },
      ],
      ['barn', { hasChildren: 'nej' }],
      ['boende', housing('Lindallén 21', '1', '0')],
      ['sysselsattning', { applicant: ['arbetssokande'] }],
      [
        'inkomster',
        {
          'incomes.0.person': 'sokande',
          'incomes.0.type': 'a-kassa',
          'incomes.0.amount': '7 400',
        },
      ],
      ...common(period, ''),
    ],
  },
  {
    name: 'Gunnar Papper',
    personnummer: '197503142395',
    mobile: '',
    municipalityCode: '9901',
    state: 'completion',
    month: 'next',
    byPost: true,
    answers: (period) => [
      ['period', { period: period.month, changes: 'nej' }],
      [
        'om-dig',
        // No phone just now: the municipality writes by post.
        { ...person('Gunnar', 'Papper', '19750314-2395', ''), civilStatus: 'ensamstaende' },
      ],
      ['barn', { hasChildren: 'nej' }],
      ['boende', housing('Storgatan 12 B', '1', '0')],
      ['sysselsattning', { applicant: ['arbetssokande'] }],
      [
        'inkomster',
        {
          'incomes.0.person': 'sokande',
          'incomes.0.type': 'a-kassa',
          'incomes.0.amount': '5 200',
        },
      ],
      ...common(period, ''),
    ],
  },
  {
    name: 'Ali Yilmaz',
    personnummer: '198401303063',
    mobile: '+46701234525',
    municipalityCode: '9902',
    state: 'new',
    month: 'next',
    answers: (period) => [
      ['period', { period: period.month, changes: 'nej' }],
      [
        'om-dig',
        {
          ...person('Ali', 'Yilmaz', '19840130-3063', '070-123 45 25'),
          civilStatus: 'ensamstaende',
        },
      ],
      ['barn', { hasChildren: 'nej' }],
      ['boende', housing('Torget 1', '1', '0')],
      ['sysselsattning', { applicant: ['studerar'] }],
      [
        'inkomster',
        {
          'incomes.0.person': 'sokande',
          'incomes.0.type': 'studiemedel',
          'incomes.0.amount': '3 900',
        },
      ],
      ...common(period, ''),
    ],
  },
];

export interface DemoCaseServices {
  accounts: AccountService;
  attachments: AttachmentService;
  applications: ApplicationService;
  submissions: SubmissionService;
  caseAssignment: CaseAssignment;
  caseMarks: CaseMarks;
  completionRequests: CompletionRequests;
  decisions: DecisionService;
  paperRegistration: PaperRegistration;
  clock: Clock;
}

/** This month or the next, and a payment day in it. */
function periodOf(clock: Clock, which: DemoHousehold['month']): Period {
  const [year, month] = swedishDay(clock.now()).split('-').map(Number) as [number, number];
  const [y, m] =
    which === 'this' ? [year, month] : month === 12 ? [year + 1, 1] : [year, month + 1];
  const period = `${y}-${String(m).padStart(2, '0')}`;
  return { month: period, dueDate: `${period}-25` };
}

async function sendAs(
  services: DemoCaseServices,
  form: FormDefinition,
  household: DemoHousehold,
  period: Period,
): Promise<ApplicationRecord> {
  const { accounts, applications, submissions } = services;
  const account =
    (await accounts.findApplicant(household.personnummer)) ??
    (await accounts.createApplicant({
      personnummer: household.personnummer,
      name: household.name,
      mobile: household.mobile,
      municipalityCode: household.municipalityCode,
    }));
  const actor = { kind: 'applicant', userId: account.id } as const;
  let record = await applications.start(actor, form, household.municipalityCode);
  for (const [stepId, answers] of household.answers(period)) {
    const step = form.steps.find((candidate) => candidate.id === stepId);
    if (!step) throw new Error(`Demo case: the form has no step ${stepId}`);
    const { input } = readStepInput(step, answers, record.draft.values);
    const saved = await applications.saveStep(record, step, input, record.rowVersion, 'sv');
    if (saved.outcome !== 'saved' || saved.errors.length > 0) {
      throw new Error(`Demo case ${household.name}, ${stepId}: ${JSON.stringify(saved)}`);
    }
    record = saved.record;
  }
  const papers = await demoPapers(household.name, period.month);
  const added = await services.attachments.add(actor, record.id, papers);
  if (!added || added.some((outcome) => outcome.outcome !== 'stored')) {
    throw new Error(`Demo case ${household.name}: the papers were not stored`);
  }
  record = (await applications.find(actor, record.id)) ?? record;
  const sent = await submissions.submit(
    actor,
    record,
    record.rowVersion,
    'sms',
    household.personnummer,
  );
  if (sent.outcome !== 'submitted') {
    throw new Error(`Demo case ${household.name} was not sent: ${sent.outcome}`);
  }
  return record;
}

/**
 * What the demo caseworker did: took the case; then decided it, or marked an answer and asked
 * for completion.
 */
async function work(
  services: DemoCaseServices,
  caseworker: StaffRequest,
  household: DemoHousehold,
  applicationId: string,
): Promise<void> {
  if (household.state === 'new') return;
  const assigned = await services.caseAssignment.assignTo(
    caseworker,
    applicationId,
    caseworker.staff.account.id,
  );
  if (assigned !== 'assigned' && assigned !== 'started')
    throw new Error(`Demo case not assigned: ${assigned}`);
  if (household.state === 'decided') return decide(services, caseworker, applicationId);
  if (household.state !== 'completion') return;
  const marked = await services.caseMarks.mark(
    caseworker,
    applicationId,
    'answer:inkomster.incomes.0.amount',
    'Beloppet stämmer inte med beskedet från a-kassan. Skicka med beskedet.',
  );
  if (marked !== 'marked') throw new Error(`Demo case not marked: ${marked}`);
  const asked = await services.completionRequests.request(caseworker, applicationId, {
    dueDate: addDays(swedishDay(services.clock.now()), 7),
    message: 'Hej! Vi behöver beskedet från a-kassan för att kunna fatta beslut.',
  });
  if (asked.outcome !== 'requested') {
    throw new Error(`Demo case: no completion asked: ${JSON.stringify(asked)}`);
  }
}

/** Everything granted as applied for, but the household electricity, which the rent includes. */
async function decide(
  services: DemoCaseServices,
  caseworker: StaffRequest,
  applicationId: string,
): Promise<void> {
  const basis = await services.decisions.basis(caseworker, applicationId);
  if (basis.outcome !== 'ok') throw new Error(`Demo case: no decision basis: ${basis.outcome}`);
  const granted: Record<string, string> = {};
  const reasons: Record<string, string> = {};
  for (const part of basis.view.parts) {
    const refused = part.kind === 'cost' && part.label.startsWith('Hushållsel');
    granted[part.id] = refused ? '0' : String(part.appliedOre / 100);
    if (refused) reasons[part.id] = 'Hushållsel ingår i hyran enligt ditt hyresavtal.';
  }
  const decided = await services.decisions.decide(caseworker, applicationId, {
    seenVersion: basis.view.rowVersion,
    granted,
    reasons,
  });
  if (decided.outcome !== 'decided') throw new Error(`Demo case not decided: ${decided.outcome}`);
}

/**
 * A paper application as the caseworker registers it: filled in by hand on the staff step
 * pages' service, signed, and received by post two days ago.
 */
async function registerByPost(
  services: DemoCaseServices,
  caseworker: StaffRequest,
  household: DemoHousehold,
  period: Period,
): Promise<ApplicationRecord> {
  const { applications, paperRegistration } = services;
  const started = await paperRegistration.start(caseworker, household.municipalityCode, {
    kind: 'hand',
  });
  if (started.outcome !== 'started') throw new Error(`Demo paper case: ${started.outcome}`);
  let record = started.record;
  for (const [stepId, answers] of household.answers(period)) {
    const step = record.form.steps.find((candidate) => candidate.id === stepId);
    if (!step) throw new Error(`Demo paper case: the form has no step ${stepId}`);
    const { input } = readStepInput(step, answers, record.draft.values);
    const saved = await applications.saveStep(record, step, input, record.rowVersion, 'sv');
    if (saved.outcome !== 'saved' || saved.errors.length > 0) {
      throw new Error(`Demo paper case, ${stepId}: ${JSON.stringify(saved)}`);
    }
    record = saved.record;
  }
  const received = addDays(swedishDay(services.clock.now()), -2);
  const registered = await paperRegistration.register(
    caseworker,
    record,
    record.rowVersion,
    received,
    { applicant: true, coApplicant: false },
  );
  if (registered.outcome !== 'registered') {
    throw new Error(`Demo paper case not registered: ${registered.outcome}`);
  }
  return record;
}

/**
 * Sent applications for trying the portal out in development: without them the demo inbox is
 * empty until someone applies, and the demo applicant has never had a decision. Each goes
 * through the same services as a real one (the applicant's steps, the submission, the
 * caseworker's assignment, mark, completion request or decision), so it is exactly what the
 * portal would hold. Added once, with the demo accounts; a form change that makes one invalid
 * stops the start loudly (and its test), rather than leaving the demo half made.
 */
export async function seedDemoCases(
  services: DemoCaseServices,
  form: FormDefinition,
  caseworkerUsername: (municipalityCode: string) => string,
): Promise<number> {
  for (const household of HOUSEHOLDS) {
    const account = await services.accounts.findStaff(
      caseworkerUsername(household.municipalityCode),
    );
    const staff = account && (await loadStaffMember(services.accounts, account.id));
    if (!staff) throw new Error(`No demo caseworker in ${household.municipalityCode}`);
    const caseworker = { staff, requestId: 'demo-data' };
    const period = periodOf(services.clock, household.month);
    const record = household.byPost
      ? await registerByPost(services, caseworker, household, period)
      : await sendAs(services, form, household, period);
    await work(services, caseworker, household, record.id);
  }
  return HOUSEHOLDS.length;
}
