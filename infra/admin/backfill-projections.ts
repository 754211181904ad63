/**
 * `npm run backfill-projections [-- --region eu-west-1] [--stack ComplaintData | --table NAME]`
 *
 * The work queues and reports read projections that the stream consumer keeps from every change
 * (shared/services/projections.ts). Complaints that were last changed before the stream existed
 * (a deployment upgraded to this version) have none. This walks the table once with the
 * operator's AWS credentials and projects each complaint's items as if the stream had delivered
 * them, with sequence number 0: an item the consumer has already projected keeps its projection
 * (its sequence is later), so running it while the system is live, or twice, changes nothing it
 * should not. The local cloud runs it by itself when it upgrades a table kept from an earlier
 * version.
 *
 * A Scan, deliberately: this is a one-off maintenance walk over every item, never a user's path.
 */
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';

/** Project every complaint item of the table (TABLE_NAME) not yet projected. Returns how many items were looked at. */
export async function backfillProjections(log: (line: string) => void = () => {}): Promise<{ items: number; applied: number }> {
  const { ScanCommand } = await import('@aws-sdk/lib-dynamodb');
  const { db, tableName } = await import('../../shared/store/db.ts');
  const { projectChange } = await import('../../shared/services/projections.ts');
  let start: Record<string, unknown> | undefined;
  let items = 0;
  let applied = 0;
  do {
    const out = await db.send(new ScanCommand({
      TableName: tableName,
      // The sources of projections only (shared/domain/projections.ts, PROJECTION_STREAM_FILTERS).
      FilterExpression: 'begins_with(PK, :complaint) AND (SK IN (:complaintItem, :capa) OR begins_with(SK, :task) OR (begins_with(SK, :delivery) AND #status = :sent))',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':complaint': 'COMPLAINT#', ':complaintItem': 'COMPLAINT', ':capa': 'CAPA', ':task': 'TASK#', ':delivery': 'DELIVERY#', ':sent': 'SENT' },
      ExclusiveStartKey: start,
    }));
    for (const item of out.Items ?? []) {
      items += 1;
      const outcome = await projectChange({
        complaintId: String(item.PK).slice('COMPLAINT#'.length), sortKey: String(item.SK), image: item, sequence: '0',
      });
      if (outcome === 'APPLIED') applied += 1;
    }
    start = out.LastEvaluatedKey;
    log(`backfill: ${items} items looked at, ${applied} projected`);
  } while (start);
  return { items, applied };
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
  const { items, applied } = await backfillProjections((line) => console.log(line));
  console.log(`done: ${items} items looked at, ${applied} projected into the queues' views.`);
}
