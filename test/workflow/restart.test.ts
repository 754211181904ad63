import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { startLocalCloud, type LocalCloud } from '../../infra/local/cloud.ts';
import { freePort } from '../../infra/local/dynamodb-local.ts';
import { apiClient, laptopComplaint, waitForComplaint, inSeconds } from '../support/test-cloud.ts';
import { seedCapa } from '../support/lifecycle-driver.ts';

const dataDir = mkdtempSync(path.join(tmpdir(), 'complaint-desk-restart-'));
let cloud: LocalCloud | undefined;
afterAll(async () => {
  await cloud?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('a local cloud restarted while a complaint waits', () => {
  it('keeps the complaint completable: the execution is replayed and parks where the complaint is', async () => {
    const ports = { api: await freePort(), stepFunctions: await freePort(), sns: await freePort(), ses: await freePort(), dynamodb: await freePort(), secretsManager: await freePort(), s3: await freePort(), identity: await freePort() };
    const start = () => startLocalCloud({ templates: JSON.parse(inject('templates')), dataDir, ports, seed: true, retryIntervalMs: 0 });
    cloud = await start();
    // Tokens issued before the restart still verify after it: the provider keeps its pool and port.
    const api = apiClient(cloud.endpoints.api, (personId) => cloud!.signIn(personId));

    const { body } = await api('POST', '/complaints', { as: 'agent.wang', body: laptopComplaint });
    const id = body.complaintId;
    await waitForComplaint(api, id, (r) => r.complaint.status === 'AWAITING_PLAN');
    const sentBefore = cloud.smsOutbox.filter((m) => m.message.includes(id)).length;
    expect(sentBefore).toBeGreaterThan(0);
    await cloud.stop();

    // The same ports again (tokens name the identity provider's): a port the stopped cloud just
    // released can take a moment to be free on a loaded machine.
    for (let attempt = 1; ; attempt++) {
      try {
        cloud = await start();
        break;
      } catch (error) {
        if (!String(error).includes('EADDRINUSE') || attempt === 10) throw error;
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
    const executionArn = `${cloud.model.stateMachine.arn.replace(':stateMachine:', ':execution:')}:${id}`;
    expect(cloud.stepFunctions.describeExecution(executionArn).status).toBe('RUNNING');
    await expect.poll(() => cloud!.stepFunctions.waitingStates(executionArn), { timeout: 15_000 }).toEqual(['AwaitPlan']); // a loaded CI machine replays slowly
    // The replay walked through intake, classification and notification without repeating them.
    expect(cloud.smsOutbox.filter((m) => m.message.includes(id))).toEqual([]);

    const plan = { summary: 'fix', tasks: [{ title: 'Site visit', assigneeId: 'tech.zhou', dueAt: inSeconds(3600) }] };
    expect((await api('POST', `/complaints/${id}/plan`, { as: 'quality.liu', body: plan })).status).toBe(201);
    expect((await api('PUT', `/complaints/${id}/capa`, { as: 'quality.liu', body: { capa: seedCapa(), expectedVersion: 0 } })).status).toBe(200);
    expect((await api('POST', `/complaints/${id}/tasks/T1/complete`, { as: 'tech.zhou', body: { notes: 'done' } })).status).toBe(200);
    const drafted = await waitForComplaint(api, id, (r) => r.complaint.status === 'AWAITING_SALES_CONFIRMATION');
    const { contentHash } = drafted.complaint.response;
    expect((await api('POST', `/complaints/${id}/sales-decision`, { as: 'sales.li', body: { decision: 'CONFIRM', contentHash } })).status).toBe(200);
    // Closed: the execution sleeps until the follow-up is due (days later).
    await expect.poll(() => cloud!.stepFunctions.waitingStates(executionArn), { timeout: 15_000 }).toEqual(['WaitForFollowUp']);
    await waitForComplaint(api, id, (r) => r.complaint.status === 'CLOSED');
  });
});
