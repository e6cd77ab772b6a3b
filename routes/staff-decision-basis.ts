import type { Request } from 'express';
import { formatOre } from '../forms/format';
import type { CountedHousehold } from '../forms/types';
import type { Translate } from '../locales';
import type { Services } from '../services';
import { longDate } from '../services/date-texts';
import type { DecisionBasisView } from '../services/decisions';
import { caseEstimateView } from './staff-case-casework';
import { staffOf } from './staff-guard';

/** "10 år, 4 år och 1 år": the children's ages in a plain list. */
function agesText(ages: readonly number[], t: Translate): string {
  const texts = ages.map((age) => t('decision.basis.age', { age }));
  const last = texts.pop();
  return texts.length > 0 ? `${texts.join(', ')} ${t('decision.basis.and')} ${last}` : (last ?? '');
}

/** Who the norm is for, as rows (the adults, the children's ages, everyone in the home) and the day the ages are on. */
function householdView(household: CountedHousehold, req: Request, t: Translate) {
  const { adults, couple, childAges } = household;
  return {
    rows: [
      {
        label: t('decision.basis.adults'),
        value: couple ? t('decision.basis.couple') : String(adults),
      },
      {
        label: t('decision.basis.children'),
        value: childAges.length === 0 ? t('decision.basis.noChildren') : agesText(childAges, t),
      },
      { label: t('decision.basis.inHome'), value: String(household.personsInHome) },
    ],
    agesOn:
      childAges.length === 0
        ? undefined
        : t('decision.basis.agesOn', {
            date: longDate(new Date(`${household.firstOfMonth}T12:00:00Z`), req.language),
          }),
  };
}

/**
 * What the decision rests on, above the amounts so the caseworker need not go back to the case:
 * the household as the norm counts it, the case's preliminary estimate (the same as the case
 * view's) and each part applied for with its amount.
 */
export async function decisionBasisSummary(
  services: Services,
  req: Request,
  view: DecisionBasisView,
  t: Translate,
) {
  const estimated = await services.caseEstimates.of(staffOf(req), view.applicationId);
  return {
    household: view.household && householdView(view.household, req, t),
    estimate: caseEstimateView(estimated, req, t),
    applied: [
      // The parts are named in Swedish, as in the application and the letter.
      ...view.parts.map((part) => ({
        label: part.label,
        value: formatOre(part.appliedOre),
        lang: 'sv',
      })),
      { label: t('decision.totalApplied'), value: formatOre(view.totalAppliedOre), total: true },
      { label: t('decision.income'), value: `− ${formatOre(view.incomeOre)}` },
    ],
  };
}
