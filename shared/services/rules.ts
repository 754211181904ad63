import type { RulesUpdate } from '../api/contract.ts';
import { getRules, saveRules } from '../store/rules.ts';
import { requireActor } from './people.ts';

const RULE_KEEPERS = ['GENERAL_MANAGER', 'MASTER_DATA_ADMIN'] as const;

export async function readRules(actorId: string | undefined) {
  await requireActor(actorId, [...RULE_KEEPERS, 'QUALITY_MANAGER', 'SERVICE_MANAGER']);
  return getRules();
}

/** New rules apply to complaints classified from now on; running ones keep their snapshot. */
export async function replaceRules(update: RulesUpdate, actorId: string | undefined, now = new Date()) {
  const actor = await requireActor(actorId, RULE_KEEPERS);
  return saveRules(update.rules, update.expectedVersion, actor.personId, now);
}
