import { Agent, request as httpRequest } from 'node:http';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessMatrix, UNSIGNED_IN_ROUTES, type StaffRouteId } from '../../shared/api/access.ts';
import { contract, DEFAULT_MAX_BODY_BYTES, type RouteContract, type RouteId } from '../../shared/api/contract.ts';
import { parseKeyRing, signActionLink } from '../../shared/domain/action-links.ts';
import type { Role } from '../../shared/domain/model.ts';
import { signWebhook } from '../../shared/domain/signature.ts';
import { localSecretValue } from '../../infra/local/aws-endpoints.ts';
import { samplePeople } from '../../infra/local/sample-data.ts';
import { routes, type RouteDefinition } from '../../infra/routes.ts';
import { lifecycleDriver } from '../support/lifecycle-driver.ts';
import { everyPlaceholderTemplate } from '../support/docx-fixtures.ts';
import {
  bodyMutations, jsonSchemaOf, pathSegmentMutations, queryMutations, serialize, type BodyMutant, type JsonSchema,
} from '../support/request-mutations.ts';
import { tableSnapshot } from '../support/table-snapshot.ts';
import { inSeconds, sendEmail, startTestCloud } from '../support/test-cloud.ts';
import { mimeMessage } from '../support/mime-fixtures.ts';

/**
 * Property-based tests at the edges (issue 8): for every route of infra/routes.ts, malformed
 * requests — a valid sample request with one thing spoilt, derived from the route's schemas in
 * shared/api/contract.ts — are a 4xx (never a 5xx, never a 2xx; a 401/403 only where the
 * spoilt part is what authenticates the request) and leave the table byte-identical. Each
 * route's valid sample is sent last and must be accepted, so a generator that is refused for
 * the wrong reason (a bad token, a wrong state) cannot pass.
 *
 * The seed is random per run and printed; replay a run with FUZZ_SEED=<seed>.
 */
const SEED = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
const BATCHES = Number(process.env.FUZZ_BATCHES ?? 8);
const BATCH_SIZE = 5;
console.log(`fuzz.test.ts: seed ${SEED} (replay with FUZZ_SEED=${SEED}), ${BATCHES} batches of ${BATCH_SIZE} requests per route`);

let cloud: Awaited<ReturnType<typeof startTestCloud>>;
const agent = new Agent({ keepAlive: true, maxSockets: BATCH_SIZE });

/** What the tests need in the table, made once before any route is fuzzed. */
interface World {
  /** Emails waiting for an agent: CompleteEmailIntake's sample completes one, DismissEmailIntake's dismisses the other. */
  inbound: { toComplete: string; toDismiss: string };
  /** The customer's download link of a complaint answered and closed. */
  documentsToken: string;
  /** A valid DOCX template uploaded for BJ002, not yet confirmed. */
  templateUpload: string;
  /** A complaint waiting for its plan (read, attachments, classification). */
  open: string;
  /** Another complaint waiting for its plan (SubmitPlan's sample submits it). */
  forPlan: string;
  /** A complaint with an open task. */
  withTask: { complaintId: string; taskId: string };
  /** A complaint waiting for the salesperson (SalesDecision's sample decides). */
  forSales: string;
  /** A complaint whose response was rejected (ReviseResponse's sample revises it). */
  forRevision: string;
  /** A complaint waiting for the salesperson, and a signed link for it (the action-link samples). */
  forLink: { complaintId: string; token: string };
  /** Closed complaints whose follow-up waits for the customer: a signed satisfaction link for one, the other for a call. */
  forSatisfaction: { token: string; forCall: string };
  /** The version of the rules saved for the follow-ups above (SaveRules' sample saves on it). */
  rulesVersion: number;
  /** Cursors of the open complaint's second page of timeline and messages. */
  cursors: { timeline: string; deliveries: string };
  /** A complaint with an open task that PlaceHold's sample holds and ReleaseHold's releases. */
  forHold: string;
  /** Uploaded evidence on the open complaint: one not yet confirmed, one confirmed. */
  uploaded: string;
  confirmed: string;
}
let world: World;

interface Sample {
  params?: Record<string, string>;
  query?: Record<string, string>;
  body?: unknown;
  headers?: Record<string, string>;
  /** Statuses the valid sample may get: 2xx unless documented otherwise. */
  accepted?: (status: number) => boolean;
  /** Body fields that authenticate the request (a spoilt one may be a 401). */
  authPaths?: string[];
  /** Objects documented as ignoring unknown fields. */
  lenientObjects?: string[];
}

/**
 * One valid, minimal request per route, written by hand (every optional field present, so each
 * one gets spoilt too). A route added to infra/routes.ts without a sample here fails its test.
 */
const samples: Record<RouteId, () => Sample> = {
  PhoneCallEvent: () => ({
    body: { callId: 'fuzz-call-1', event: 'RINGING', callerNumber: '138 0013 8000', calledNumber: '400 800 8888', agentExtension: '2012', occurredAt: '2026-11-24T09:12:00+08:00' },
    lenientObjects: [''], // README: a PBX may send more than we read
  }),
  ImportMasterData: () => ({
    params: { kind: 'customers' },
    body: {
      format: 'json', mode: 'all-or-nothing',
      content: [{ code: 'FZ001', name: 'Fuzz Test Trading Co.', locale: 'en', phones: ['+86 24 8888 7001'], contacts: [{ name: 'Li Fuzz', phone: '139 0000 7001' }], addresses: [{ line1: '1 Test Road', city: 'Shenyang', country: 'CN' }] }],
    },
  }),
  LookupCaller: () => ({ params: { phone: '13800138000' } }),
  GetCurrentCall: () => ({}),
  LookupDocument: () => ({ params: { documentNumber: 'DN-2026-0815' } }),
  CreateComplaint: () => ({
    body: {
      documentNumber: 'SO-2026-1002', description: 'The monitor flickers after ten minutes', customerRequirements: 'Replace it', contactName: 'Zhang Min',
      contactPhone: '139 1111 2222', preferredVisitTime: 'Mornings', callId: 'fuzz-call-create', urgency: 'NORMAL', category: 'PRODUCT_QUALITY',
    },
    headers: { 'idempotency-key': 'fuzz-create-0001' },
  }),
  GetComplaint: () => ({ params: { complaintId: world.open } }),
  GetComplaintTimeline: () => ({ params: { complaintId: world.open }, query: { limit: '2', cursor: world.cursors.timeline } }),
  GetComplaintDeliveries: () => ({ params: { complaintId: world.open }, query: { limit: '2', cursor: world.cursors.deliveries } }),
  SubmitPlan: () => ({
    params: { complaintId: world.forPlan },
    body: { summary: 'Replace the unit on site', tasks: [{ title: 'Replace the unit', assigneeId: 'tech.zhou', dueAt: inSeconds(7 * 86_400) }] },
  }),
  CompleteTask: () => ({ params: world.withTask, body: { notes: 'Replaced the unit' } }),
  SalesDecision: () => ({ params: { complaintId: world.forSales }, body: { decision: 'REJECT', comment: 'Mention the replacement unit', revision: 1 } }),
  ReviseResponse: () => ({ params: { complaintId: world.forRevision }, body: { text: 'We replaced the unit on site and added foam to every pallet.' } }),
  AddAttachment: () => ({ params: { complaintId: world.open }, body: { fileName: 'white-line.jpg', contentType: 'image/jpeg', sizeBytes: 1234 } }),
  ConfirmAttachment: () => ({ params: { complaintId: world.open, attachmentId: world.uploaded } }),
  GetAttachment: () => ({ params: { complaintId: world.open, attachmentId: world.confirmed } }),
  GetRules: () => ({}),
  SaveRules: () => ({ body: { rules: readmeRules, expectedVersion: world.rulesVersion } }),
  ChangeClassification: () => ({ params: { complaintId: world.open }, body: { urgency: 'NORMAL', category: 'DELIVERY', reason: 'The screen was cracked in transport' } }),
  GetCapa: () => ({ params: { complaintId: world.open } }),
  SaveCapa: () => ({
    params: { complaintId: world.open },
    body: {
      capa: {
        containment: 'Swapped the laptop for a spare unit the same day',
        rootCause: { category: 'METHOD', description: 'Shipped without shock protection in transport' },
        correctiveAction: 'Replaced the screen',
        preventiveActions: [{ id: 'PA1', description: 'Foam around the cartons on each pallet', ownerId: 'tech.zhou', dueAt: inSeconds(30 * 86_400), status: 'PLANNED' }],
      },
      expectedVersion: 0,
    },
  }),
  PlaceHold: () => ({ params: { complaintId: world.forHold }, body: { reason: 'Waiting for the customer to return the samples', taskId: 'T1' } }),
  ReleaseHold: () => ({ params: { complaintId: world.forHold }, body: { taskId: 'T1' } }),
  InspectActionLink: () => ({ body: { token: world.forLink.token }, authPaths: ['token'] }),
  SalesDecisionByLink: () => ({ body: { token: world.forLink.token, decision: 'REJECT', comment: 'Mention the replacement unit' }, authPaths: ['token'] }),
  OpenResponseDocuments: () => ({ body: { token: world.documentsToken }, authPaths: ['token'] }),
  RecordFollowUpCall: () => ({ params: { complaintId: world.forSatisfaction.forCall }, body: { rating: 4, comment: 'Happy with the replacement' } }),
  AnswerSatisfactionByLink: () => ({ body: { token: world.forSatisfaction.token, rating: 2, comment: 'It took too long' }, authPaths: ['token'] }),
  GetResponseDocuments: () => ({ params: { complaintId: world.forSales } }),
  // Valid, and refused on an open complaint: only a closed one (its follow-up over) is reopened.
  ReopenComplaint: () => ({ params: { complaintId: world.open }, body: { reason: 'The screen failed again after a week' }, accepted: (status) => status === 409 }),
  GetResponseFormat: () => ({ params: { customerCode: 'BJ002' } }),
  SaveResponseFormat: () => ({ params: { customerCode: 'BJ002' }, body: { format: '8D' } }),
  AddResponseTemplate: () => ({ params: { customerCode: 'BJ002' }, body: { fileName: 'northwind-form.docx', sizeBytes: 20_000 } }),
  ConfirmResponseTemplate: () => ({ params: { customerCode: 'BJ002', uploadId: world.templateUpload }, body: { fileName: 'northwind-form.docx' } }),
  ListOpenComplaints: () => ({ query: { urgency: 'URGENT', status: 'IN_PROGRESS', category: 'PRODUCT_QUALITY', customer: 'SY001', receivedFrom: '2026-01-01', receivedTo: '2026-12-31', limit: '5' } }),
  ListSlaRisk: () => ({ query: { urgency: 'NORMAL', category: 'DELIVERY', limit: '5' } }),
  ListMyTasks: () => ({ query: { assignee: 'tech.zhou', limit: '5' } }),
  ListOverdueTasks: () => ({ query: { assignee: 'tech.zhou', limit: '5' } }),
  ListAwaitingConfirmation: () => ({ query: { salesperson: 'sales.li', limit: '5' } }),
  ListFollowUpsDue: () => ({ query: { dueBefore: '2026-12-31T00:00:00+08:00', limit: '5' } }),
  ListCustomerComplaints: () => ({ params: { customerCode: 'SY001' }, query: { state: 'OPEN', category: 'PRODUCT_QUALITY', receivedFrom: '2026-01-01', receivedTo: '2026-12-31', limit: '5' } }),
  ListEmailIntake: () => ({ query: { state: 'PENDING', limit: '5' } }),
  GetEmailIntake: () => ({ params: { inboundId: world.inbound.toComplete } }),
  CompleteEmailIntake: () => ({
    params: { inboundId: world.inbound.toComplete },
    body: {
      documentNumber: 'DN-2026-0815', description: 'The laptop screen shows a white line', customerRequirements: 'Replace it', contactName: 'Zhang Wei',
      contactPhone: '138 0013 8000', preferredVisitTime: 'Mornings', urgency: 'URGENT', category: 'PRODUCT_QUALITY',
    },
  }),
  DismissEmailIntake: () => ({ params: { inboundId: world.inbound.toDismiss }, body: { reason: 'A thank-you note, not a complaint' } }),
  GetCustomerStatusReport: () => ({ query: { from: '2026-01', to: '2026-11', format: 'json', customer: 'SY001', limit: '50' } }),
  GetPreventiveMeasuresReport: () => ({ query: { from: '2026-01', to: '2026-11', format: 'json', limit: '50' } }),
  GetTaskProgressReport: () => ({ query: { from: '2026-01', to: '2026-11', format: 'json', by: 'complaint', limit: '50' } }),
  GetSlaComplianceReport: () => ({ query: { from: '2026-01', to: '2026-11', format: 'json' } }),
};

/** The README's example rules (every optional part present). */
const readmeRules = {
  calendar: {
    timeZone: 'Asia/Shanghai', workingHours: { start: '09:00', end: '18:00' }, workingWeekdays: [1, 2, 3, 4, 5],
    holidays: ['2026-10-01', '2026-10-02'], makeUpWorkdays: ['2026-09-27'],
  },
  slaPolicies: {
    'urgent-48h': {
      planDue: { amount: 48, unit: 'hours', basis: 'calendar' }, resolutionDue: { amount: 48, unit: 'hours', basis: 'calendar' }, reminders: [0.5, 0.8],
      escalations: [{ after: { amount: 4, unit: 'hours', basis: 'working' }, roles: ['GENERAL_MANAGER'] }],
    },
    'normal-5d': {
      planDue: { amount: 2, unit: 'days', basis: 'working' }, resolutionDue: { amount: 5, unit: 'days', basis: 'working' }, reminders: [0.8],
      escalations: [{ after: { amount: 0, unit: 'hours', basis: 'calendar' }, roles: ['QUALITY_MANAGER'] }],
    },
  },
  routing: [
    { category: 'PRODUCT_QUALITY', urgency: 'URGENT', slaPolicy: 'urgent-48h', notify: ['QUALITY_MANAGER', 'GENERAL_MANAGER'], watchers: ['service.zhao'] },
    { category: 'PRODUCT_QUALITY', urgency: 'NORMAL', slaPolicy: 'normal-5d', notify: ['QUALITY_MANAGER'] },
    { category: 'DELIVERY', slaPolicy: 'normal-5d', notify: ['SALES_MANAGER', 'SERVICE_MANAGER'] },
    { category: 'SERVICE', slaPolicy: 'normal-5d', notify: ['SERVICE_MANAGER'] },
    { category: 'BILLING', slaPolicy: 'normal-5d', notify: ['SALES_MANAGER'] },
    { category: 'OTHER', slaPolicy: 'normal-5d', notify: ['SERVICE_MANAGER'] },
  ],
  followUp: {
    after: { amount: 5, unit: 'days', basis: 'working' }, chaseAfter: { amount: 3, unit: 'days', basis: 'working' },
    lowScoreAtMost: 2, linkValidDays: 14, channel: 'AS_RESPONSE',
  },
};

/** A sample person the access matrix lets do the route on any item (ALL), so no 403 is expected. */
function allowedPerson(id: StaffRouteId): string {
  const person = samplePeople.find((p) => p.roles.some((r) => accessMatrix[id][r as Role] === 'ALL'));
  if (!person) throw new Error(`no sample person may call ${id} on any item`);
  return person.personId;
}

interface Request {
  [fc.toStringMethod]?: () => string;
  what: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string | Buffer;
  /** A 401 is the right answer (the part that authenticates the request was spoilt). */
  may401?: boolean;
}

/** Sends the request exactly as built (no URL normalization, any method may carry a body). */
function send(req: Request): Promise<{ status: number; text: string }> {
  const url = new URL(cloud.endpoints.api);
  return new Promise((resolve, reject) => {
    const r = httpRequest({ host: url.hostname, port: url.port, method: req.method, path: req.path, headers: req.headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    r.on('error', reject);
    // A request the system never answers is a failure too (a handler stuck on its input).
    r.setTimeout(15_000, () => r.destroy(new Error(`no answer within 15 s: ${req.method} ${req.path.slice(0, 100)} [${req.what}]`)));
    r.end(req.body);
  });
}

/** Waits until every running execution is parked at a human step and the table stops changing. */
async function quiesce(): Promise<string> {
  const deadline = Date.now() + 20_000;
  let last = await tableSnapshot();
  for (;;) {
    await new Promise((r) => setTimeout(r, 150));
    const parked = cloud.stepFunctions.listExecutions().filter((e) => e.status === 'RUNNING').every((e) => cloud.stepFunctions.waitingStates(e.executionArn).length > 0);
    const now = await tableSnapshot();
    if (parked && now === last) return now;
    if (Date.now() > deadline) throw new Error('the local cloud never settled');
    last = now;
  }
}

beforeAll(async () => {
  const started = Date.now();
  cloud = await startTestCloud();
  const drive = lifecycleDriver(cloud);
  const awaitingSales = async () => {
    const id = await drive.create();
    const { tasks } = await drive.plan(id, [{ title: 'Replace the unit', assigneeId: 'tech.zhou', dueInSeconds: 7 * 86_400 }]);
    await drive.complete(id, tasks[0].taskId, 'tech.zhou');
    await drive.waitFor(id, (r) => r.complaint.status === 'AWAITING_SALES_CONFIRMATION');
    return id;
  };
  const withOpenTask = async () => {
    const complaintId = await drive.create();
    const { tasks } = await drive.plan(complaintId, [{ title: 'Inspect the unit', assigneeId: 'tech.zhou', dueInSeconds: 7 * 86_400 }]);
    return { complaintId, taskId: tasks[0].taskId as string };
  };
  // Follow-ups sent at the close (not days later), so closed complaints wait for their answer.
  const rules = (await cloud.api('GET', '/config/rules', { as: 'gm.chen' })).body;
  const fastFollowUp = { ...readmeRules.followUp, after: { amount: 0, unit: 'minutes', basis: 'calendar' } };
  const savedRules = await cloud.api('PUT', '/config/rules', { as: 'gm.chen', body: { rules: { ...rules.rules, followUp: fastFollowUp }, expectedVersion: rules.version } });
  expect(savedRules.status, JSON.stringify(savedRules.body)).toBe(200);
  const followUpSent = async () => {
    const id = await awaitingSales();
    await drive.decide(id, 'CONFIRM');
    return (await drive.waitFor(id, (r) => r.complaint.followUp?.status === 'SENT')).complaint;
  };
  const [open, forPlan, withTask, forSales, forRevision, linked, forHold, answered, forCall] = await Promise.all([
    drive.create(),
    drive.create(),
    withOpenTask(),
    awaitingSales(),
    (async () => {
      const id = await awaitingSales();
      await drive.decide(id, 'REJECT', 'Mention the replacement unit');
      await drive.waitFor(id, (r) => r.complaint.status === 'REVISION_REQUESTED');
      return id;
    })(),
    awaitingSales(),
    withOpenTask().then((w) => w.complaintId),
    (async () => {
      const id = await awaitingSales();
      await drive.decide(id, 'CONFIRM');
      return (await drive.waitFor(id, (r) => r.complaint.status === 'CLOSED')).complaint;
    })().then(async (c) => (await drive.waitFor(c.complaintId, (r) => r.complaint.followUp?.status === 'SENT')).complaint),
    followUpSent(),
  ]);
  // The call CreateComplaint's sample names.
  const call = serialize({ callId: 'fuzz-call-create', event: 'RINGING', callerNumber: '139 1111 2222' });
  const ts = Math.floor(Date.now() / 1000);
  const recorded = await send({ what: 'record a call', method: 'POST', path: '/phone-system/call-events', body: call, headers: {
    'content-type': 'application/json', 'x-pbx-timestamp': String(ts), 'x-pbx-signature': signWebhook(localSecretValue('PHONE_WEBHOOK_SECRET'), ts, call),
  } });
  expect(recorded.status, recorded.text).toBe(200);
  const ring = parseKeyRing(localSecretValue('ACTION_LINK_KEYS'));
  const token = signActionLink(ring, { p: 'SALES_CONFIRMATION', c: linked, r: 1, s: 'sales.li', e: Math.floor(Date.now() / 1000) + 3600 });
  const page = async (log: string) => (await cloud.api('GET', `/complaints/${open}/${log}?limit=1`, { as: 'service.zhao' })).body.next as string;
  const photo = Buffer.from('\x89PNG\r\n\x1a\n evidence');
  const upload = async () => {
    const started = await cloud.api('POST', `/complaints/${open}/attachments`, { as: 'agent.wang', body: { fileName: 'p.png', contentType: 'image/png', sizeBytes: photo.length } });
    expect((await fetch(started.body.upload.url, { method: 'PUT', headers: started.body.upload.headers, body: photo })).status).toBe(200);
    return started.body.attachmentId as string;
  };
  const [uploaded, confirmed] = [await upload(), await upload()];
  expect((await cloud.api('POST', `/complaints/${open}/attachments/${confirmed}/confirm`, { as: 'agent.wang' })).status).toBe(200);
  const template = everyPlaceholderTemplate();
  const announcedTemplate = await cloud.api('POST', '/customers/BJ002/response-template', { as: 'admin.ma', body: { fileName: 'northwind-form.docx', sizeBytes: template.length } });
  expect(announcedTemplate.status, JSON.stringify(announcedTemplate.body)).toBe(201);
  expect((await fetch(announcedTemplate.body.upload.url, { method: 'PUT', headers: announcedTemplate.body.upload.headers, body: template })).status).toBe(200);
  const templateUpload = announcedTemplate.body.uploadId as string;
  for (const n of [1, 2]) await sendEmail(cloud, mimeMessage({ messageId: `fuzz${n}@sy-precision.example`, subject: `Fuzz ${n}: the screen has a white line` }), { from: 'zhang.wei@sy-precision.example' });
  const waiting = (await cloud.api('GET', '/queues/email-intake', { as: 'agent.wang' })).body.items as { inboundId: string; subject: string }[];
  const inbound = { toComplete: waiting.find((r) => r.subject.startsWith('Fuzz 1'))!.inboundId, toDismiss: waiting.find((r) => r.subject.startsWith('Fuzz 2'))!.inboundId };
  const documentsToken = signActionLink(ring, { p: 'RESPONSE_DOCUMENTS', c: answered.complaintId, r: 1, s: answered.customerCode, e: Math.floor(Date.now() / 1000) + 3600 });
  world = { inbound, documentsToken, templateUpload, open, forPlan, withTask, forSales, forRevision, forLink: { complaintId: linked, token }, forHold,
    forSatisfaction: { token: signActionLink(ring, { p: 'SATISFACTION', c: answered.complaintId, r: 1, s: answered.customerCode, e: Math.floor(Date.now() / 1000) + 3600 }), forCall: forCall.complaintId },
    rulesVersion: savedRules.body.version, cursors: { timeline: await page('timeline'), deliveries: await page('deliveries') }, uploaded, confirmed };
  expect(world.cursors.timeline && world.cursors.deliveries).toBeTruthy();
  await quiesce();
  console.log(`fuzz.test.ts: the local cloud and ${Object.keys(world).length} fixtures ready in ${Date.now() - started} ms`);
}, 120_000);
afterAll(async () => {
  agent.destroy();
  await cloud?.stop();
});

/** The request a sample describes, ready to send (staff: with the person's ID token; the webhook: signed). */
function requestOf(route: RouteDefinition, sample: Sample, token: string | undefined, parts: { segments?: Record<string, string>; query?: string; body?: BodyMutant; headers?: Record<string, string | null>; noBodyPayload?: string } = {}): Request {
  const path = route.path.replace(/\{(\w+)\}/g, (_m, name: string) => parts.segments?.[name] ?? encodeURIComponent(sample.params![name]!));
  const query = parts.query ?? new URLSearchParams(sample.query ?? {}).toString();
  const text = parts.noBodyPayload ?? parts.body?.body ?? (sample.body === undefined ? undefined : serialize(sample.body));
  const headers: Record<string, string | null> = {
    ...(text !== undefined ? { 'content-type': 'application/json' } : {}),
    ...(token ? { authorization: `Bearer ${token}` } : {}),
    ...sample.headers,
    ...parts.body?.headers,
    ...parts.headers,
  };
  if (route.caller === 'phoneSystem' && !(parts.headers && 'x-pbx-signature' in parts.headers)) {
    const ts = Math.floor(Date.now() / 1000);
    headers['x-pbx-timestamp'] ??= String(ts);
    headers['x-pbx-signature'] = signWebhook(localSecretValue('PHONE_WEBHOOK_SECRET'), headers['x-pbx-timestamp']!, text ?? '');
  }
  const finalHeaders = Object.fromEntries(Object.entries(headers).filter((e): e is [string, string] => e[1] !== null));
  return {
    // fast-check prints a counterexample with this: what was spoilt, not the whole request.
    [fc.toStringMethod]() { return JSON.stringify(this.what); },
    what: parts.body?.what ?? Object.keys(parts).join(','),
    method: route.method,
    path: query ? `${path}?${query}` : path,
    headers: finalHeaders,
    body: text === undefined ? undefined : parts.body?.asBytes ? Buffer.from(text) : text,
    may401: parts.body?.touchesAuth,
  };
}

/**
 * Every way to spoil one route's valid sample, as one arbitrary of requests: each group (one
 * field, the body as a whole, the path, the query, a header) equally likely, then each kind in it.
 */
function malformedRequests(route: RouteDefinition, sample: Sample, token: string | undefined): { kinds: string[]; arb: fc.Arbitrary<Request> } {
  const c = contract[route.id] as RouteContract;
  const kinds: { kind: string; group: string; arb: fc.Arbitrary<Request> }[] = [];
  if (c.body) {
    const schema = jsonSchemaOf(c.body);
    const mutations = bodyMutations(sample.body, schema, {
      accepts: (b) => c.body!.safeParse(b).success, authPaths: sample.authPaths, lenientObjects: sample.lenientObjects, maxBodyBytes: c.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    });
    for (const m of mutations) kinds.push({ kind: m.kind, group: m.group, arb: m.arb.map((body) => requestOf(route, sample, token, { body })) });
  } else {
    kinds.push({ kind: 'a body where the route takes none', group: 'body', arb: fc.oneof(
      fc.constantFrom('{}', '[]', 'null', '""', '{"x":1}', 'not json', '0'),
      fc.json({ maxDepth: 2 }),
    ).map((payload) => ({ ...requestOf(route, sample, token, { noBodyPayload: payload }), what: `a body where the route takes none: ${payload.slice(0, 40)}` })) });
  }
  for (const [name, valid] of Object.entries(sample.params ?? {})) {
    const schema = (jsonSchemaOf(c.params!).properties ?? {})[name] as JsonSchema;
    kinds.push({ kind: `path.${name}`, group: 'path', arb: pathSegmentMutations(name, schema, valid).map(({ segment, what }) => ({ ...requestOf(route, sample, token, { segments: { [name]: segment } }), what })) });
  }
  kinds.push({ kind: 'route path variants', group: 'path', arb: fc.constantFrom('/', '//', '/x', ';x=1', '/..', '/.').map((suffix) => {
    const req = requestOf(route, sample, token);
    const [p, q] = req.path.split('?');
    return { ...req, path: `${p}${suffix}${q ? `?${q}` : ''}`, what: `path ${p}${suffix}` };
  }) });
  kinds.push({ kind: 'query', group: 'query', arb: queryMutations(sample.query ?? {}, c.query ? jsonSchemaOf(c.query) : undefined).map(({ query, what }) => ({ ...requestOf(route, sample, token, { query }), what })) });
  if (route.id === 'CreateComplaint') {
    kinds.push({ kind: 'header idempotency-key', group: 'header', arb: fc.oneof(
      fc.constantFrom('', 'short', '1234567', '        ', '\t\t\t\t\t\t\t\t', '   a   '),
      fc.integer({ min: 129, max: 2000 }).map((n) => 'k'.repeat(n)),
    ).map((key) => ({ ...requestOf(route, sample, token, { headers: { 'idempotency-key': key } }), what: `header idempotency-key ${JSON.stringify(key.slice(0, 20))} (${key.length})` })) });
  }
  if (route.caller === 'phoneSystem') {
    const now = () => Math.floor(Date.now() / 1000);
    const text = serialize(sample.body);
    const secret = localSecretValue('PHONE_WEBHOOK_SECRET');
    kinds.push({ kind: 'signature', group: 'header', arb: fc.oneof(
      fc.constant({ 'x-pbx-signature': null, 'x-pbx-timestamp': null }),
      fc.constant(null).map(() => ({ 'x-pbx-signature': null, 'x-pbx-timestamp': String(now()) })),
      fc.integer({ min: 301, max: 10_000_000 }).chain((skew) => fc.constantFrom(-skew, skew)).map((skew) => ({ 'x-pbx-timestamp': String(now() + skew), 'x-pbx-signature': signWebhook(secret, now() + skew, text) })),
      fc.constantFrom('abc', '', '1e10', '-1', '0', '99999999999999', `${now()}.5`, ` ${now()}`).map((ts) => ({ 'x-pbx-timestamp': ts, 'x-pbx-signature': signWebhook(secret, ts, text) })),
      fc.constantFrom('', 'v1=', 'v0=00', `v1=${'0'.repeat(64)}`, signWebhook('another secret', now(), text), signWebhook(secret, now(), `${text} `), signWebhook(secret, now(), text).toUpperCase(), `${signWebhook(secret, now(), text)}0`)
        .map((sig) => ({ 'x-pbx-timestamp': String(now()), 'x-pbx-signature': sig })),
    ).map((headers) => ({ ...requestOf(route, sample, undefined, { headers }), may401: true, what: `signature headers ${JSON.stringify(headers).slice(0, 80)}` })) });
  }
  const groups = [...new Set(kinds.map((k) => k.group))].map((g) => fc.oneof(...kinds.filter((k) => k.group === g).map((k) => k.arb)));
  return { kinds: kinds.map((k) => k.kind), arb: fc.oneof(...groups) };
}

let settled = true;
const stats: Record<string, { sent: number; kinds: number; ms: number; statuses: Record<number, number> }> = {};

describe('malformed requests on every route are a 4xx and write nothing', () => {
  for (const route of routes) {
    it(`${route.method} ${route.path} (${route.id})`, async () => {
      const make = samples[route.id];
      expect(make, `no valid sample for ${route.id}: add one to samples in test/integration/fuzz.test.ts`).toBeTypeOf('function');
      const sample = make();
      const c = contract[route.id] as RouteContract;
      // The sample is valid by the contract itself.
      for (const [part, value] of [['params', sample.params ?? {}], ['query', sample.query ?? {}], ['body', sample.body]] as const) {
        const schema = c[part];
        if (schema) expect(schema.safeParse(value).error?.issues, `${route.id} sample ${part}`).toBeUndefined();
      }
      const staff = !(UNSIGNED_IN_ROUTES as readonly string[]).includes(route.id);
      const token = staff ? await cloud.signIn(allowedPerson(route.id as StaffRouteId)) : undefined;
      const { kinds, arb } = malformedRequests(route, sample, token);

      const started = Date.now();
      const statuses: Record<number, number> = {};
      let sent = 0;
      // After a failed route its writes (and the workflows they started) may still be landing.
      let before = settled ? await tableSnapshot() : await quiesce();
      settled = false;
      await fc.assert(fc.asyncProperty(fc.array(arb, { minLength: BATCH_SIZE, maxLength: BATCH_SIZE }), async (batch) => {
        const answers = await Promise.all(batch.map(async (req) => {
          if (process.env.FUZZ_TRACE) process.stderr.write(`${route.id}: ${req.what.slice(0, 120)}\n`);
          const res = await send(req);
          sent++;
          statuses[res.status] = (statuses[res.status] ?? 0) + 1;
          return { req, res };
        }));
        const after = await tableSnapshot();
        const wrote = after !== before;
        before = after;
        const bad = answers.filter(({ req, res }) => res.status < 400 || res.status >= 500 || ((res.status === 401 || res.status === 403) && !req.may401));
        if (bad.length > 0 || wrote) {
          throw new Error([
            ...bad.map(({ req, res }) => `${req.method} ${req.path.slice(0, 120)} [${req.what}] → ${res.status} ${res.text.slice(0, 300)}`),
            ...(wrote ? [`the table changed during this batch: ${batch.map((r) => r.what).join(' | ')}`] : []),
          ].join('\n'));
        }
      }), { seed: SEED, numRuns: BATCHES, endOnFailure: true });
      stats[route.id] = { sent, kinds: kinds.length, ms: Date.now() - started, statuses };
      expect(sent, 'malformed requests actually sent').toBeGreaterThanOrEqual(BATCHES * BATCH_SIZE);
      // Most are refused by the route's own validation (a 400 naming the field), not by the router or a lookup.
      expect(statuses[400] ?? 0, `400s among ${JSON.stringify(statuses)}`).toBeGreaterThanOrEqual(sent / 4);

      // The valid sample itself is accepted: the generator spoils requests that would otherwise work.
      const valid = await send(requestOf(route, sample, token));
      const accepted = sample.accepted ?? ((s: number) => s >= 200 && s < 300);
      expect(accepted(valid.status), `valid ${route.id} sample → ${valid.status} ${valid.text.slice(0, 300)}`).toBe(true);
      if (route.startsWorkflow || route.resumesWorkflow || route.messaging) await quiesce();
      settled = true;
    });
  }

  afterAll(() => {
    const rows = Object.entries(stats).map(([id, s]) => `${id.padEnd(24)} ${String(s.sent).padStart(4)} requests of ${String(s.kinds).padStart(3)} kinds ${String(s.ms).padStart(6)} ms  ${JSON.stringify(s.statuses)}`);
    console.log(`fuzz.test.ts (seed ${SEED}):\n${rows.join('\n')}`);
  });
});
