import { addMonths, yearMonthOf } from './dates';
import { ageOn, birthDateOf } from './parsers';
import { ATTACHMENTS, ekonomisktBistandHooks } from './ekonomiskt-bistand-hooks';
import { LUNCH_AT_PRESCHOOL_BELOW_AGE } from './riksnorm/norm';
import type { FormDefinition, ScalarField, StepRuleError } from './types';

/** The monthly application for ekonomiskt bistånd (DOMAIN.md, "What the application asks"). */

const PARTNER_STATUSES = ['gift', 'sambo'] as const;
const hasPartner = { step: 'om-dig', field: 'civilStatus', in: PARTNER_STATUSES };

const person = (): ScalarField[] => [
  { id: 'firstName', type: 'text', max: 100, autocomplete: 'given-name' },
  { id: 'lastName', type: 'text', max: 100, autocomplete: 'family-name' },
  { id: 'personnummer', type: 'personnummer', width: 'medium' },
  { id: 'citizenship', type: 'text', max: 100 },
  { id: 'residencePermit', type: 'radios', options: ['behovs-inte', 'permanent', 'tidsbegransat'] },
  {
    id: 'permitUntil',
    type: 'date',
    width: 'medium',
    showIf: { field: 'residencePermit', in: ['tidsbegransat'] },
  },
];

export const INCOME_TYPES = [
  'lon',
  'a-kassa',
  'sjukpenning',
  'aktivitetsstod',
  'foraldrapenning',
  'pension',
  'bostadsbidrag',
  'underhallsstod',
  'barnbidrag',
  'studiemedel',
  'skatteaterbaring',
  'aldreforsorjningsstod',
  'gava',
  'lan',
  'swish',
  'annat',
] as const;

export const COST_TYPES = [
  'hyra',
  'el',
  'hemforsakring',
  'fackavgift',
  'arbetsresor',
  'barnomsorg',
  'lakarvard',
  'medicin',
  'tandvard',
  'bredband-telefon',
  'annat',
] as const;

const OCCUPATIONS = [
  'heltid',
  'deltid',
  'arbetssokande',
  'sfi',
  'sjukskriven',
  'studerar',
  'foraldraledig',
  'annat',
] as const;

/** Housing types that have an address of their own. */
const HOUSED = [
  'forstahand',
  'andrahand',
  'inneboende',
  'foraldrar',
  'bostadsratt',
  'villa',
  'annat',
];

/** Last month, this month and next month (YYYY-MM), counted from today in the municipality. */
export function applicationMonths(today: string): string[] {
  const current = yearMonthOf(today);
  return [addMonths(current, -1), current, addMonths(current, 1)];
}

const MAX_CHILD_AGE = 21;

export const ekonomisktBistand: FormDefinition = {
  id: 'ekonomiskt-bistand',
  version: 1,
  slug: 'ekonomiskt-bistand',
  messagePrefix: 'eb',
  hooks: ekonomisktBistandHooks,
  steps: [
    {
      id: 'period',
      fields: [
        // Offered to choose from: nothing to type, nothing to get wrong.
        { id: 'period', type: 'month', optionsFrom: ({ today }) => applicationMonths(today) },
        // A first application has nothing to compare with: its own answer, not a guess.
        { id: 'changes', type: 'radios', options: ['ja', 'nej', 'forsta-gangen'] },
        {
          id: 'changesText',
          type: 'textarea',
          max: 2000,
          showIf: { field: 'changes', in: ['ja'] },
        },
      ],
    },
    {
      id: 'om-dig',
      fields: [
        ...person(),
        {
          id: 'civilStatus',
          type: 'radios',
          options: ['ensamstaende', 'gift', 'sambo', 'skild', 'anka'],
        },
        // Someone in a hard month may have no phone just now: the letter reaches them by post.
        { id: 'phone', type: 'phone', width: 'medium', optional: true, autocomplete: 'tel' },
        { id: 'email', type: 'email', optional: true, autocomplete: 'email' },
      ],
    },
    {
      id: 'medsokande',
      showIf: hasPartner,
      fields: [
        ...person(),
        { id: 'phone', type: 'phone', width: 'medium', optional: true },
        { id: 'email', type: 'email', optional: true },
      ],
      rules: (values, context) =>
        values.personnummer === context.values['om-dig']?.personnummer
          ? [{ field: 'personnummer', message: 'eb.medsokande.personnummer.sameAsApplicant' }]
          : [],
    },
    {
      id: 'barn',
      fields: [
        { id: 'hasChildren', type: 'yesNo' },
        {
          id: 'children',
          type: 'group',
          min: 1,
          max: 12,
          titleField: 'name',
          showIf: { field: 'hasChildren', in: ['ja'] },
          fields: [
            { id: 'name', type: 'text', max: 100 },
            { id: 'personnummer', type: 'personnummer', width: 'medium' },
            { id: 'school', type: 'text', max: 200, optional: true },
            { id: 'registeredHere', type: 'yesNo' },
            { id: 'alternating', type: 'yesNo' },
            // Umgänge: days with the applicant of a child who lives with the other parent.
            {
              id: 'contactDays',
              type: 'integer',
              min: 0,
              max: 31,
              optional: true,
              width: 'short',
              showIf: { field: 'registeredHere', in: ['nej'] },
            },
            // Asked for a child under 7 in the month applied for: the norm has a lower amount then.
            {
              id: 'preschoolLunch',
              type: 'yesNo',
              showIf: {
                personnummer: 'personnummer',
                youngerThan: LUNCH_AT_PRESCHOOL_BELOW_AGE,
                month: { step: 'period', field: 'period' },
              },
            },
          ],
        },
        {
          id: 'maintenanceSupport',
          type: 'yesNo',
          showIf: { field: 'hasChildren', in: ['ja'] },
        },
      ],
      rules: (values, { today }) => {
        const errors: StepRuleError[] = [];
        const children = (values.children ?? []) as Record<string, unknown>[];
        children.forEach((child, row) => {
          const age = ageOn(birthDateOf(String(child.personnummer)), today);
          if (age < 0 || age >= MAX_CHILD_AGE) {
            errors.push({
              field: 'children',
              row,
              rowField: 'personnummer',
              message: age < 0 ? 'eb.barn.children.notBorn' : 'eb.barn.children.tooOld',
              values: { age },
            });
          }
        });
        return errors;
      },
    },
    {
      id: 'boende',
      fields: [
        {
          id: 'housingType',
          type: 'radios',
          options: [
            'forstahand',
            'andrahand',
            'inneboende',
            'foraldrar',
            'bostadsratt',
            'villa',
            'bostadslos',
            'annat',
          ],
        },
        {
          id: 'housingOther',
          type: 'text',
          max: 200,
          showIf: { field: 'housingType', in: ['annat'] },
        },
        ...(['street', 'postalCode', 'city'] as const).map((id): ScalarField => ({
          id,
          ...(id === 'postalCode' ? { type: 'postalCode' } : { type: 'text', max: 100 }),
          width: id === 'postalCode' ? 'short' : undefined,
          autocomplete: {
            street: 'address-line1',
            postalCode: 'postal-code',
            city: 'address-level2',
          }[id],
          showIf: { field: 'housingType', in: HOUSED },
        })),
        {
          id: 'rooms',
          type: 'integer',
          min: 1,
          max: 20,
          width: 'short',
          showIf: { field: 'housingType', in: HOUSED },
        },
        { id: 'adults', type: 'integer', min: 1, max: 20, width: 'short' },
        { id: 'childrenInHome', type: 'integer', min: 0, max: 20, width: 'short' },
        {
          id: 'landlord',
          type: 'text',
          max: 200,
          optional: true,
          showIf: { field: 'housingType', in: ['forstahand', 'andrahand', 'inneboende'] },
        },
        {
          id: 'contractHolder',
          type: 'text',
          max: 200,
          optional: true,
          showIf: { field: 'housingType', in: ['andrahand', 'inneboende'] },
        },
        {
          id: 'contractUntil',
          type: 'date',
          optional: true,
          width: 'medium',
          showIf: { field: 'housingType', in: ['andrahand', 'inneboende'] },
        },
        { id: 'sublets', type: 'yesNo', showIf: { field: 'housingType', in: HOUSED } },
        {
          id: 'sublettingIncome',
          type: 'amount',
          max: 100_000,
          width: 'medium',
          showIf: { field: 'sublets', in: ['ja'] },
        },
      ],
    },
    {
      id: 'sysselsattning',
      fields: [
        { id: 'applicant', type: 'checkboxes', options: OCCUPATIONS },
        {
          id: 'applicantOther',
          type: 'text',
          max: 200,
          showIf: { field: 'applicant', in: ['annat'] },
        },
        { id: 'partner', type: 'checkboxes', options: OCCUPATIONS, showIf: hasPartner },
        { id: 'partnerOther', type: 'text', max: 200, showIf: { field: 'partner', in: ['annat'] } },
      ],
    },
    {
      id: 'inkomster',
      textVariant: { name: 'withPartner', showIf: hasPartner },
      fields: [
        { id: 'noIncome', type: 'checkboxes', options: ['ingen-inkomst'], optional: true },
        {
          id: 'incomes',
          type: 'group',
          min: 0,
          max: 20,
          titleField: 'type',
          // Asked only while "there are no incomes" is not ticked: not both at once.
          showIf: { field: 'noIncome', notIn: ['ingen-inkomst'] },
          fields: [
            { id: 'person', type: 'radios', options: ['sokande', 'medsokande'] },
            { id: 'type', type: 'select', options: INCOME_TYPES },
            { id: 'description', type: 'text', max: 200, optional: true },
            { id: 'amount', type: 'amount', max: 200_000, width: 'medium' },
          ],
        },
      ],
      rules: (values, context) => {
        const incomes = (values.incomes ?? []) as Record<string, unknown>[];
        const none = ((values.noIncome ?? []) as string[]).length > 0;
        // With the box ticked the incomes are not asked (nor kept): one or the other is needed.
        if (incomes.length === 0 && !none)
          return [{ field: 'incomes', message: 'eb.inkomster.incomes.noneGiven' }];
        const partner = PARTNER_STATUSES.includes(context.values['om-dig']?.civilStatus as 'gift');
        return incomes.flatMap((income, row) =>
          income.person === 'medsokande' && !partner
            ? [
                {
                  field: 'incomes',
                  row,
                  rowField: 'person',
                  message: 'eb.inkomster.incomes.noPartner',
                },
              ]
            : [],
        );
      },
    },
    {
      id: 'tillgangar',
      fields: [
        { id: 'bankBalance', type: 'amount', max: 10_000_000, width: 'medium' },
        { id: 'hasShares', type: 'yesNo' },
        {
          id: 'sharesValue',
          type: 'amount',
          max: 100_000_000,
          width: 'medium',
          showIf: { field: 'hasShares', in: ['ja'] },
        },
        { id: 'hasVehicle', type: 'yesNo' },
        {
          id: 'vehicleRegistration',
          type: 'text',
          max: 20,
          width: 'medium',
          showIf: { field: 'hasVehicle', in: ['ja'] },
        },
        {
          id: 'vehicleValue',
          type: 'amount',
          max: 10_000_000,
          width: 'medium',
          showIf: { field: 'hasVehicle', in: ['ja'] },
        },
        { id: 'hasProperty', type: 'yesNo' },
        {
          id: 'propertyDescription',
          type: 'textarea',
          max: 1000,
          showIf: { field: 'hasProperty', in: ['ja'] },
        },
      ],
    },
    {
      id: 'kostnader',
      fields: [
        {
          id: 'costs',
          type: 'group',
          min: 0,
          max: 20,
          titleField: 'type',
          fields: [
            { id: 'type', type: 'select', options: COST_TYPES },
            { id: 'description', type: 'text', max: 200, showIf: { field: 'type', in: ['annat'] } },
            { id: 'amount', type: 'amount', max: 100_000, width: 'medium' },
            { id: 'dueDate', type: 'date', width: 'medium' },
          ],
        },
      ],
    },
    {
      id: 'meddelande',
      fields: [{ id: 'message', type: 'textarea', max: 4000, optional: true }],
    },
    {
      id: 'bilagor',
      uploads: true,
      fields: [{ id: 'enclosed', type: 'checkboxes', options: ATTACHMENTS, optional: true }],
    },
    {
      id: 'intygande',
      fields: [{ id: 'confirm', type: 'checkboxes', options: ['ja'] }],
    },
  ],
};
