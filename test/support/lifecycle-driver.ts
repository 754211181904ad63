import { expect } from 'vitest';
import type { LocalCloud } from '../../infra/local/cloud.ts';
import { inSeconds, laptopComplaint, waitForComplaint, type ApiClient } from './test-cloud.ts';
import { sampleDocuments } from '../../infra/local/sample-data.ts';

/** The seed scenario's CAPA (../shared/seeds 001): transport damage, foam around the cartons. */
export const seedCapa = () => ({
  containment: 'Replacement laptop sent by express; the remaining stock checked for the same damage',
  rootCause: { category: 'METHOD', description: 'No shock protection in transport' },
  correctiveAction: 'Repack the remaining units of the order with shock protection',
  preventiveActions: [{ id: 'PA1', description: 'Foam around the cartons on each pallet', ownerId: 'quality.liu', dueAt: inSeconds(30 * 86_400), status: 'PLANNED' }],
});

/** Drives complaints through the API the way people would, for workflow tests. */
export function lifecycleDriver(cloud: LocalCloud & { api: ApiClient }) {
  const { api } = cloud;
  let documents = 0;
  const executionArn = (id: string) => `${cloud.model.stateMachine.arn.replace(':stateMachine:', ':execution:')}:${id}`;

  const ok = async (call: Promise<{ status: number; body: any }>) => {
    const res = await call;
    expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
    return res.body;
  };

  return {
    executionArn,
    /** A complaint about a delivery of its own, so open-case detection keeps them apart. */
    async create(fields: Record<string, unknown> = {}): Promise<string> {
      const { putDocument } = await import('../../shared/store/master-data.ts');
      const n = ++documents;
      await putDocument({ ...sampleDocuments[0]!, number: `DN-TEST-${n}`, serialNumber: `SN-TEST-${n}` });
      const body = { ...laptopComplaint, ...fields, documentNumber: `DN-TEST-${n}` };
      const { complaintId } = await ok(api('POST', '/complaints', { as: 'agent.wang', body }));
      await waitForComplaint(api, complaintId, (r) => r.complaint.status === 'AWAITING_PLAN');
      return complaintId;
    },
    /**
     * Submit the plan as the quality manager, who also records the CAPA (root cause and a
     * preventive action) unless `capa: false`: a product-quality response waits for it.
     */
    async plan(id: string, tasks: { title: string; assigneeId: string; dueInSeconds: number; investigation?: boolean }[], options: { capa?: boolean } = {}) {
      const planned = await ok(api('POST', `/complaints/${id}/plan`, {
        as: 'quality.liu',
        body: { summary: 'Handle the white-line laptop', tasks: tasks.map((t) => ({ title: t.title, assigneeId: t.assigneeId, dueAt: inSeconds(t.dueInSeconds), investigation: t.investigation })) },
      }));
      if (options.capa !== false) await ok(api('PUT', `/complaints/${id}/capa`, { as: 'quality.liu', body: { capa: seedCapa(), expectedVersion: 0 } }));
      return planned;
    },
    complete(id: string, taskId: string, as: string, notes = `${taskId} done`) {
      return ok(api('POST', `/complaints/${id}/tasks/${taskId}/complete`, { as, body: { notes } }));
    },
    /** The salesperson decides on the waiting revision; a confirmation names the content read. */
    async decide(id: string, decision: 'CONFIRM' | 'REJECT', comment?: string) {
      const waiting = await waitForComplaint(api, id, (r) => r.complaint.status === 'AWAITING_SALES_CONFIRMATION');
      const contentHash = decision === 'CONFIRM' ? waiting.complaint.response.contentHash : undefined;
      return ok(api('POST', `/complaints/${id}/sales-decision`, { as: 'sales.li', body: { decision, comment, contentHash } }));
    },
    waitFor: (id: string, test: (record: any) => boolean, seconds?: number) => waitForComplaint(api, id, test, seconds),
    /** Names of the states the execution entered, in order, each once. */
    path(id: string): string[] {
      const names = cloud.stepFunctions.history(executionArn(id)).filter((e) => e.type.endsWith('StateEntered')).map((e) => e.name!);
      return [...new Set(names)];
    },
    async finished(id: string) {
      return cloud.stepFunctions.settled(executionArn(id));
    },
    /**
     * The complaint's handling is over: its execution closed it and sleeps until the follow-up is
     * due (days later, under the default rules), or has ended.
     */
    async closed(id: string) {
      // (A loop, not expect.poll: fixtures call this from beforeAll.)
      for (const deadline = Date.now() + 20_000; ;) {
        const { status } = cloud.stepFunctions.describeExecution(executionArn(id));
        if (status !== 'RUNNING' || cloud.stepFunctions.waitingStates(executionArn(id)).includes('WaitForFollowUp')) break;
        if (Date.now() > deadline) throw new Error(`the execution of ${id} never closed the complaint`);
        await new Promise((r) => setTimeout(r, 50));
      }
      const execution = cloud.stepFunctions.describeExecution(executionArn(id));
      expect(execution.status, execution.cause).not.toBe('FAILED');
      return execution;
    },
    sms(id: string) {
      return cloud.smsOutbox.filter((m) => m.message.includes(id));
    },
    async emails(id: string): Promise<{ subject: string; destination: { to: string[] }; body: { text: string } }[]> {
      const store = await (await fetch(`${cloud.endpoints.ses}/store`)).json() as { emails: any[] };
      return store.emails.filter((m) => m.subject.includes(id));
    },
  };
}
