/**
 * `npm run backfill-projections [-- --region eu-west-1] [--stack ComplaintData | --table NAME]`
 *
 * The work queues and reports read projections that the stream consumer keeps from every change
 * (shared/services/projections.ts). Complaints that were last changed before the stream existed
 * (a deployment upgraded to this version) have none, and a complaint whose stream records the
 * consumer gave up on may lag. This walks the table once with the operator's AWS credentials
 * and rebuilds each complaint's projections from its items as they are now, writing only where
 * they lack or differ (with the counters' difference, under the view's version): running it while
 * the system is live, or twice, changes nothing it should not. The local cloud runs it by itself
 * when it upgrades a table kept from an earlier version.
 *
 * A Scan, deliberately: this is a one-off maintenance walk over every item, never a user's path.
 */
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';

/** Rebuild the projections of every complaint of the table (TABLE_NAME) that lacks or differs from them. */
export async function backfillProjections(log: (line: string) => void = () => {}): Promise<{ complaints: number; applied: number }> {
  const { ScanCommand } = await import('@aws-sdk/lib-dynamodb');
  const { db, tableName } = await import('../../shared/store/db.ts');
  const { rebuildProjection } = await import('../../shared/services/projections.ts');
  let start: Record<string, unknown> | undefined;
  let complaints = 0;
  let applied = 0;
  do {
    const out = await db.send(new ScanCommand({
      TableName: tableName,
      FilterExpression: 'SK = :complaint AND begins_with(PK, :prefix)',
      ExpressionAttributeValues: { ':complaint': 'COMPLAINT', ':prefix': 'COMPLAINT#' },
      ProjectionExpression: 'complaintId',
      ExclusiveStartKey: start,
    }));
    for (const item of out.Items ?? []) {
      complaints += 1;
      if (await rebuildProjection(String(item.complaintId)) === 'APPLIED') applied += 1;
    }
    start = out.LastEvaluatedKey;
    log(`backfill: ${complaints} complaints looked at, ${applied} projected`);
  } while (start);
  return { complaints, applied };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({ options: { region: { type: 'string' }, stack: { type: 'string', default: 'ComplaintData' }, table: { type: 'string' } } });
  if (values.region) process.env.AWS_REGION = values.region;
  let table = values.table;
  if (!table) {
    const { CloudFormationClient, DescribeStacksCommand } = await import('@aws-sdk/client-cloudformation');
    const out = await new CloudFormationClient({}).send(new DescribeStacksCommand({ StackName: values.stack }));
    table = out.Stacks?.[0]?.Outputs?.find((o) => o.OutputKey === 'TableName')?.OutputValue;
    if (!table) throw new Error(`stack ${values.stack} has no TableName output; deploy it first, or pass --table`);
  }
  // The store reads its table name from the environment when it loads.
  process.env.TABLE_NAME = table;
  const { complaints, applied } = await backfillProjections((line) => console.log(line));
  console.log(`done: ${complaints} complaints looked at, ${applied} (re)projected into the queues' views.`);
}
