import type { DraftValues, FormDefinition } from '../forms/types';

/**
 * The answers among `paths` that the form's postal address is made of: those without which it
 * reads otherwise. Asked of the form's own hook, so no form's fields are named here.
 */
export function addressPaths(
  form: FormDefinition,
  answers: DraftValues,
  paths: readonly string[],
): Set<string> {
  const { hooks } = form;
  if (!hooks.postalAddress) return new Set();
  const address = (values: DraftValues) => JSON.stringify(hooks.postalAddress?.(values));
  const lines = address(answers);
  return new Set(
    paths.filter((path) => {
      const [stepId = '', field = '', ...rest] = path.split('.');
      // An address is one answer per field of a step, never a row of a group.
      if (rest.length > 0 || !(field in (answers[stepId] ?? {}))) return false;
      const others = { ...answers[stepId] };
      Reflect.deleteProperty(others, field);
      return address({ ...answers, [stepId]: others }) !== lines;
    }),
  );
}
