import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessMatrix, type StaffRouteId } from '../../shared/api/access.ts';
import { Role } from '../../shared/domain/model.ts';
import { routes } from '../../infra/routes.ts';
import { setLocalPasswords } from '../../infra/local/identity.ts';
import { sampleDocuments } from '../../infra/local/sample-data.ts';
import { inSeconds, laptopComplaint, startTestCloud, waitForComplaint } from '../support/test-cloud.ts';

/**
 * Every cell of the access matrix (shared/api/access.ts), with one person per role who holds
 * only that role. Authorization is decided before the body is read, so each request carries a
 * body that is invalid: an allowed caller gets the 400 that names the field (nothing is written),
 * a refused one the 403 — which also shows the body was never looked at.
 *
 * Complaint A is "theirs" for the OWN roles: its order's salesperson is the salesperson under
 * test, and the assignee under test holds its task T1. Complaint B is nobody's of theirs.
 */
let cloud: Awaited<ReturnType<typeof startTestCloud>>;
const person = (role: Role) => `acl.${role.toLowerCase()}`;
let complaintA = '';
let complaintB = '';

beforeAll(async () => {
  cloud = await startTestCloud();
  const people = Role.options.map((role) => ({
    personId: person(role), name: `Only ${role}`, roles: [role], email: `${person(role)}@example.com`, channels: ['EMAIL'],
  }));
  const imported = await cloud.api('POST', '/master-data/people/imports', { as: 'admin.ma', body: { format: 'json', content: people } });
  expect(imported.status, JSON.stringify(imported.body)).toBe(200);
  await setLocalPasswords(cloud.endpoints.identity, cloud.identity.userPoolId, people.map((p) => p.personId));

  const { putDocument } = await import('../../shared/store/master-data.ts');
  await putDocument({ ...sampleDocuments[0]!, number: 'DN-ACL-A', serialNumber: 'SN-ACL-A', salespersonId: person('SALES') });
  await putDocument({ ...sampleDocuments[0]!, number: 'DN-ACL-B', serialNumber: 'SN-ACL-B', salespersonId: 'sales.li' });
  for (const [doc, assignee] of [['DN-ACL-A', person('TASK_ASSIGNEE')], ['DN-ACL-B', 'tech.zhou']] as const) {
    const created = await cloud.api('POST', '/complaints', { as: 'agent.wang', body: { ...laptopComplaint, documentNumber: doc } });
    const id = created.body.complaintId as string;
    await waitForComplaint(cloud.api, id, (r) => r.complaint.status === 'AWAITING_PLAN');
    const plan = await cloud.api('POST', `/complaints/${id}/plan`, {
      as: 'quality.liu',
      body: { summary: 'Check the unit', tasks: [{ title: 'Site visit', assigneeId: assignee, dueAt: inSeconds(86400) }, { title: 'Root cause', assigneeId: 'tech.zhou', dueAt: inSeconds(86400) }] },
    });
    expect(plan.status, JSON.stringify(plan.body)).toBe(201);
    if (doc === 'DN-ACL-A') complaintA = id; else complaintB = id;
  }
});
afterAll(async () => { await cloud?.stop(); });

/** A request to the route on the given complaint, with a body the route refuses as invalid. */
function request(route: StaffRouteId, complaintId: string): { method: string; path: string; body?: unknown; allowed: number[] } {
  const def = routes.find((r) => r.id === route)!;
  const path = def.path
    .replace('{complaintId}', complaintId)
    .replace('{taskId}', 'T1')
    .replace('{attachmentId}', randomUUID())
    .replace('{kind}', 'people')
    .replace('{phone}', '+8613800138000')
    .replace('{documentNumber}', 'DN-2026-0815')
    .replace('{customerCode}', 'SY001')
    .replace('{uploadId}', randomUUID())
    .replace('{inboundId}', 'EM-000000000000');
  // (No attachment and no drafted response on these complaints: an allowed caller learns so.)
  if (def.method === 'GET') return { method: def.method, path, allowed: route === 'GetAttachment' || route === 'GetEmailIntake' ? [404] : route === 'GetResponseDocuments' ? [409] : [200] };
  // Confirming an attachment has no body: an allowed caller learns the attachment does not exist.
  if (route === 'ConfirmAttachment') return { method: def.method, path, allowed: [404] };
  return { method: def.method, path, body: { unexpected: true }, allowed: [400] };
}

const cells = Object.entries(accessMatrix).flatMap(([route, grants]) =>
  Role.options.map((role) => ({ route: route as StaffRouteId, role, grant: grants[role] ?? 'DENIED' })));

describe('the access matrix, cell by cell', () => {
  it.each(cells)('$route × $role: $grant', async ({ route, role, grant }) => {
    const onComplaint = routes.find((r) => r.id === route)!.path.includes('{complaintId}');
    const own = request(route, complaintA);
    const res = await cloud.api(own.method, own.path, { as: person(role), body: own.body });
    if (grant === 'DENIED') {
      expect(res.status, JSON.stringify(res.body)).toBe(403);
      expect(JSON.stringify(res.body)).not.toMatch(/acl\.|sales\.li|tech\.zhou/); // names nobody
      return;
    }
    expect(own.allowed, JSON.stringify(res.body)).toContain(res.status);
    if (!onComplaint) return;
    const other = request(route, complaintB);
    const elsewhere = await cloud.api(other.method, other.path, { as: person(role), body: other.body });
    if (grant === 'ALL') expect(other.allowed, JSON.stringify(elsewhere.body)).toContain(elsewhere.status);
    else expect(elsewhere.status, JSON.stringify(elsewhere.body)).toBe(403);
  });

  it('lets an assignee complete only their own task, even on a complaint they are part of', async () => {
    const theirs = await cloud.api('POST', `/complaints/${complaintA}/tasks/T1/complete`, { as: person('TASK_ASSIGNEE'), body: {} });
    expect(theirs.status).toBe(400);
    const colleagues = await cloud.api('POST', `/complaints/${complaintA}/tasks/T2/complete`, { as: person('TASK_ASSIGNEE'), body: { notes: 'done' } });
    expect(colleagues.status).toBe(403);
    const record = await cloud.api('GET', `/complaints/${complaintA}`, { as: 'quality.liu' });
    expect(record.body.tasks.find((t: any) => t.taskId === 'T2').status).toBe('OPEN');
  });

  it('refuses a complete, valid request from the wrong role and writes nothing', async () => {
    const plan = { summary: 'A second plan', tasks: [{ title: 'x', assigneeId: 'tech.zhou', dueAt: inSeconds(3600) }] };
    expect((await cloud.api('POST', `/complaints/${complaintB}/plan`, { as: person('SERVICE_AGENT'), body: plan })).status).toBe(403);
    const rulesBefore = await cloud.api('GET', '/config/rules', { as: 'gm.chen' });
    const save = await cloud.api('PUT', '/config/rules', { as: person('QUALITY_MANAGER'), body: { rules: rulesBefore.body.rules, expectedVersion: rulesBefore.body.version } });
    expect(save.status).toBe(403);
    expect((await cloud.api('GET', '/config/rules', { as: 'gm.chen' })).body.version).toBe(rulesBefore.body.version);
    const intruder = [{ personId: 'intruder', name: 'Intruder', roles: ['GENERAL_MANAGER'], email: 'i@example.com' }];
    const imported = await cloud.api('POST', '/master-data/people/imports', { as: person('GENERAL_MANAGER'), body: { format: 'json', content: intruder } });
    expect(imported.status).toBe(403);
    const { getPerson } = await import('../../shared/store/master-data.ts');
    expect(await getPerson('intruder')).toBeUndefined();
    const decision = await cloud.api('POST', `/complaints/${complaintB}/sales-decision`, { as: person('SALES'), body: { decision: 'CONFIRM', contentHash: '0'.repeat(64) } });
    expect(decision.status).toBe(403);
  });
});
