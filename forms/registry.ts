import { ekonomisktBistand } from './ekonomiskt-bistand';
import type { FormDefinition } from './types';

/** Every e-service form by id; a new e-service is a new definition here, not new routes. */
export const forms: Record<string, FormDefinition> = {
  [ekonomisktBistand.id]: ekonomisktBistand,
};
