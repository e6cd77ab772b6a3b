import type { DecisionLetterPdfContent } from '../../services/decision-letter-pdf';

export const XSS = '<script>alert(1)</script>"><img src=x onerror=alert(1)> javascript:alert(1)';

/** A refusal of two parts for Exempelby's letter, with `changes` on top. */
export const sampleLetter = (
  changes: Partial<DecisionLetterPdfContent> = {},
): DecisionLetterPdfContent => ({
  language: 'sv',
  municipality: {
    code: '9901',
    name: 'Exempelby kommun',
    unitName: 'Socialtjänsten, enheten för ekonomiskt bistånd',
    streetAddress: 'Box 101',
    postalCode: '123 45',
    city: 'Exempelby',
    phone: '0123-456 00',
    email: 'ekonomisktbistand@exempelby.example',
    website: null,
  },
  date: new Date('2026-11-24T09:00:00Z'),
  recipient: { name: 'Nguyễn Thị Minh', address: ['Storgatan 5 B', '123 45 Exempelby'] },
  receiptNumber: 'EB-ABCD-EFGH',
  personnummer: '19850101-1236',
  period: '2026-12',
  outcome: 'avslag',
  parts: [
    {
      label: 'Riksnormen för hushållet',
      kind: 'norm',
      appliedOre: 522_000,
      grantedOre: 0,
      reason: 'Du har inte sökt arbete som vi kom överens om.',
    },
    { label: `Annat: ${XSS}`, kind: 'cost', appliedOre: 50_000, grantedOre: 0, reason: XSS },
  ],
  totalAppliedOre: 572_000,
  totalGrantedOre: 0,
  incomeOre: 0,
  incomes: [],
  payableOre: 0,
  normNotes: ['Beräknat med riksnormen för 2026.'],
  legalBasis: 'socialtjänstlagen (2025:400)',
  paymentInfo: 'Vi betalar ut pengarna till ditt bankkonto inom tre bankdagar.',
  caseworkerName: 'Karin Handläggare',
  ...changes,
});
