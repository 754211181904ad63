/**
 * `npm run bench` — measures, never asserts:
 *  1. each Lambda's bundle (the esbuild options of infra/complaint-function.ts, SDK included) in KiB, and its cold import time in a
 *     fresh Node process (module load + configuration, the part of a cold start we control);
 *  2. complaints driven from the call to CLOSED through the local cloud (in memory): API latency
 *     percentiles and the wall time of whole lifecycles, N at once;
 *  3. a recall storm: BENCH_STORM (default 200) callers create complaints through the API at the
 *     same moment — accepted, 5xx, latency — against the same number of raw DynamoDB Local
 *     transactions writing the same items in the same run (the floor: what the store alone costs).
 *  4. the work queues and reports at 1,000 and then 100,000 complaints (BENCH_QUEUE_SIZES): read
 *     capacity and latency per endpoint, and the ratio between the sizes (infra/local/bench-queues.ts).
 *  5. the web console's JavaScript: what the first screen loads and each lazily loaded chunk, in KiB
 *     raw and gzip (a Vite build of web/, as `npm start` and CDK make it).
 * BENCH_ONLY=queues runs part 4 alone. Results are printed and written to .local/bench.json.
 */
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildLocalModel } from './cloud-model.ts';
import { startLocalCloud } from './cloud.ts';
import { repoRoot, synthesizeTemplates } from './synth.ts';

const ONLY_QUEUES = process.env.BENCH_ONLY === 'queues';
const COMPLAINTS = Number(process.env.BENCH_COMPLAINTS ?? (ONLY_QUEUES ? 0 : 10));
const templates = synthesizeTemplates();
// Bundles do not depend on physical ids; the identity provider's are not needed here.
const model = buildLocalModel(templates);

// 1. Bundles and cold imports.
const out = mkdtempSync(path.join(tmpdir(), 'bench-bundles-'));
const bundles: { fn: string; kib: number; coldImportMs: number }[] = [];
for (const fn of ONLY_QUEUES ? [] : model.functions.values()) {
  const file = path.join(out, `${fn.logicalId}.mjs`);
  await build({
    entryPoints: [path.join(repoRoot, fn.entry)], outfile: file, bundle: true, platform: 'node', format: 'esm', target: 'node24', minify: true,
    banner: { js: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);" }, logLevel: 'silent',
  });
  const env = { ...process.env, ...fn.environment, AWS_REGION: 'us-east-1', POWERTOOLS_LOG_LEVEL: 'SILENT' };
  const samples = [0, 1, 2].map(() => Number(execFileSync(process.execPath, ['--input-type=module', '-e',
    `const t = performance.now(); await import(${JSON.stringify(`file://${file}`)}); console.log(performance.now() - t);`], { env }).toString()));
  bundles.push({ fn: fn.path.split('/').at(-2) ?? fn.logicalId, kib: Math.round(statSync(file).size / 102.4) / 10, coldImportMs: Math.round(Math.min(...samples)) });
}
console.table(bundles);

// 2. Lifecycles through the local cloud.
const cloud = await startLocalCloud({ templates, seed: true, retryIntervalMs: 0 });
const latencies: Record<string, number[]> = {};
// Each person signs in once, as the console would, before the clock starts.
const tokens = Object.fromEntries(await Promise.all(['agent.wang', 'service.zhao', 'quality.liu', 'tech.zhou', 'sales.li']
  .map(async (p) => [p, await cloud.signIn(p)] as const)));
async function call(name: string, method: string, url: string, person: string, body?: unknown) {
  const t = performance.now();
  const res = await fetch(`${cloud.endpoints.api}${url}`, {
    method, headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[person]}` }, body: body === undefined ? undefined : JSON.stringify(body),
  });
  (latencies[name] ??= []).push(performance.now() - t);
  if (!res.ok) throw new Error(`${name} ${res.status}: ${await res.text()}`);
  return res.json() as Promise<any>;
}
async function until(id: string, status: string) {
  for (;;) {
    const r = await call('GetComplaint', 'GET', `/complaints/${id}`, 'service.zhao');
    if (r.complaint.status === status) return r;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
const { putDocument } = await import('../../shared/store/master-data.ts');
const { sampleDocuments } = await import('./sample-data.ts');
const lifecycle = async (n: number) => {
  const t = performance.now();
  await putDocument({ ...sampleDocuments[0]!, number: `DN-BENCH-${n}`, serialNumber: `SN-BENCH-${n}` });
  const { complaintId } = await call('CreateComplaint', 'POST', '/complaints', 'agent.wang', {
    documentNumber: `DN-BENCH-${n}`, description: 'Bench: white line on the screen', customerRequirements: 'on site', urgency: 'URGENT', category: 'PRODUCT_QUALITY',
  });
  await until(complaintId, 'AWAITING_PLAN');
  await call('SubmitPlan', 'POST', `/complaints/${complaintId}/plan`, 'quality.liu', {
    summary: 'bench', tasks: [{ title: 'Site visit', assigneeId: 'tech.zhou', dueAt: new Date(Date.now() + 3600_000).toISOString() }],
  });
  await call('SaveCapa', 'PUT', `/complaints/${complaintId}/capa`, 'quality.liu', {
    expectedVersion: 0,
    capa: {
      containment: 'bench', rootCause: { category: 'METHOD', description: 'bench' },
      preventiveActions: [{ id: 'PA1', description: 'bench', ownerId: 'tech.zhou', dueAt: new Date(Date.now() + 30 * 86_400_000).toISOString(), status: 'PLANNED' }],
    },
  });
  await call('CompleteTask', 'POST', `/complaints/${complaintId}/tasks/T1/complete`, 'tech.zhou', { notes: 'done' });
  const drafted = await until(complaintId, 'AWAITING_SALES_CONFIRMATION');
  await call('SalesDecision', 'POST', `/complaints/${complaintId}/sales-decision`, 'sales.li', { decision: 'CONFIRM', contentHash: drafted.complaint.response.contentHash });
  await until(complaintId, 'CLOSED');
  return performance.now() - t;
};
const started = performance.now();
const durations = await Promise.all(Array.from({ length: COMPLAINTS }, (_, n) => lifecycle(n)));
const wall = performance.now() - started;

// 3. Recall storm, then the same writes as raw transactions.
const STORM = Number(process.env.BENCH_STORM ?? (ONLY_QUEUES ? 0 : 200));
for (let n = 0; n < STORM; n++) await putDocument({ ...sampleDocuments[0]!, number: `DN-STORM-${n}`, serialNumber: `SN-STORM-${n}` });
const stormStatuses: number[] = [];
const stormLatencies: number[] = [];
const stormStarted = performance.now();
await Promise.all(Array.from({ length: STORM }, async (_, n) => {
  const t = performance.now();
  const res = await fetch(`${cloud.endpoints.api}/complaints`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens['agent.wang']}`, 'idempotency-key': `bench-storm-${n}` },
    body: JSON.stringify({ documentNumber: `DN-STORM-${n}`, description: 'Recall: battery swelling', customerRequirements: 'replace', urgency: 'URGENT', category: 'PRODUCT_QUALITY' }),
  });
  await res.text();
  stormLatencies.push(performance.now() - t);
  stormStatuses.push(res.status);
}));
const stormWall = performance.now() - stormStarted;

const { TransactWriteCommand } = await import('@aws-sdk/lib-dynamodb');
const { db, tableName } = await import('../../shared/store/db.ts');
const rawLatencies: number[] = [];
const rawStarted = performance.now();
await Promise.all(Array.from({ length: STORM }, async (_, n) => {
  const t = performance.now();
  const id = `RAW-${n}`;
  const at = new Date().toISOString();
  // The items one creation writes: complaint, first timeline entry, two open-case markers, idempotency record.
  await db.send(new TransactWriteCommand({
    TransactItems: [
      { Put: { TableName: tableName, Item: { PK: `COMPLAINT#${id}`, SK: 'COMPLAINT', complaintId: id, customerCode: 'SY001', description: 'Recall: battery swelling', receivedAt: at }, ConditionExpression: 'attribute_not_exists(PK)' } },
      { Put: { TableName: tableName, Item: { PK: `COMPLAINT#${id}`, SK: `EVENT#${at}#0001`, type: 'RECEIVED', at } } },
      { Put: { TableName: tableName, Item: { PK: `OPEN#RAW#DOC#${n}`, SK: 'OPEN', complaintId: id }, ConditionExpression: 'attribute_not_exists(PK)' } },
      { Put: { TableName: tableName, Item: { PK: `OPEN#RAW#SERIAL#${n}`, SK: 'OPEN', complaintId: id }, ConditionExpression: 'attribute_not_exists(PK)' } },
      { Put: { TableName: tableName, Item: { PK: `IDEMPOTENCY#raw#${n}`, SK: 'IDEMPOTENCY', complaintId: id, at }, ConditionExpression: 'attribute_not_exists(PK)' } },
    ],
  }));
  rawLatencies.push(performance.now() - t);
}));
const rawWall = performance.now() - rawStarted;

// 4. Work queues and reports at growing table sizes.
const { measureEndpoints, seedBenchComplaints, seedBenchMasterData } = await import('./bench-queues.ts');
const sizes = (process.env.BENCH_QUEUE_SIZES ?? '1000,100000').split(',').map(Number);
const year = new Date().getUTCFullYear();
await seedBenchMasterData();
const queueRuns: { complaints: number; seedMs: number; endpoints: Awaited<ReturnType<typeof measureEndpoints>> }[] = [];
let seeded = 0;
for (const size of sizes) {
  const t = performance.now();
  await seedBenchComplaints(seeded, size, year);
  seeded = size;
  const seedMs = Math.round(performance.now() - t);
  console.log(`queues: seeded ${size} complaints (${seedMs} ms)`);
  queueRuns.push({ complaints: size, seedMs, endpoints: await measureEndpoints(cloud, year) });
}
await cloud.stop();
const [small, large] = [queueRuns[0]!, queueRuns.at(-1)!];
const ratio = (a: number, b: number) => (a > 0 ? Math.round((b / a) * 100) / 100 : null);
const queues = small.endpoints.map((e, i) => {
  const big = large.endpoints[i]!;
  return {
    endpoint: e.endpoint,
    [`readUnits@${small.complaints}`]: e.readUnits, [`readUnits@${large.complaints}`]: big.readUnits, readUnitsRatio: ratio(e.readUnits, big.readUnits),
    [`p50ms@${small.complaints}`]: e.p50ms, [`p50ms@${large.complaints}`]: big.p50ms, latencyRatio: ratio(e.p50ms, big.p50ms),
  };
});
console.log(`work queues and reports: read capacity and latency at ${small.complaints} and ${large.complaints} complaints (target: read-units ratio ≤ 1.1)`);
console.table(queues);

const pct = (xs: number[], p: number) => (xs.length ? Math.round([...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length - 1) * p))]!) : 0);
const api = Object.entries(latencies).map(([route, xs]) => ({ route, calls: xs.length, p50ms: pct(xs, 0.5), p95ms: pct(xs, 0.95) }));
console.table(api);
const lifecycles = { complaints: COMPLAINTS, concurrent: COMPLAINTS, wallMs: Math.round(wall), p50ms: pct(durations, 0.5), p95ms: pct(durations, 0.95) };
console.log('lifecycles (call → CLOSED, local cloud):', lifecycles);

const accepted = stormStatuses.filter((s) => s === 201).length;
const recallStorm = {
  callers: STORM,
  accepted,
  serverErrors: stormStatuses.filter((s) => s >= 500).length,
  busy503: stormStatuses.filter((s) => s === 503).length,
  wallMs: Math.round(stormWall), p50ms: pct(stormLatencies, 0.5), p95ms: pct(stormLatencies, 0.95),
  raw: { transactions: STORM, wallMs: Math.round(rawWall), p50ms: pct(rawLatencies, 0.5), p95ms: pct(rawLatencies, 0.95) },
  // How much the whole path (HTTP, sign-in check, validation, numbering, starting the workflow) costs over the bare writes.
  ratio: { wall: Math.round((stormWall / rawWall) * 10) / 10, p50: Math.round((pct(stormLatencies, 0.5) / Math.max(1, pct(rawLatencies, 0.5))) * 10) / 10 },
};
console.log('recall storm (simultaneous creations through the API vs raw DynamoDB Local transactions):', recallStorm);

// The console: the entry chunk (what the sign-in screen needs) and the chunks screens load later.
const { buildConsole } = await import('./console.ts');
const consoleDir = await buildConsole(mkdtempSync(path.join(tmpdir(), 'bench-console-')));
const { gzipSync } = await import('node:zlib');
const { readdirSync, readFileSync } = await import('node:fs');
const html = readFileSync(path.join(consoleDir, 'index.html'), 'utf8');
const webConsole = readdirSync(path.join(consoleDir, 'assets')).filter((f) => f.endsWith('.js')).map((f) => {
  const bytes = readFileSync(path.join(consoleDir, 'assets', f));
  return { chunk: f.replace(/-[\w-]{8}\.js$/, ''), initial: html.includes(f), kib: Math.round(bytes.length / 102.4) / 10, gzipKib: Math.round(gzipSync(bytes).length / 102.4) / 10 };
}).sort((a, b) => Number(b.initial) - Number(a.initial) || b.kib - a.kib);
console.log('web console JavaScript (initial = loaded by the first screen; the rest when a screen opens):');
console.table(webConsole);

mkdirSync(path.join(repoRoot, '.local'), { recursive: true });
writeFileSync(path.join(repoRoot, '.local', 'bench.json'), JSON.stringify({ at: new Date().toISOString(), node: process.version, bundles, api, lifecycles, recallStorm, webConsole, queues: { runs: queueRuns.map((r) => ({ complaints: r.complaints, seedMs: r.seedMs })), endpoints: queues } }, null, 2));
console.log('written to .local/bench.json');
process.exit(0);
