import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { openApiDocument } from '../../infra/openapi.ts';
import { localSecretValue } from '../../infra/local/aws-endpoints.ts';
import { routes, type RouteDefinition } from '../../infra/routes.ts';
import type { RouteId } from '../../shared/api/contract.ts';
import { answers, errorBody, type ErrorStatus } from '../../shared/api/responses.ts';
import { parseKeyRing, signActionLink } from '../../shared/domain/action-links.ts';
import { signWebhook } from '../../shared/domain/signature.ts';
import { everyPlaceholderTemplate } from '../support/docx-fixtures.ts';
import { lifecycleDriver } from '../support/lifecycle-driver.ts';
import { inSeconds, laptopComplaint, sendEmail, startTestCloud, waitForComplaint } from '../support/test-cloud.ts';
import { mimeMessage } from '../support/mime-fixtures.ts';

/**
 * The API description tells the truth: one complaint is driven from the phone call to CLOSED
 * through every route, and every answer — successes and errors — is parsed with the schema the
 * document gives for that route and status (shared/api/responses.ts). An answer with a status
 * the document does not list, a field it does not name (at any depth), or a field of the wrong
 * shape fails the test. At the end, every answer of every route in infra/routes.ts was seen.
 */
let cloud: Awaited<ReturnType<typeof startTestCloud>>;
beforeAll(async () => { cloud = await startTestCloud(); });
afterAll(async () => { await cloud?.stop(); });

const doc = openApiDocument();
const seen = new Map<RouteId, Set<number>>();
type Answer = { status: number; body: any };

function routeOf(method: string, path: string): RouteDefinition {
  const pathname = path.split('?')[0]!;
  const route = routes.find((r) => r.method === method && new RegExp(`^${r.path.replace(/\{\w+\}/g, '[^/]+')}$`).test(pathname));
  if (!route) throw new Error(`no route ${method} ${pathname}`);
  return route;
}

/** The answer must be one the document lists for the route, with exactly the documented body. */
function conforms(method: string, path: string, res: Answer): Answer {
  const route = routeOf(method, path);
  const what = `${route.id} answered ${res.status} ${JSON.stringify(res.body)?.slice(0, 600)}`;
  const operation = (doc.paths as Record<string, Record<string, { responses: Record<string, unknown> }>>)[route.path]![method.toLowerCase()]!;
  expect(operation.responses[res.status], `${what}: a status the document does not list`).toBeDefined();
  const routeAnswers = answers[route.id] as Partial<Record<number, z.ZodType>>;
  const schema = routeAnswers[res.status] ?? errorBody(res.status as ErrorStatus, !route.caller);
  const parsed = schema.safeParse(res.body);
  expect(parsed.success, `${what}: ${parsed.error?.message}`).toBe(true);
  // zod leaves out what a schema does not name: an equal result shows there was nothing else, at any depth.
  expect(parsed.data, `${what}: fields the document does not name`).toEqual(res.body);
  if (!seen.has(route.id)) seen.set(route.id, new Set());
  seen.get(route.id)!.add(res.status);
  return res;
}

const call = async (method: string, path: string, options: { as?: string; body?: unknown; headers?: Record<string, string> } = {}) =>
  conforms(method, path, await cloud.api(method, path, options));

async function callEvent(event: Record<string, unknown>, secret = localSecretValue('PHONE_WEBHOOK_SECRET')): Promise<Answer> {
  const body = JSON.stringify(event);
  const timestamp = Math.floor(Date.now() / 1000);
  const res = await fetch(`${cloud.endpoints.api}/phone-system/call-events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-pbx-timestamp': String(timestamp), 'x-pbx-signature': signWebhook(secret, timestamp, body) },
    body,
  });
  return conforms('POST', '/phone-system/call-events', { status: res.status, body: await res.json() });
}

const expectStatus = (res: Answer, status: number) => expect(res.status, JSON.stringify(res.body)).toBe(status);
const waitFor = (id: string, status: string) => waitForComplaint(cloud.api, id, (r) => r.complaint.status === status);

const document = (number: string, customerCode = 'SY001') => ({
  number, kind: 'DELIVERY_NOTE', customerCode, productCode: 'LT-14P', productName: 'ThinkBook 14 Pro laptop',
  serialNumber: `SN-${number}`, shipDate: new Date().toISOString().slice(0, 10), warrantyMonths: 24, salespersonId: 'sales.li',
});

describe('the API description against real answers', () => {
  it('describes every answer of one complaint from the phone call to CLOSED', async () => {
    // Master data: an accepted batch, a refused one (422), and people (with their accounts).
    expectStatus(await call('POST', '/master-data/documents/imports', { as: 'admin.ma', body: { format: 'json', content: [document('DN-CONTRACT-1')] } }), 200);
    expectStatus(await call('POST', '/master-data/documents/imports', { as: 'admin.ma', body: { format: 'json', content: [document('DN-CONTRACT-2', 'XX999')] } }), 422);
    const people = await call('POST', '/master-data/people/imports', {
      as: 'admin.ma', body: { format: 'json', content: [{ personId: 'tech.contract', name: 'Qian Tao', roles: ['TASK_ASSIGNEE'], email: 'qian.tao@example.com' }] },
    });
    expectStatus(people, 200);
    expect(people.body.rows[0].account).toBe('CREATED');

    // The call: screen pop while it rings, then its end; and the agent's own lookup.
    const ringing = await callEvent({ callId: 'call-contract-1', event: 'RINGING', callerNumber: '138 0013 8000' });
    expectStatus(ringing, 200);
    expect(ringing.body.customers.length).toBeGreaterThan(0);
    expectStatus(await callEvent({ callId: 'call-contract-1', event: 'ENDED', callerNumber: '138 0013 8000' }), 200);
    expectStatus(await callEvent({ callId: 'call-contract-2', event: 'RINGING', callerNumber: '1' }, 'not-the-secret'), 401);
    expectStatus(await call('GET', '/callers/+8613800138000', { as: 'agent.wang' }), 200);
    expectStatus(await callEvent({ callId: 'call-contract-3', event: 'RINGING', callerNumber: '138 0013 8000', agentExtension: '8001' }), 200);
    expectStatus(await call('GET', '/calls/current', { as: 'agent.wang' }), 200);
    expectStatus(await call('GET', '/documents/DN-2026-0815', { as: 'agent.wang' }), 200);
    expectStatus(await call('GET', '/documents/DN-NOWHERE', { as: 'agent.wang' }), 404);

    // Creation: 201, then the same request again (200); and the errors of the HTTP layer.
    const newComplaint = { ...laptopComplaint, documentNumber: 'DN-CONTRACT-1', callId: 'call-contract-1' };
    const created = await call('POST', '/complaints', { as: 'agent.wang', body: newComplaint, headers: { 'idempotency-key': 'contract-responses-1' } });
    expectStatus(created, 201);
    expectStatus(await call('POST', '/complaints', { as: 'agent.wang', body: newComplaint, headers: { 'idempotency-key': 'contract-responses-1' } }), 200);
    expectStatus(await call('POST', '/complaints', { as: 'agent.wang', body: { ...newComplaint, urgency: 'VERY' } }), 400);
    expectStatus(await call('POST', '/complaints', { as: 'agent.wang', body: { ...newComplaint, documentNumber: 'DN-NOPE' } }), 400);
    expectStatus(await call('POST', '/complaints', { as: 'agent.wang', body: JSON.stringify(newComplaint), headers: { 'content-type': 'text/plain' } }), 415);
    expectStatus(await call('POST', '/complaints', { as: 'agent.wang', body: { ...newComplaint, description: 'x'.repeat(300 * 1024) } }), 413);
    expectStatus(await call('POST', '/complaints', { body: newComplaint }), 401);
    expectStatus(await call('POST', '/complaints', { as: 'quality.liu', body: newComplaint }), 403);
    const id: string = created.body.complaintId;
    await waitFor(id, 'AWAITING_PLAN');

    // Reading it: the record, its paged logs, and what is not there.
    expectStatus(await call('GET', `/complaints/${id}`, { as: 'service.zhao' }), 200);
    expectStatus(await call('GET', '/complaints/CMP-2099-999999', { as: 'service.zhao' }), 404);
    const firstEvent = await call('GET', `/complaints/${id}/timeline?limit=1`, { as: 'service.zhao' });
    expect(firstEvent.body.next).toBeTruthy();
    expectStatus(await call('GET', `/complaints/${id}/timeline?limit=100&cursor=${firstEvent.body.next}`, { as: 'service.zhao' }), 200);
    expectStatus(await call('GET', `/complaints/${id}/timeline?page=2`, { as: 'service.zhao' }), 400);
    const messages = await call('GET', `/complaints/${id}/deliveries`, { as: 'service.zhao' });
    expect(messages.body.items.length).toBeGreaterThan(0);

    // A manager's reclassification answers the complaint (while the plan's task token is parked).
    expectStatus(await call('PUT', `/complaints/${id}/classification`, {
      as: 'service.zhao', body: { urgency: 'NORMAL', category: 'PRODUCT_QUALITY', reason: 'The customer can use a spare laptop meanwhile' },
    }), 200);

    // Corrective and preventive action: nothing yet, recorded, then a write on a stale version.
    expectStatus(await call('GET', `/complaints/${id}/capa`, { as: 'service.zhao' }), 200);
    expectStatus(await call('GET', '/complaints/CMP-2099-999999/capa', { as: 'service.zhao' }), 404);
    const capa = {
      containment: 'Lent the customer a spare laptop the same day',
      rootCause: { category: 'METHOD', description: 'No shock protection in transport' },
      correctiveAction: 'Replace the screen',
      preventiveActions: [{ id: 'PA1', description: 'Foam around the cartons on each pallet', ownerId: 'tech.zhou', dueAt: inSeconds(30 * 86_400), status: 'PLANNED' }],
    };
    expectStatus(await call('PUT', `/complaints/${id}/capa`, { as: 'quality.liu', body: { capa, expectedVersion: 0 } }), 200);
    expectStatus(await call('PUT', `/complaints/${id}/capa`, { as: 'quality.liu', body: { capa: { ...capa, correctiveAction: 'x' }, expectedVersion: 0 } }), 409);
    expectStatus(await call('GET', `/complaints/${id}/capa`, { as: 'quality.liu' }), 200);

    // Evidence: announce, upload, confirm, download link.
    const photo = Buffer.from('\x89PNG\r\n\x1a\n a white line');
    const announced = await call('POST', `/complaints/${id}/attachments`, { as: 'agent.wang', body: { fileName: 'line.png', contentType: 'image/png', sizeBytes: photo.length } });
    expectStatus(announced, 201);
    expectStatus(await call('GET', `/complaints/${id}/attachments/${announced.body.attachmentId}`, { as: 'agent.wang' }), 409);
    expect((await fetch(announced.body.upload.url, { method: 'PUT', headers: announced.body.upload.headers, body: photo })).status).toBe(200);
    expectStatus(await call('POST', `/complaints/${id}/attachments/${announced.body.attachmentId}/confirm`, { as: 'agent.wang' }), 200);
    expectStatus(await call('GET', `/complaints/${id}/attachments/${announced.body.attachmentId}`, { as: 'agent.wang' }), 200);

    // The plan, and its one task done (the record now carries a task).
    const plan = { summary: 'Replace the screen on site', tasks: [{ title: 'Replace the screen', assigneeId: 'tech.zhou', dueAt: inSeconds(3600) }] };
    expectStatus(await call('GET', `/complaints/${id}/response/documents`, { as: 'sales.li' }), 409); // nothing drafted yet
    expectStatus(await call('GET', '/complaints/CMP-2099-999999/response/documents', { as: 'service.zhao' }), 404);
    expectStatus(await call('POST', `/complaints/${id}/plan`, { as: 'quality.liu', body: plan }), 201);
    expectStatus(await call('POST', `/complaints/${id}/plan`, { as: 'quality.liu', body: plan }), 409);
    expectStatus(await call('GET', `/complaints/${id}`, { as: 'service.zhao' }), 200);
    // Waiting on the customer: the task held (its record shows the hold), held again, released, released again.
    expectStatus(await call('POST', `/complaints/${id}/hold`, { as: 'quality.liu', body: { taskId: 'T1', reason: 'Waiting for the customer to return the unit' } }), 200);
    expectStatus(await call('POST', `/complaints/${id}/hold`, { as: 'quality.liu', body: { taskId: 'T1', reason: 'Again' } }), 409);
    expectStatus(await call('GET', `/complaints/${id}`, { as: 'service.zhao' }), 200);
    expectStatus(await call('POST', `/complaints/${id}/hold/release`, { as: 'quality.liu', body: { taskId: 'T1' } }), 200);
    expectStatus(await call('POST', `/complaints/${id}/hold/release`, { as: 'quality.liu', body: { taskId: 'T9' } }), 404);
    expectStatus(await call('POST', `/complaints/${id}/hold/release`, { as: 'quality.liu', body: {} }), 409);
    expectStatus(await call('POST', `/complaints/${id}/tasks/T1/complete`, { as: 'tech.zhou', body: { notes: 'Screen replaced, tested for an hour' } }), 200);
    await waitFor(id, 'AWAITING_SALES_CONFIRMATION');
    const preview = await call('GET', `/complaints/${id}/response/documents`, { as: 'sales.li' });
    expectStatus(preview, 200);
    expect(preview.body.documents.length).toBeGreaterThan(0);

    // The salesperson's link: read it, reject through it; an expired one is gone.
    const ring = parseKeyRing(localSecretValue('ACTION_LINK_KEYS'));
    const link = (e: number) => signActionLink(ring, { p: 'SALES_CONFIRMATION', c: id, r: 1, s: 'sales.li', e });
    const token = link(Math.floor(Date.now() / 1000) + 3600);
    expectStatus(await call('POST', '/action-links/inspect', { body: { token } }), 200);
    expectStatus(await call('POST', '/action-links/sales-decision', { body: { token: link(Math.floor(Date.now() / 1000) - 1), decision: 'CONFIRM', contentHash: '0'.repeat(64) } }), 410);
    expectStatus(await call('POST', '/action-links/sales-decision', { body: { token, decision: 'REJECT', comment: 'Mention the replacement screen' } }), 200);
    expectStatus(await call('POST', '/action-links/inspect', { body: { token } }), 409);
    await waitFor(id, 'REVISION_REQUESTED');

    // The revision, confirmed by the signed-in salesperson, and the close.
    expectStatus(await call('PUT', `/complaints/${id}/response`, { as: 'quality.liu', body: { text: 'We replaced the screen on site on the day after your call.' } }), 200);
    const revised = await waitFor(id, 'AWAITING_SALES_CONFIRMATION');
    const { contentHash } = revised.complaint.response;
    expectStatus(await call('POST', `/complaints/${id}/sales-decision`, { as: 'sales.li', body: { decision: 'CONFIRM', contentHash: '0'.repeat(64) } }), 409);
    // The follow-up is sent at the close (the company's rules, saved before the close).
    const fastRules = (await cloud.api('GET', '/config/rules', { as: 'admin.ma' })).body;
    const followUp = { ...fastRules.rules.followUp, after: { amount: 0, unit: 'minutes', basis: 'calendar' } };
    expectStatus(await cloud.api('PUT', '/config/rules', { as: 'admin.ma', body: { rules: { ...fastRules.rules, followUp }, expectedVersion: fastRules.version } }), 200);
    expectStatus(await call('POST', `/complaints/${id}/sales-decision`, { as: 'sales.li', body: { decision: 'CONFIRM', contentHash } }), 200);
    await waitFor(id, 'CLOSED');
    const closed = await call('GET', `/complaints/${id}`, { as: 'service.zhao' });
    expect(closed.body.complaint).toMatchObject({ status: 'CLOSED', response: { revision: 2, decision: 'CONFIRMED' } });
    expect(closed.body.deliveries.some((d: any) => d.status === 'SENT')).toBe(true);
    expectStatus(await call('GET', `/complaints/${id}/deliveries?limit=100`, { as: 'service.zhao' }), 200);

    // The follow-up: the customer answers through the signed link once; expired, reused and late answers are refused.
    await waitForComplaint(cloud.api, id, (r) => r.complaint.followUp?.status === 'SENT');
    const satisfaction = (e: number) => signActionLink(ring, { p: 'SATISFACTION', c: id, r: 1, s: closed.body.complaint.customerCode, e });
    const satisfactionToken = satisfaction(Math.floor(Date.now() / 1000) + 3600);
    expectStatus(await call('POST', '/action-links/satisfaction', { body: { token: satisfaction(Math.floor(Date.now() / 1000) - 1), rating: 4 } }), 410);
    expectStatus(await call('POST', '/action-links/satisfaction', { body: { token: satisfactionToken, rating: 9 } }), 400);
    expectStatus(await call('POST', '/action-links/satisfaction', { body: { token: satisfactionToken, rating: 4, comment: 'Quick and friendly' } }), 200);
    expectStatus(await call('POST', '/action-links/satisfaction', { body: { token: satisfactionToken, rating: 4 } }), 409);
    expectStatus(await call('POST', `/complaints/${id}/follow-up`, { as: 'agent.wang', body: { rating: 4 } }), 409);
    expectStatus(await call('POST', '/complaints/CMP-2099-999999/follow-up', { as: 'agent.wang', body: { rating: 4 } }), 404);
    expectStatus(await call('POST', `/complaints/${id}/follow-up`, { as: 'quality.liu', body: { rating: 4 } }), 403);
    const answered = await call('GET', `/complaints/${id}`, { as: 'service.zhao' });
    expect(answered.body.complaint.followUp).toMatchObject({ status: 'ANSWERED', rating: 4, via: 'SIGNED_LINK' });

    // The customer's link to the documents of the response sent to them.
    const documents = (e: number) => signActionLink(ring, { p: 'RESPONSE_DOCUMENTS', c: id, r: 2, s: closed.body.complaint.customerCode, e });
    const opened = await call('POST', '/action-links/response-documents', { body: { token: documents(Math.floor(Date.now() / 1000) + 3600) } });
    expectStatus(opened, 200);
    expect(opened.body.documents.length).toBeGreaterThan(0);
    expectStatus(await call('POST', '/action-links/response-documents', { body: { token: documents(Math.floor(Date.now() / 1000) - 1) } }), 410);

    // Reopened into a new round once its lifecycle is over; an unknown or open complaint is refused.
    await expect.poll(async () => cloud.stepFunctions.describeExecution(closed.body.complaint.executionId).status, { timeout: 15_000 }).toBe('SUCCEEDED');
    const reason = { reason: 'The customer reported the same white line again' };
    expectStatus(await call('POST', '/complaints/CMP-2099-999999/reopen', { as: 'service.zhao', body: reason }), 404);
    expectStatus(await call('POST', `/complaints/${id}/reopen`, { as: 'service.zhao', body: reason }), 200);
    expectStatus(await call('POST', `/complaints/${id}/reopen`, { as: 'quality.liu', body: reason }), 409);
    expectStatus(await call('GET', `/complaints/${id}`, { as: 'service.zhao' }), 200);

    // A customer's response format: read, a template announced, uploaded, checked; a bad one refused.
    expectStatus(await call('GET', '/customers/BJ002/response-format', { as: 'quality.liu' }), 200);
    expectStatus(await call('GET', '/customers/XX999/response-format', { as: 'quality.liu' }), 404);
    expectStatus(await call('PUT', '/customers/BJ002/response-format', { as: 'quality.liu', body: { format: 'TEMPLATE' } }), 409);
    expectStatus(await call('PUT', '/customers/XX999/response-format', { as: 'quality.liu', body: { format: '8D' } }), 404);
    expectStatus(await call('PUT', '/customers/BJ002/response-format', { as: 'quality.liu', body: { format: '8D' } }), 200);
    expectStatus(await call('POST', '/customers/XX999/response-template', { as: 'admin.ma', body: { fileName: 'f.docx', sizeBytes: 100 } }), 404);
    const template = everyPlaceholderTemplate();
    const announcedTemplate = await call('POST', '/customers/BJ002/response-template', { as: 'admin.ma', body: { fileName: 'form.docx', sizeBytes: template.length } });
    expectStatus(announcedTemplate, 201);
    const confirmTemplate = (uploadId: string, customer = 'BJ002') =>
      call('POST', `/customers/${customer}/response-template/${uploadId}/confirm`, { as: 'admin.ma', body: { fileName: 'form.docx' } });
    expectStatus(await confirmTemplate(announcedTemplate.body.uploadId), 409); // nothing uploaded yet
    expectStatus(await confirmTemplate(announcedTemplate.body.uploadId, 'XX999'), 404);
    expect((await fetch(announcedTemplate.body.upload.url, { method: 'PUT', headers: announcedTemplate.body.upload.headers, body: template })).status).toBe(200);
    expectStatus(await confirmTemplate(announcedTemplate.body.uploadId), 200);

    // The company rules: read, save on the version read, and a save on a stale version.
    const rules = await call('GET', '/config/rules', { as: 'admin.ma' });
    expectStatus(rules, 200);
    const update = { rules: rules.body.rules, expectedVersion: rules.body.version };
    expectStatus(await call('PUT', '/config/rules', { as: 'admin.ma', body: update }), 200);
    expectStatus(await call('PUT', '/config/rules', { as: 'admin.ma', body: update }), 409);
  });

  it("describes the answer of an agent's follow-up call", async () => {
    const drive = lifecycleDriver(cloud);
    const id = await drive.create();
    await drive.plan(id, [{ title: 'Replace the screen', assigneeId: 'tech.zhou', dueInSeconds: 3600 }]);
    await drive.complete(id, 'T1', 'tech.zhou');
    await drive.decide(id, 'CONFIRM');
    await waitForComplaint(cloud.api, id, (r) => r.complaint.followUp?.status === 'SENT');
    expectStatus(await call('POST', `/complaints/${id}/follow-up`, { as: 'agent.wang', body: { rating: 1, comment: 'Nobody came' } }), 200);
    const record = await call('GET', `/complaints/${id}`, { as: 'service.zhao' });
    expect(record.body.complaint.followUp).toMatchObject({ status: 'ANSWERED', rating: 1, lowScore: true, via: 'PHONE_CALL', answeredBy: 'agent.wang' });
  });

  it('describes the work queues and the reports, rows and all', async () => {
    await cloud.streamsSettled();
    const month = new Date().toISOString().slice(0, 7);
    for (const [path, as] of [
      ['/queues/open-complaints', 'quality.liu'], ['/queues/sla-risk', 'quality.liu'], ['/queues/my-tasks', 'tech.zhou'],
      ['/queues/overdue-tasks', 'quality.liu'], ['/queues/awaiting-confirmation', 'sales.li'], ['/queues/follow-ups', 'agent.wang'],
      ['/customers/SY001/complaints', 'agent.wang'],
      [`/reports/customer-status?from=${month}&to=${month}`, 'gm.chen'], [`/reports/customer-status?customer=SY001`, 'gm.chen'],
      ['/reports/preventive-measures', 'gm.chen'], ['/reports/task-progress', 'gm.chen'], ['/reports/task-progress?by=complaint', 'gm.chen'],
      ['/reports/sla-compliance', 'gm.chen'],
    ] as const) {
      const res = await call('GET', path, { as });
      expectStatus(res, 200);
      // The lists with rows in this file's world: their rows are checked against the document too.
      if (path.startsWith('/queues/open') || path.startsWith('/customers/')) expect(res.body.items.length, path).toBeGreaterThan(0);
    }
  });

  it('describes the email intake: the queue, an email, its completion into a complaint and a dismissal', async () => {
    await sendEmail(cloud, mimeMessage({ messageId: 'contract1@sy-precision.example', subject: 'Contract: white line', inlinePhoto: true }), { from: 'zhang.wei@sy-precision.example' });
    await sendEmail(cloud, mimeMessage({ from: 'x@unknown.example', messageId: 'contract2@unknown.example', subject: 'Contract: thanks', text: 'Thank you!' }), { from: 'x@unknown.example' });
    const waiting = await call('GET', '/queues/email-intake', { as: 'agent.wang' });
    expectStatus(waiting, 200);
    const idOf = (subject: string) => waiting.body.items.find((r: any) => r.subject === subject).inboundId as string;
    expectStatus(await call('GET', `/email-intake/${idOf('Contract: white line')}`, { as: 'agent.wang' }), 200);
    const completion = { documentNumber: document('DN-CONTRACT-EMAIL').number, urgency: 'NORMAL', category: 'PRODUCT_QUALITY', customerRequirements: 'Replace it' };
    expectStatus(await call('POST', '/master-data/documents/imports', { as: 'admin.ma', body: { format: 'json', content: [document('DN-CONTRACT-EMAIL')] } }), 200);
    expectStatus(await call('POST', `/email-intake/${idOf('Contract: white line')}/complaint`, { as: 'agent.wang', body: completion }), 201);
    expectStatus(await call('POST', `/email-intake/${idOf('Contract: white line')}/complaint`, { as: 'agent.wang', body: completion }), 200);
    const dismissed = await call('POST', `/email-intake/${idOf('Contract: thanks')}/dismiss`, { as: 'agent.wang', body: { reason: 'A thank-you note' } });
    expectStatus(dismissed, 200);
    expectStatus(await call('GET', '/queues/email-intake?state=SET_ASIDE', { as: 'agent.wang' }), 200);
  });

  it('saw every answer the document gives every route', () => {
    const missing = routes.flatMap((route) => Object.keys(answers[route.id])
      .filter((status) => !seen.get(route.id)?.has(Number(status)))
      .map((status) => `${route.id} ${status}`));
    expect(missing).toEqual([]);
  });
});
