import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { logger } from '../../shared/lambda/logger.ts';
import { projectChange } from '../../shared/services/projections.ts';

/**
 * The table's stream → the queues' and reports' projections (shared/services/projections.ts).
 * Records are taken in order; at the first failure the rest of the batch is handed back (the
 * failed record's sequence number), so Lambda retries from there and nothing is skipped. A record
 * seen again changes nothing.
 */
export const handler = async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
  for (const record of event.Records) {
    try {
      await project(record);
    } catch (error) {
      logger.error('projection failed; the batch is retried from this record', { error: error as Error, sequence: record.dynamodb?.SequenceNumber });
      return { batchItemFailures: [{ itemIdentifier: record.dynamodb?.SequenceNumber ?? '' }] };
    }
  }
  return { batchItemFailures: [] };
};

async function project(record: DynamoDBRecord): Promise<void> {
  const keys = record.dynamodb?.Keys;
  const pk = keys?.PK?.S;
  const sk = keys?.SK?.S;
  const sequence = record.dynamodb?.SequenceNumber;
  if (!pk?.startsWith('COMPLAINT#') || !sk || !sequence) return;
  const image = record.dynamodb?.NewImage;
  await projectChange({
    complaintId: pk.slice('COMPLAINT#'.length),
    sortKey: sk,
    image: image ? unmarshall(image as Record<string, AttributeValue>) : undefined,
    sequence,
  });
}
