import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { loadConfig, tableConfig } from '../config.ts';
import { tableKeys } from '../table-keys.ts';

/** One client per container; the endpoint comes from AWS_ENDPOINT_URL_DYNAMODB when set (local). */
export const db = DynamoDBDocumentClient.from(new DynamoDBClient({}), {
  marshallOptions: { removeUndefinedValues: true },
});

export const { TABLE_NAME: tableName } = loadConfig(tableConfig);

/** True when a conditional write (or a transaction) failed on its condition. */
export function isConditionFailure(error: unknown): boolean {
  const name = (error as { name?: string })?.name;
  if (name === 'ConditionalCheckFailedException') return true;
  if (name === 'TransactionCanceledException') {
    const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
    return reasons.some((r) => r.Code === 'ConditionalCheckFailed');
  }
  return false;
}

/**
 * A write that lost a race with another transaction on the same item (DynamoDB cancels it with
 * TransactionConflict): nothing was written; the caller may reload and try again.
 */
export function isTransactionConflict(error: unknown): boolean {
  const e = error as { name?: string; CancellationReasons?: { Code?: string }[] };
  return e?.name === 'TransactionCanceledException' && (e.CancellationReasons ?? []).some((r) => r.Code === 'TransactionConflict');
}

/** The table (or the service) is saturated: nothing was written; try again shortly. */
export function isThrottled(error: unknown): boolean {
  const name = (error as { name?: string })?.name;
  if (name === 'ProvisionedThroughputExceededException' || name === 'ThrottlingException' || name === 'RequestLimitExceeded') return true;
  const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
  return name === 'TransactionCanceledException' && reasons.some((r) => r.Code === 'ThrottlingError' || r.Code === 'ProvisionedThroughputExceeded');
}

/** The table's and every index's key attributes, and the item's entity tag: storage, not data. */
const storageAttributes = [
  tableKeys.partitionKey, tableKeys.sortKey, 'entity',
  ...Object.values(tableKeys.indexes).flatMap((index) => [index.partitionKey, index.sortKey]),
];

/** Strip the storage keys from an item before it leaves the store. */
export function withoutKeys<T>(item: Record<string, unknown> | undefined): T | undefined {
  if (!item) return undefined;
  const rest: Record<string, unknown> = { ...item };
  for (const name of storageAttributes) delete rest[name];
  return rest as T;
}
