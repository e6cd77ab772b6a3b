import { withAnswerValues } from '../forms/answer-texts';
import { conditionHolds } from '../forms/conditions';
import { canOpen, isComplete, undecidedSteps, visibleSteps } from '../forms/journey';
import type { Draft, FormDefinition, Step } from '../forms/types';
import { hasMessage, type Language, type MessageKey, type Translate } from '../locales';
import { journeyPaths } from './application-paths';

/**
 * A step's optional text (`intro`, `statement`), in the variant that fits: for a logged-in
 * applicant, who sends electronically (`<part>.loggedIn`), then the step's own variant while its
 * condition holds (`<part>.<name>`), else the plain one. Undefined when the step has none.
 */
export function stepText(
  language: Language,
  t: Translate,
  page: { form: FormDefinition; draft: Draft; step: Step; loggedIn: boolean },
  part: string,
): string | undefined {
  const { form, draft, step } = page;
  const variants = [
    ...(page.loggedIn ? ['loggedIn'] : []),
    ...(step.textVariant && conditionHolds(step.textVariant.showIf, {}, draft.values)
      ? [step.textVariant.name]
      : []),
  ];
  const found = [...variants.map((variant) => `${part}.${variant}`), part]
    .map((name) => `${form.messagePrefix}.${step.id}.${name}`)
    .find((key) => hasMessage(language, key));
  return found ? withAnswerValues(t, form, draft.values)(found as MessageKey) : undefined;
}

/**
 * "Visa alla steg": the steps that apply, in order, and among them a step that may still come,
 * with when it does ("Medsökande (bara om du är gift eller sambo)").
 */
export function stepList(
  language: Language,
  t: Translate,
  form: FormDefinition,
  draft: Draft,
  step: Step,
) {
  const paths = journeyPaths(form);
  const shown = new Set([...visibleSteps(form, draft.values), ...undecidedSteps(form, draft)]);
  return form.steps
    .filter((each) => shown.has(each))
    .map((each) => {
      const title = t(`${form.messagePrefix}.${each.id}.title` as MessageKey);
      const when = `${form.messagePrefix}.${each.id}.when`;
      const undecided = !visibleSteps(form, draft.values).includes(each);
      return {
        title:
          undecided && hasMessage(language, when) ? `${title} (${t(when as MessageKey)})` : title,
        href: !undecided && canOpen(form, draft, each) ? paths.step(each.id) : undefined,
        done: isComplete(draft, each),
        current: each === step,
      };
    });
}
