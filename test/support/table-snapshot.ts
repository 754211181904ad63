import { ScanCommand } from '@aws-sdk/lib-dynamodb';

/**
 * Every item of the test's table, sorted, as one string: equal snapshots before and after a
 * request mean it wrote nothing. (A Scan is fine here: a test table holds a few hundred items.)
 */
export async function tableSnapshot(): Promise<string> {
  const { db, tableName } = await import('../../shared/store/db.ts');
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await db.send(new ScanCommand({ TableName: tableName, ExclusiveStartKey: start, ConsistentRead: true }));
    items.push(...(out.Items ?? []));
    start = out.LastEvaluatedKey;
  } while (start);
  return items.map((i) => JSON.stringify(i, Object.keys(i).sort())).sort().join('\n');
}
