import type { RulesUpdate } from '../api/contract.ts';
import type { Person } from '../domain/model.ts';
import { saveRules } from '../store/rules.ts';

export { getRules as readRules } from '../store/rules.ts';

/** New rules apply to complaints classified from now on; running ones keep their snapshot. */
export async function replaceRules(update: RulesUpdate, actor: Person, now = new Date()) {
  return saveRules(update.rules, update.expectedVersion, actor.personId, now);
}
