import { expect } from 'vitest';
import type { LocalCloud } from '../../infra/local/cloud.ts';
import { inSeconds, laptopComplaint, waitForComplaint, type ApiClient } from './test-cloud.ts';
import { sampleDocuments } from '../../infra/local/sample-data.ts';

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
    plan(id: string, tasks: { title: string; assigneeId: string; dueInSeconds: number }[]) {
      return ok(api('POST', `/complaints/${id}/plan`, {
        as: 'quality.liu',
        body: { summary: 'Handle the white-line laptop', tasks: tasks.map((t) => ({ title: t.title, assigneeId: t.assigneeId, dueAt: inSeconds(t.dueInSeconds) })) },
      }));
    },
    complete(id: string, taskId: string, as: string, notes = `${taskId} done`) {
      return ok(api('POST', `/complaints/${id}/tasks/${taskId}/complete`, { as, body: { notes } }));
    },
    async decide(id: string, decision: 'CONFIRM' | 'REJECT', comment?: string) {
      await waitForComplaint(api, id, (r) => r.complaint.status === 'AWAITING_SALES_CONFIRMATION');
      return ok(api('POST', `/complaints/${id}/sales-decision`, { as: 'sales.li', body: { decision, comment } }));
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
    sms(id: string) {
      return cloud.smsOutbox.filter((m) => m.message.includes(id));
    },
    async emails(id: string): Promise<{ subject: string; destination: { to: string[] }; body: { text: string } }[]> {
      const store = await (await fetch(`${cloud.endpoints.ses}/store`)).json() as { emails: any[] };
      return store.emails.filter((m) => m.subject.includes(id));
    },
  };
}
