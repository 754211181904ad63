import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { FollowUp, FollowUpStatus } from '../domain/follow-up.ts';
import { key } from '../table-keys.ts';
import { db, isConditionFailure, tableName } from './db.ts';
import { eventPut, failedConditions, type TimelineEvent, type TransactItem } from './complaints.ts';

export type FollowUpWrite =
  | { ok: true }
  /** The follow-up is not in a status the change allows (or not the round it names). */
  | { ok: false; reason: 'STATE' }
  /** One of the extra items' conditions failed (a signed link used before). */
  | { ok: false; reason: 'EXTRA'; index: number };

/**
 * Change the complaint's follow-up with one conditional write, with its timeline entry (if any) and any
 * extra items (a signed link's use) in the same transaction. `create` writes the whole follow-up
 * where none is recorded for the complaint; otherwise the named fields are set, only while the
 * follow-up of `round` is in one of the statuses `from`. Nothing is written when a condition fails.
 */
export async function writeFollowUp(
  complaintId: string,
  change: { create: FollowUp } | { round: number; from: readonly FollowUpStatus[]; set: Partial<FollowUp> },
  event: TimelineEvent | undefined,
  extraItems: TransactItem[] = [],
): Promise<FollowUpWrite> {
  const names: Record<string, string> = { '#fu': 'followUp' };
  const values: Record<string, unknown> = {};
  let update: string;
  let condition: string;
  if ('create' in change) {
    values[':fu'] = change.create;
    values[':closed'] = 'CLOSED';
    names['#status'] = 'status';
    update = 'SET #fu = :fu';
    condition = 'attribute_exists(PK) AND #status = :closed AND attribute_not_exists(#fu)';
  } else {
    names['#st'] = 'status';
    names['#round'] = 'round';
    values[':round'] = change.round;
    change.from.forEach((s, i) => { values[`:from${i}`] = s; });
    const sets = Object.entries(change.set).filter(([, v]) => v !== undefined).map(([field, value], i) => {
      names[`#f${i}`] = field;
      values[`:f${i}`] = value;
      return `#fu.#f${i} = :f${i}`;
    });
    update = `SET ${sets.join(', ')}`;
    condition = `#fu.#round = :round AND #fu.#st IN (${change.from.map((_, i) => `:from${i}`).join(', ')})`;
  }
  try {
    await db.send(new TransactWriteCommand({
      TransactItems: [
        {
          Update: {
            TableName: tableName, Key: key.complaint(complaintId), UpdateExpression: update, ConditionExpression: condition,
            ExpressionAttributeNames: names, ExpressionAttributeValues: values,
          },
        },
        ...extraItems,
        ...(event ? [eventPut(complaintId, event)] : []),
      ],
    }));
    return { ok: true };
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    const failed = failedConditions(error);
    const extra = [...(failed ?? [])].find((i) => i >= 1 && i <= extraItems.length);
    if (extra !== undefined && !failed?.has(0)) return { ok: false, reason: 'EXTRA', index: extra - 1 };
    return { ok: false, reason: 'STATE' };
  }
}
