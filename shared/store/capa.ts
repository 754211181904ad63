import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Capa } from '../domain/capa.ts';
import { conflict, DomainError } from '../domain/errors.ts';
import { key } from '../table-keys.ts';
import { eventPut, failedConditions, type TimelineEvent, type TransactItem } from './complaints.ts';
import { db, tableName } from './db.ts';

/** A complaint's CAPA as stored; version 0 and no `capa` until someone records it. */
export interface StoredCapa { complaintId: string; version: number; capa?: Capa; updatedBy?: string; updatedAt?: string }

export async function getCapa(complaintId: string): Promise<StoredCapa> {
  const out = await db.send(new GetCommand({ TableName: tableName, Key: key.capa(complaintId), ConsistentRead: true }));
  if (!out.Item) return { complaintId, version: 0 };
  return { complaintId, version: Number(out.Item.version), capa: out.Item.capa as Capa, updatedBy: out.Item.updatedBy, updatedAt: out.Item.updatedAt };
}

/**
 * Save the CAPA if nobody saved since `expectedVersion` (optimistic concurrency) and the complaint
 * is not closed, in one transaction with its timeline entry. Nothing is written otherwise.
 */
export async function saveCapa(complaintId: string, capa: Capa, expectedVersion: number, event: TimelineEvent): Promise<StoredCapa> {
  const version = expectedVersion + 1;
  const stored: StoredCapa = { complaintId, version, capa, updatedBy: event.actor, updatedAt: event.at };
  try {
    await db.send(new TransactWriteCommand({
      TransactItems: [
        {
          Put: {
            TableName: tableName,
            Item: { ...key.capa(complaintId), entity: 'Capa', ...stored },
            ConditionExpression: expectedVersion === 0 ? 'attribute_not_exists(PK)' : 'version = :expected',
            ExpressionAttributeValues: expectedVersion === 0 ? undefined : { ':expected': expectedVersion },
          },
        },
        {
          ConditionCheck: {
            TableName: tableName,
            Key: key.complaint(complaintId),
            ConditionExpression: 'attribute_exists(PK) AND #status <> :closed',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':closed': 'CLOSED' },
          },
        },
        eventPut(complaintId, event),
      ],
    }));
  } catch (error) {
    const failed = failedConditions(error);
    if (failed?.has(0)) throw staleVersion(expectedVersion);
    if (failed?.has(1)) throw conflict(`complaint ${complaintId} is closed; its CAPA no longer changes`);
    throw error;
  }
  return stored;
}

export const staleVersion = (expectedVersion: number) =>
  new DomainError('Conflict', `the CAPA changed since version ${expectedVersion}; reload and try again`, 409, 'body.expectedVersion');

/**
 * Mark preventive actions (by position in the stored CAPA, read at `version`) as fed back to the
 * customer, as part of the transaction that records the response's delivery. The version moves
 * on, so a concurrent CAPA edit made on the old version is refused rather than dropping the marks.
 */
export function fedBackUpdate(complaintId: string, version: number, positions: readonly number[], at: string, revision: number): TransactItem {
  const names: Record<string, string> = { '#capa': 'capa', '#pa': 'preventiveActions', '#at': 'fedBackAt', '#rev': 'fedBackRevision' };
  const sets = positions.flatMap((i) => [`#capa.#pa[${i}].#at = :at`, `#capa.#pa[${i}].#rev = :rev`]);
  return {
    Update: {
      TableName: tableName,
      Key: key.capa(complaintId),
      UpdateExpression: `SET ${sets.join(', ')}, version = :next`,
      ConditionExpression: 'version = :version',
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: { ':at': at, ':rev': revision, ':version': version, ':next': version + 1 },
    },
  };
}
