import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCloud } from '../support/test-cloud.ts';
import { lifecycleDriver } from '../support/lifecycle-driver.ts';

/**
 * Every step that sends something crashes once right after doing its work — as a Lambda that
 * times out after its side effect would — and Step Functions retries it. Nobody may hear twice.
 */
const crashOnce = new Set(['Notify', 'TaskCheckpoint', 'AwaitSalesConfirmation', 'AnnounceRejection', 'AnnounceTaskDone', 'AnnounceClosed']);
const attempts = new Map<string, number>();
/**
 * Set by a test: the first SendResponse dies after sending and before recording RESPONDED
 * (`diesAfterSending` plays that first attempt), then `betweenSendAndRetry` runs before the retry.
 */
let sendResponseFault: { diesAfterSending: (complaintId: string) => Promise<void>; betweenSendAndRetry: () => Promise<void> } | undefined;

let cloud: Awaited<ReturnType<typeof startTestCloud>>;
let drive: ReturnType<typeof lifecycleDriver>;
beforeAll(async () => {
  cloud = await startTestCloud({
    taskHook: async (stateName, payload, invoke) => {
      if (stateName === 'SendResponse' && sendResponseFault) {
        const fault = sendResponseFault;
        sendResponseFault = undefined;
        await fault.diesAfterSending((payload as { complaintId: string }).complaintId);
        await fault.betweenSendAndRetry();
        throw new Error('SendResponse died after sending');
      }
      const result = await invoke();
      if (crashOnce.has(stateName)) {
        const { taskToken: _token, ...stable } = payload as Record<string, unknown>;
        const key = `${stateName}:${JSON.stringify(stable)}`;
        const attempt = (attempts.get(key) ?? 0) + 1;
        attempts.set(key, attempt);
        if (attempt === 1) throw new Error(`${stateName} crashed after its side effect`);
      }
      return result;
    },
  });
  drive = lifecycleDriver(cloud);
});
afterAll(async () => { await cloud?.stop(); });

describe('retried steps', () => {
  it('deliver each notification once per person and channel', async () => {
    const id = await drive.create();
    await drive.plan(id, [{ title: 'Site visit', assigneeId: 'tech.zhou', dueInSeconds: 1 }]);
    await drive.waitFor(id, (r) => r.timeline.some((e: any) => e.type === 'SLA_ALERT'), 15);
    await drive.complete(id, 'T1', 'tech.zhou');
    await drive.decide(id, 'REJECT', 'Mention the replacement unit');
    await drive.waitFor(id, (r) => r.complaint.status === 'REVISION_REQUESTED');
    await cloud.api('PUT', `/complaints/${id}/response`, { as: 'quality.liu', body: { text: 'We replaced the unit on site.' } });
    await drive.decide(id, 'CONFIRM');
    await drive.closed(id);

    const retried = cloud.stepFunctions.history(drive.executionArn(id)).filter((e) => e.type === 'StateRetried').map((e) => e.name);
    expect(new Set(retried)).toEqual(crashOnce);
    expect(retried.filter((n) => n === 'Notify')).toHaveLength(6); // one per routed person × channel

    // Every message in the outboxes has exactly one delivery-log entry: nothing was sent twice.
    const record0 = await drive.waitFor(id, (r) => r.complaint.status === 'CLOSED');
    const logged = (channel: string) => record0.deliveries.filter((d: any) => d.channel === channel).length;
    expect(drive.sms(id)).toHaveLength(logged('SMS'));
    expect(await drive.emails(id)).toHaveLength(logged('EMAIL'));
    const keys = record0.deliveries.map((d: any) => `${d.event}#${d.recipientId}#${d.channel}`);
    expect(new Set(keys).size).toBe(keys.length);
    // A product-quality urgent complaint: one message per routed manager per channel they accept, in their language.
    const created = record0.deliveries.filter((d: any) => d.event === 'COMPLAINT_CREATED').map((d: any) => `${d.recipientId}#${d.channel}`).sort();
    expect(created).toEqual(['gm.chen#SMS', 'purchasing.sun#EMAIL', 'quality.liu#EMAIL', 'quality.liu#SMS', 'sales.li#EMAIL', 'sales.li#SMS']);
    expect(drive.sms(id).find((m) => m.phoneNumber === '+8613700000006' && m.message.includes('complaint'))!.message).toMatch(/^New complaint/);
    expect(drive.sms(id).find((m) => m.phoneNumber === '+8613700000004')!.message).toMatch(/^新投诉/);
    // The ones this test crashed after: all there, once.
    expect(keys).toEqual(expect.arrayContaining([
      'COMPLAINT_CREATED#gm.chen#SMS', 'TASK_OVERDUE#T1#ESCALATION1#quality.liu#SMS', 'AWAITING_SALES_CONFIRMATION#rev1#sales.li#EMAIL',
      'TASK_COMPLETED#T1#service.zhao#SMS', 'COMPLAINT_CLOSED#agent.wang#EMAIL',
      'RESPONSE_REJECTED#rev1#quality.liu#SMS', 'RESPONSE_REJECTED#rev1#quality.liu#EMAIL',
    ]));

    const record = await drive.waitFor(id, (r) => r.complaint.status === 'CLOSED');
    expect(record.timeline.filter((e: any) => e.type === 'SLA_ALERT')).toHaveLength(1);
    expect(record.deliveries.every((d: any) => d.status === 'SENT')).toBe(true);
  });

  it('send the response once, to the same address, when master data changes between a crashed send and its retry', async () => {
    const { getCustomer, putCustomer } = await import('../../shared/store/master-data.ts');
    const before = (await getCustomer('SY001'))!;
    // The first attempt sends as SendResponse does, up to the send; between it and the retry the
    // customer's email is removed: a fresh choice of recipient would now be an SMS.
    sendResponseFault = {
      async diesAfterSending(complaintId) {
        const { getComplaint, pinResponseRecipient } = await import('../../shared/store/complaints.ts');
        const { responseRecipient } = await import('../../shared/domain/response.ts');
        const { renderMessage } = await import('../../shared/domain/messages.ts');
        const { deliverOnce } = await import('../../shared/notifications/deliver.ts');
        const complaint = await getComplaint(complaintId);
        const sentTo = await pinResponseRecipient(complaintId, complaint.response!.revision, responseRecipient(complaint, before)!);
        await deliverOnce({
          complaintId, event: `RESPONSE#rev${complaint.response!.revision}`, recipientId: before.code, channel: sentTo.channel, address: sentTo.address,
          message: renderMessage('RESPONSE', before.locale, { complaint }, sentTo.channel), senderEmail: process.env.SENDER_EMAIL!,
        });
      },
      betweenSendAndRetry: () => putCustomer({ ...before, email: undefined }),
    };
    try {
      const id = await drive.create();
      await drive.plan(id, [{ title: 'Site visit', assigneeId: 'tech.zhou', dueInSeconds: 3600 }]);
      await drive.complete(id, 'T1', 'tech.zhou');
      await drive.decide(id, 'CONFIRM');
      await drive.closed(id);
      const record = await drive.waitFor(id, (r) => r.complaint.status === 'CLOSED');
      const responses = record.deliveries.filter((d: any) => String(d.event).startsWith('RESPONSE#'));
      expect(responses).toHaveLength(1);
      expect(responses[0]).toMatchObject({ channel: 'EMAIL', status: 'SENT' });
      expect(record.complaint.response.sentTo).toMatchObject({ channel: 'EMAIL', address: before.email, basis: 'CUSTOMER_DEFAULT' });
      expect(cloud.stepFunctions.history(drive.executionArn(id)).filter((e) => e.type === 'StateRetried').map((e) => e.name)).toContain('SendResponse');
    } finally {
      await putCustomer(before);
    }
  });
});
