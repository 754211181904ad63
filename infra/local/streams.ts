import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand, DynamoDBStreamsClient, GetRecordsCommand, GetShardIteratorCommand, type _Record, type Shard,
} from '@aws-sdk/client-dynamodb-streams';
import type { StreamConsumer } from './cloud-model.ts';
import type { LambdaHost } from './lambda-host.ts';
import { LOCAL_REGION } from './cloud-model.ts';

/**
 * The table's stream → its consumer functions, as Lambda's event source mapping does it in AWS:
 * DynamoDB Local keeps the stream (same API as DynamoDB Streams); this polls every shard, keeps
 * the records that match the mapping's filters (the synthesized patterns), hands them over in
 * order in batches of the mapping's size, and on a reported failure retries from the failed
 * record (ReportBatchItemFailures) until the mapping's retry limit, after which the records are
 * logged as given up (AWS: the on-failure queue). How far each shard was read is kept in
 * `checkpointFile` when data is kept, so a restart neither reprocesses nor skips.
 *
 * No maintained emulator runs stream mappings without Docker (LocalStack does, in a container);
 * this is the one piece of the local cloud written by hand for it.
 */
export class LocalStreamMappings {
  private readonly streams: DynamoDBStreamsClient;
  private readonly dynamodb: DynamoDBClient;
  private readonly shards = new Map<string, { iterator?: string; closed: boolean; pending: _Record[]; attempts: number; retryAt: number }>();
  private readonly checkpoints: Record<string, string>;
  private streamArn?: string;
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;
  /** Rounds of polling completed; `settled` waits for rounds that found nothing left to do. */
  private idleRounds = 0;
  private rounds = 0;

  constructor(private readonly options: {
    endpoint: string;
    accessKeyId: string;
    tableName: string;
    /** The table's stream mapping (the template has at most one: cloud-model.ts). */
    consumer?: StreamConsumer;
    host: LambdaHost;
    checkpointFile?: string;
    pollIntervalMs?: number;
    retryIntervalMs?: number;
  }) {
    const config = { endpoint: options.endpoint, region: LOCAL_REGION, credentials: { accessKeyId: options.accessKeyId, secretAccessKey: 'local' } };
    this.streams = new DynamoDBStreamsClient(config);
    this.dynamodb = new DynamoDBClient(config);
    this.checkpoints = options.checkpointFile && existsSync(options.checkpointFile)
      ? JSON.parse(readFileSync(options.checkpointFile, 'utf8')) as Record<string, string>
      : {};
  }

  start(): void {
    if (!this.options.consumer) return;
    const tick = () => {
      this.running = this.poll()
        .catch((error: Error) => { if (!this.stopped) console.error('local cloud: stream polling failed:', error.message); })
        .finally(() => { if (!this.stopped) this.timer = setTimeout(tick, this.options.pollIntervalMs ?? 100); });
    };
    tick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
    this.streams.destroy();
    this.dynamodb.destroy();
  }

  /** Resolves once every change made before the call has been handed to the consumer. */
  async settled(timeoutMs = 20_000): Promise<void> {
    if (!this.options.consumer) return;
    const deadline = Date.now() + timeoutMs;
    const startRound = this.rounds;
    // Two idle rounds that both started after the call: nothing was left in any shard.
    while (!(this.rounds > startRound + 1 && this.idleRounds >= 2)) {
      if (Date.now() > deadline) throw new Error('local cloud: the stream consumer did not catch up in time');
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  private async poll(): Promise<void> {
    this.streamArn ??= (await this.dynamodb.send(new DescribeTableCommand({ TableName: this.options.tableName }))).Table?.LatestStreamArn;
    if (!this.streamArn) throw new Error(`table ${this.options.tableName} has no stream`);
    let busy = false;
    // Every shard, page by page (a long-lived stream has many closed ones).
    const shards: Shard[] = [];
    let after: string | undefined;
    do {
      const { StreamDescription } = await this.streams.send(new DescribeStreamCommand({ StreamArn: this.streamArn, ExclusiveStartShardId: after }));
      shards.push(...(StreamDescription?.Shards ?? []));
      after = StreamDescription?.LastEvaluatedShardId;
    } while (after);
    for (const shard of shards) {
      const id = shard.ShardId!;
      if (!this.shards.has(id)) this.shards.set(id, { closed: false, pending: [], attempts: 0, retryAt: 0 });
      const state = this.shards.get(id)!;
      if (state.closed && state.pending.length === 0) continue;
      // A child shard waits until its parent has been read to the end (order per item).
      const parent = shard.ParentShardId ? this.shards.get(shard.ParentShardId) : undefined;
      if (parent && !(parent.closed && parent.pending.length === 0)) { busy = true; continue; }
      if (state.pending.length === 0 && !state.closed) {
        if (!state.iterator) {
          const after = this.checkpoints[id];
          state.iterator = (await this.streams.send(new GetShardIteratorCommand({
            StreamArn: this.streamArn, ShardId: id,
            ...(after ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: after } : { ShardIteratorType: 'TRIM_HORIZON' }),
          }))).ShardIterator;
        }
        let out;
        try {
          out = await this.streams.send(new GetRecordsCommand({ ShardIterator: state.iterator, Limit: 1000 }));
        } catch (error) {
          const name = (error as Error).name;
          // An iterator lives 15 minutes (a laptop that slept); records older than a day are trimmed
          // (a checkpoint from last week): start again from the checkpoint, or what is still there.
          if (name !== 'ExpiredIteratorException' && name !== 'TrimmedDataAccessException') throw error;
          if (name === 'TrimmedDataAccessException') delete this.checkpoints[id];
          state.iterator = undefined;
          busy = true;
          continue;
        }
        state.pending = out.Records ?? [];
        state.iterator = out.NextShardIterator;
        if (!out.NextShardIterator) state.closed = true;
      }
      if (state.pending.length > 0) {
        busy = true;
        if (Date.now() >= state.retryAt) await this.deliver(id, state);
      }
    }
    this.rounds += 1;
    this.idleRounds = busy ? 0 : this.idleRounds + 1;
  }

  /** Hand the shard's pending records that match the mapping's filters to its function, in order, a batch at a time. */
  private async deliver(shardId: string, state: { pending: _Record[]; attempts: number; retryAt: number }): Promise<void> {
    const consumer = this.options.consumer!;
    while (state.pending.length > 0) {
      const batch = state.pending.slice(0, consumer.batchSize);
      const records = batch.map((r) => lambdaRecord(r, this.streamArn!))
        .filter((r) => consumer.filters.length === 0 || consumer.filters.some((p) => matches(p, r)));
      let failedAt: string | undefined;
      if (records.length > 0) {
        try {
          const result = await this.options.host.invoke(consumer.functionArn, { Records: records }) as { batchItemFailures?: { itemIdentifier: string }[] } | null;
          failedAt = result?.batchItemFailures?.[0]?.itemIdentifier;
        } catch (error) {
          failedAt = records[0]!.dynamodb.SequenceNumber;
          console.error('local cloud: stream consumer failed:', (error as Error).message);
        }
      }
      if (failedAt !== undefined) {
        state.attempts += 1;
        if (state.attempts <= consumer.maxRetryAttempts) {
          // Retry from the failed record (the ones before it are done), after a pause.
          const index = state.pending.findIndex((r) => r.dynamodb?.SequenceNumber === failedAt);
          state.pending = state.pending.slice(Math.max(0, index));
          state.retryAt = Date.now() + (this.options.retryIntervalMs ?? 1000);
          return;
        }
        console.error(`local cloud: gave up on stream records from ${failedAt} after ${consumer.maxRetryAttempts} retries (in AWS: the on-failure queue)`);
      }
      state.attempts = 0;
      state.pending = state.pending.slice(batch.length);
      const last = batch.at(-1)?.dynamodb?.SequenceNumber;
      if (last) this.checkpoint(shardId, last);
    }
  }

  private checkpoint(shardId: string, sequence: string): void {
    this.checkpoints[shardId] = sequence;
    if (this.options.checkpointFile) writeFileSync(this.options.checkpointFile, JSON.stringify(this.checkpoints));
  }
}

/** A stream record as Lambda hands it to a function (DynamoDB JSON images, epoch seconds). */
function lambdaRecord(record: _Record, streamArn: string) {
  const d = record.dynamodb ?? {};
  return {
    eventID: record.eventID,
    eventName: record.eventName,
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: LOCAL_REGION,
    dynamodb: {
      ...d,
      ...(d.NewImage ? { NewImage: repairEmptyMaps(d.NewImage) } : {}),
      ...(d.OldImage ? { OldImage: repairEmptyMaps(d.OldImage) } : {}),
      ApproximateCreationDateTime: d.ApproximateCreationDateTime ? Math.floor(new Date(d.ApproximateCreationDateTime).getTime() / 1000) : undefined,
    },
    eventSourceARN: streamArn,
  };
}

/**
 * The SDK's stream client reads an empty map attribute ({"M":{}} on the wire) as `{}`, which is no
 * attribute value at all; Lambda hands the wire form to functions. Put the map back.
 */
function repairEmptyMaps(image: Record<string, unknown>): Record<string, unknown> {
  const repair = (value: unknown): unknown => {
    if (typeof value !== 'object' || value === null) return value;
    const v = value as Record<string, unknown>;
    if (Object.keys(v).length === 0) return { M: {} };
    if (v.M) return { M: repairEmptyMaps(v.M as Record<string, unknown>) };
    if (Array.isArray(v.L)) return { L: v.L.map(repair) };
    return v;
  };
  return Object.fromEntries(Object.entries(image).map(([k, v]) => [k, repair(v)]));
}

/**
 * Lambda event filtering, for the pattern forms the stack uses: a list of accepted values
 * (exact strings or `{ prefix }`) at a leaf, nested objects otherwise.
 */
export function matches(pattern: unknown, value: unknown): boolean {
  if (Array.isArray(pattern)) {
    return pattern.some((accepted) => {
      if (typeof accepted === 'object' && accepted !== null && 'prefix' in accepted) {
        return typeof value === 'string' && value.startsWith(String((accepted as { prefix: string }).prefix));
      }
      return value === accepted;
    });
  }
  if (typeof pattern === 'object' && pattern !== null) {
    if (typeof value !== 'object' || value === null) return false;
    return Object.entries(pattern).every(([k, p]) => matches(p, (value as Record<string, unknown>)[k]));
  }
  return false;
}
