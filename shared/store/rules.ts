import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { Rules, defaultRules } from '../domain/rules.ts';
import { conflict } from '../domain/errors.ts';
import { db, isConditionFailure, tableName } from './db.ts';

const rulesKey = { PK: 'CONFIG', SK: 'RULES' };

export interface StoredRules { rules: Rules; version: number; updatedBy?: string; updatedAt?: string }

/** The company's rules as stored, or the shipped defaults (version 0) until someone saves theirs. */
export async function getRules(): Promise<StoredRules> {
  const out = await db.send(new GetCommand({ TableName: tableName, Key: rulesKey, ConsistentRead: true }));
  if (!out.Item) return { rules: defaultRules, version: 0 };
  // Stored rules were validated on the way in; parsing again applies defaults of newer fields.
  return { rules: Rules.parse(out.Item.rules), version: Number(out.Item.version), updatedBy: out.Item.updatedBy, updatedAt: out.Item.updatedAt };
}

/** Save new rules if nobody saved since `expectedVersion` (optimistic concurrency). */
export async function saveRules(rules: Rules, expectedVersion: number, actor: string, now: Date): Promise<StoredRules> {
  const version = expectedVersion + 1;
  try {
    await db.send(new PutCommand({
      TableName: tableName,
      Item: { ...rulesKey, entity: 'Rules', rules, version, updatedBy: actor, updatedAt: now.toISOString() },
      ConditionExpression: expectedVersion === 0 ? 'attribute_not_exists(PK)' : 'version = :expected',
      ExpressionAttributeValues: expectedVersion === 0 ? undefined : { ':expected': expectedVersion },
    }));
  } catch (error) {
    if (isConditionFailure(error)) throw conflict(`the rules changed since version ${expectedVersion}; reload and try again`);
    throw error;
  }
  return { rules, version, updatedBy: actor, updatedAt: now.toISOString() };
}
