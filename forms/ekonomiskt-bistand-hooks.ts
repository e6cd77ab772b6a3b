import type { MessageKey, Translate } from '../locales';
import { decisionBasis, postalAddress } from './ekonomiskt-bistand-decision';
import { estimateForDraft } from './riksnorm/estimate';
import { formatMonth, formatOre, formatPersonnummer } from './format';
import type { DraftValues, EstimateView, FormHooks } from './types';
import { answerText } from './values';

export const ATTACHMENTS = [
  'kontoutdrag',
  'hyresavi',
  'inkomstuppgifter',
  'lakarintyg',
  'aktivitetsrapport',
  'fakturor',
  'uppehallstillstand',
] as const;

const nameOf = (answers: DraftValues, stepId: string) =>
  `${answerText(answers, stepId, 'firstName')} ${answerText(answers, stepId, 'lastName')}`.trim();

function estimate(answers: DraftValues, t: Translate): EstimateView {
  const figures = estimateForDraft(answers);
  return {
    title: t('estimate.title'),
    rows: [
      { label: t('estimate.personal'), value: formatOre(figures.personalCostsOre) },
      { label: t('estimate.common'), value: formatOre(figures.commonCostsOre) },
      { label: t('estimate.costs'), value: formatOre(figures.costsOre) },
      { label: t('estimate.income'), value: `− ${formatOre(figures.incomeOre)}` },
      { label: t('estimate.need'), value: formatOre(figures.needOre), total: true },
    ],
    notes: [
      t('estimate.normExplained'),
      ...figures.notes.map((note) => t(note.key, note.values)),
      t('estimate.note'),
    ],
  };
}

const RENTED = ['forstahand', 'andrahand', 'inneboende'];

/**
 * The papers the answers call for, the way a caseworker reads an application: bank statements
 * always; the rent for a rented home; pay slips and decisions for any income; a doctor's
 * certificate for sick leave; the activity report for a job seeker; bills for the costs applied
 * for; the residence permit when it is temporary.
 */
function neededAttachments(answers: DraftValues): Set<(typeof ATTACHMENTS)[number]> {
  const chosen = (stepId: string, fieldId: string): string[] => {
    const value = answers[stepId]?.[fieldId];
    if (Array.isArray(value)) return value.filter((one) => typeof one === 'string');
    return typeof value === 'string' ? [value] : [];
  };
  const rows = (stepId: string, groupId: string) => {
    const value = answers[stepId]?.[groupId];
    return Array.isArray(value) ? value.filter((row) => typeof row === 'object') : [];
  };
  const occupations = [
    ...chosen('sysselsattning', 'applicant'),
    ...chosen('sysselsattning', 'partner'),
  ];
  const costTypes = rows('kostnader', 'costs').map((row) => row.type);
  const needed = new Set<(typeof ATTACHMENTS)[number]>(['kontoutdrag']);
  if (chosen('boende', 'housingType').some((type) => RENTED.includes(type))) {
    needed.add('hyresavi');
  }
  if (costTypes.includes('hyra')) needed.add('hyresavi');
  if (rows('inkomster', 'incomes').length > 0) needed.add('inkomstuppgifter');
  if (occupations.includes('sjukskriven')) needed.add('lakarintyg');
  if (occupations.includes('arbetssokande')) needed.add('aktivitetsrapport');
  if (costTypes.some((type) => type !== 'hyra')) needed.add('fakturor');
  const permits = [
    ...chosen('om-dig', 'residencePermit'),
    ...chosen('medsokande', 'residencePermit'),
  ];
  if (permits.includes('tidsbegransat')) needed.add('uppehallstillstand');
  return needed;
}

/** What the ekonomiskt bistånd application prints and reviews beyond its answers. */
export const ekonomisktBistandHooks: FormHooks = {
  title: (answers, t) => {
    const period = answerText(answers, 'period', 'period');
    return period ? t('pdf.title', { period: formatMonth(period, t) }) : t('pdf.titleNoPeriod');
  },
  fileName: (answers) =>
    `ansokan-ekonomiskt-bistand-${answerText(answers, 'period', 'period') || 'utkast'}.pdf`,
  // Both spouses or partners sign; the partner's step is among the answers only while shown.
  signers: (answers) =>
    answers.medsokande
      ? [nameOf(answers, 'om-dig'), nameOf(answers, 'medsokande')]
      : [nameOf(answers, 'om-dig')],
  // The partner's step is among the shown answers only for a married or cohabiting applicant.
  coApplicant: (answers) =>
    answers.medsokande
      ? {
          name: nameOf(answers, 'medsokande'),
          personnummer: answerText(answers, 'medsokande', 'personnummer'),
        }
      : undefined,
  applicantIdentity: {
    stepId: 'om-dig',
    personnummerField: 'personnummer',
    firstNameField: 'firstName',
    lastNameField: 'lastName',
    phoneField: 'phone',
  },
  // The people and the month: the medsökande confirmed this application, and the inbox, the
  // duplicate check and the decision all read them (civil status decides who is a medsökande).
  fixedAfterSending: [
    'period.period',
    'om-dig.personnummer',
    'om-dig.civilStatus',
    'medsokande.personnummer',
  ],
  period: (answers) => answerText(answers, 'period', 'period') || undefined,
  // The applicant, a spouse or partner, and the children named.
  householdSize: (answers) =>
    (answers.medsokande ? 2 : 1) +
    (Array.isArray(answers.barn?.children) ? answers.barn.children.length : 0),
  // Who the household is and what it has changes seldom; the period, the message, the
  // attachments and the declaration belong to each month alone.
  carriedOver: [
    'om-dig',
    'medsokande',
    'barn',
    'boende',
    'sysselsattning',
    'inkomster',
    'tillgangar',
    'kostnader',
  ],
  // Each bill has its own due date: last month's would be sent again unnoticed.
  notCarriedOver: ['kostnader.costs.dueDate'],
  declaration: (t) => ({
    title: t('eb.intygande.title'),
    text: t('eb.intygande.statement'),
    stepId: 'intygande',
  }),
  pageFooter: (answers, t) => {
    const period = answerText(answers, 'period', 'period');
    return [
      nameOf(answers, 'om-dig'),
      formatPersonnummer(answerText(answers, 'om-dig', 'personnummer')),
      period ? formatMonth(period, t) : '',
    ].filter(Boolean);
  },
  estimate,
  attachments: (answers, t) => {
    const enclosed = (answers.bilagor?.enclosed ?? []) as string[];
    const needed = neededAttachments(answers);
    return ATTACHMENTS.map((value) => ({
      id: value,
      label: t(`eb.bilagor.enclosed.option.${value}` as MessageKey),
      enclosed: enclosed.includes(value),
      needed: needed.has(value),
    }));
  },
  decisionBasis,
  postalAddress,
};
