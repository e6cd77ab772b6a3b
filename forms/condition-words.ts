import type { MessageKey, Translate } from '../locales';
import { formatMonth } from './format';
import { fieldKey } from './messages';
import type {
  AnswerCondition,
  Field,
  FormDefinition,
  GroupField,
  Step,
  StepContext,
} from './types';
import { optionsOf } from './validate-field';

/** A same-page condition in words: the answers that decide it, and the question they answer. */
export interface ConditionWords {
  /** True when said as "not if …" (an answer rules the field out); false for "only if …". */
  notIf: boolean;
  answers: string;
  question: string;
}

export interface ConditionPlace {
  form: FormDefinition;
  step: Step;
  context: StepContext;
  t: Translate;
}

/**
 * The condition in words. Of "one of these" and "none of the others" the shorter is said: a
 * question for six kinds of housing of eight is "not if ”Har ingen bostad” or ”Annat”".
 */
export function conditionWords(
  { form, step, context, t }: ConditionPlace,
  condition: AnswerCondition,
  groupId: string | undefined,
): ConditionWords | undefined {
  const unless = 'notIn' in condition;
  const values = unless ? condition.notIn : condition.in;
  const group = groupId
    ? step.fields.find((field): field is GroupField => field.id === groupId)
    : undefined;
  const siblings: readonly Field[] = group ? group.fields : step.fields;
  const field = siblings.find((candidate) => candidate.id === condition.field);
  if (!field || field.type === 'group') return undefined;
  const path = groupId ? [step.id, groupId, field.id] : [step.id, field.id];
  const others = optionsOf(field, context).filter((option) => !values.includes(option));
  const flip = !unless && others.length > 0 && others.length < values.length;
  const said = flip ? others : values;
  const label = (value: string) => {
    if (field.type === 'yesNo') return t(value === 'ja' ? 'form.yes' : 'form.no');
    if (field.type === 'month') return formatMonth(value, t);
    return t(fieldKey(form, path, `option.${value}`) as MessageKey);
  };
  const quoted = said.map((value) => t('form.conditionalNote.quoted', { text: label(value) }));
  const answers =
    quoted.length > 1
      ? t('form.conditionalNote.either', {
          first: quoted.slice(0, -1).join(', '),
          last: quoted.at(-1) ?? '',
        })
      : (quoted[0] ?? '');
  const question = t(fieldKey(form, path, 'label') as MessageKey);
  return { notIf: unless || flip, answers, question };
}
