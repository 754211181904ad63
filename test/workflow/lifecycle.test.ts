import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCloud } from '../support/test-cloud.ts';
import { lifecycleDriver } from '../support/lifecycle-driver.ts';

let cloud: Awaited<ReturnType<typeof startTestCloud>>;
let drive: ReturnType<typeof lifecycleDriver>;
beforeAll(async () => {
  cloud = await startTestCloud();
  drive = lifecycleDriver(cloud);
});
afterAll(async () => { await cloud?.stop(); });

const siteVisit = { title: 'Send quality and production staff to the customer site', assigneeId: 'tech.zhou' };
const rootCause = { title: 'Find the root cause and a preventive measure', assigneeId: 'quality.liu' };

describe('the lifecycle state machine (synthesized ASL, real handlers, DynamoDB Local)', () => {
  it('takes the happy path from the call to CLOSED, telling the four managers on their channels', async () => {
    const id = await drive.create();
    await drive.plan(id, [{ ...siteVisit, dueInSeconds: 3600 }, { ...rootCause, dueInSeconds: 7 * 86_400 }]);
    await drive.complete(id, 'T1', 'tech.zhou');
    await drive.complete(id, 'T2', 'quality.liu', 'Root cause: no shock protection. Prevention: foam on each pallet.');

    await drive.waitFor(id, (r) => r.complaint.status === 'AWAITING_SALES_CONFIRMATION');
    const beforeConfirmation = await drive.emails(id);
    expect(beforeConfirmation.filter((m) => m.destination.to.includes('purchasing@sy-precision.example'))).toEqual([]);

    await drive.decide(id, 'CONFIRM');
    await drive.closed(id);
    const record = await drive.waitFor(id, (r) => r.complaint.status === 'CLOSED');

    expect(drive.path(id)).toEqual([
      'Round', 'RecordIntake', 'Classify', 'NotifyRoutedPeople', 'Notify', 'AwaitPlan', 'AnnouncePlan', 'RunTasks', 'TaskTimer', 'AwaitTask',
      'AnnounceTaskDone', 'PrepareResponse', 'ResponseDrafted', 'AwaitSalesConfirmation', 'SalesDecision', 'SendResponse', 'CloseComplaint', 'AnnounceClosed',
      'ScheduleFollowUp', 'WaitForFollowUp',
    ]);
    expect(record.timeline.some((e: any) => e.type === 'SLA_ALERT')).toBe(false);

    // Channel preferences of the seeded managers: sales and quality SMS + email, purchasing email, GM SMS.
    const createdSms = drive.sms(id).filter((m) => m.message.includes('complaint') || m.message.includes('新投诉'));
    expect(createdSms.map((m) => m.phoneNumber).sort()).toEqual(['+8613700000003', '+8613700000004', '+8613700000006']);
    expect(createdSms.every((m) => m.smsType === 'Transactional')).toBe(true);
    const emails = await drive.emails(id);
    const createdEmails = emails.filter((m) => m.subject.startsWith('新投诉') || m.subject.startsWith('New'));
    expect(createdEmails.map((m) => m.destination.to[0]).sort()).toEqual(['li.na@example.com', 'liu.yang@example.com', 'sun.qiang@example.com']);
    expect(drive.sms(id).find((m) => m.phoneNumber === '+8613700000006')!.message).toMatch(/^New complaint/);

    const toCustomer = emails.filter((m) => m.destination.to.includes('purchasing@sy-precision.example'));
    expect(toCustomer).toHaveLength(1);
    expect(toCustomer[0]!.body.text).toContain('Root cause: no shock protection');
    // SY001 is a zh-CN customer: the letter is drafted in Chinese.
    expect(toCustomer[0]!.body.text).toMatch(/^尊敬的Shenyang Precision Instruments Co.：/);
    expect(toCustomer[0]!.body.text).toContain('此致');
    // No contact was named on the call: the customer's general address, and the record says so.
    const sentTo = { channel: 'EMAIL', address: 'purchasing@sy-precision.example', basis: 'CUSTOMER_DEFAULT' };
    expect(record.complaint.response.sentTo).toEqual(sentTo);
    expect(record.timeline.find((e: any) => e.type === 'RESPONDED').detail.sentTo).toEqual(sentTo);

    // The service desk hears of each finished task and of the close: the agent by email, the service manager on both.
    const toServiceManager = drive.sms(id).filter((m) => m.phoneNumber === '+8613700000002').map((m) => m.message);
    expect(toServiceManager.filter((m) => m.includes('已完成'))).toHaveLength(2);
    expect(toServiceManager.filter((m) => m.includes('已答复客户并关闭'))).toHaveLength(1);
    expect(emails.filter((m) => m.destination.to.includes('wang.fang@example.com')).map((m) => m.subject).sort())
      .toEqual([`任务完成 ${id}`, `任务完成 ${id}`, `投诉已关闭 ${id}`]);
  });

  it('raises one SLA alert when a task passes its deadline, keeps waiting, and goes on once it is done', async () => {
    const id = await drive.create();
    await drive.plan(id, [{ ...siteVisit, dueInSeconds: 2 }, { ...rootCause, dueInSeconds: 3600 }]);
    await drive.complete(id, 'T2', 'quality.liu');

    const alerted = await drive.waitFor(id, (r) => r.timeline.some((e: any) => e.type === 'SLA_ALERT'), 15);
    expect(alerted.tasks.find((t: any) => t.taskId === 'T1')).toMatchObject({ status: 'OPEN' });
    expect(alerted.timeline.filter((e: any) => e.type === 'SLA_ALERT')).toHaveLength(1);
    // Still waiting for the task, now with the timer set for escalation level 2.
    await expect.poll(() => cloud.stepFunctions.waitingStates(drive.executionArn(id))).toEqual(['AwaitTask']);

    const alertSms = () => drive.sms(id).filter((m) => m.message.includes('已超过期限'));
    expect(alertSms().map((m) => m.phoneNumber).sort()).toEqual(['+8613700000003', '+8613700000007']);
    const reminders = drive.sms(id).filter((m) => m.message.startsWith('提醒'));
    expect(reminders.map((m) => m.phoneNumber)).toEqual(['+8613700000007', '+8613700000007']);

    await drive.complete(id, 'T1', 'tech.zhou');
    await drive.decide(id, 'CONFIRM');
    await drive.closed(id);
    expect(drive.path(id)).toEqual(expect.arrayContaining(['AwaitTask', 'TaskCheckpoint', 'AnnounceTaskDone', 'AnnounceClosed', 'WaitForFollowUp']));
    const closed = await drive.waitFor(id, (r) => r.complaint.status === 'CLOSED');
    expect(closed.timeline.filter((e: any) => e.type === 'SLA_ALERT')).toHaveLength(1);
    expect(alertSms()).toHaveLength(2);
  });

  it('stays quiet about a task completed just before its deadline', async () => {
    const id = await drive.create();
    await drive.plan(id, [{ ...siteVisit, dueInSeconds: 2 }]);
    await drive.complete(id, 'T1', 'tech.zhou');
    await drive.decide(id, 'CONFIRM');
    await drive.closed(id);
    await new Promise((r) => setTimeout(r, 2500)); // past the deadline
    const record = await drive.waitFor(id, () => true);
    expect(record.timeline.some((e: any) => e.type === 'SLA_ALERT')).toBe(false);
    expect(drive.path(id)).not.toContain('TaskCheckpoint');
    expect(record.timeline.filter((e: any) => ['TASK_REMINDER', 'ESCALATION'].includes(e.type))).toEqual([]);
    expect(drive.sms(id).filter((m) => m.message.includes('已超过期限') || m.message.startsWith('提醒'))).toEqual([]);
  });

  it('sends a rejected response back for revision and sends only the confirmed revision', async () => {
    const id = await drive.create();
    await drive.plan(id, [{ ...siteVisit, dueInSeconds: 3600 }]);
    await drive.complete(id, 'T1', 'tech.zhou');
    await drive.decide(id, 'REJECT', 'Mention the replacement unit');

    const rejected = await drive.waitFor(id, (r) => r.complaint.status === 'REVISION_REQUESTED');
    expect(rejected.complaint.response).toMatchObject({ revision: 1, decision: 'REJECTED', decidedBy: 'sales.li' });
    const revised = `${rejected.complaint.response.text}\nWe replaced the laptop on site.`;
    const res = await cloud.api('PUT', `/complaints/${id}/response`, { as: 'quality.liu', body: { text: revised } });
    expect(res.status).toBe(200);

    await drive.waitFor(id, (r) => r.complaint.status === 'AWAITING_SALES_CONFIRMATION' && r.complaint.response.revision === 2);
    await drive.decide(id, 'CONFIRM');
    await drive.closed(id);

    const entered = cloud.stepFunctions.history(drive.executionArn(id)).filter((e) => e.type.endsWith('StateEntered')).map((e) => e.name);
    expect(entered.filter((n) => n === 'AwaitSalesConfirmation')).toHaveLength(2);
    expect(entered).toContain('AwaitResponseRevision');

    const toCustomer = (await drive.emails(id)).filter((m) => m.destination.to.includes('purchasing@sy-precision.example'));
    expect(toCustomer).toHaveLength(1);
    expect(toCustomer[0]!.body.text).toContain('We replaced the laptop on site.');
    // Sales were asked once per revision, on each of their channels.
    expect(drive.sms(id).filter((m) => m.phoneNumber === '+8613700000004' && /revision|第/.test(m.message))).toHaveLength(2);
  });

  it('tells the quality manager of each rejection once, with the revision and the salesperson\'s comment', async () => {
    const id = await drive.create();
    await drive.plan(id, [{ ...siteVisit, dueInSeconds: 3600 }]);
    await drive.complete(id, 'T1', 'tech.zhou');
    await drive.decide(id, 'REJECT', 'Mention the replacement unit');
    await drive.waitFor(id, (r) => r.complaint.status === 'REVISION_REQUESTED');
    // The same rejection again (a retried request) is answered as the first and sends nothing;
    // another decision on the decided revision is a conflict.
    const retried = await cloud.api('POST', `/complaints/${id}/sales-decision`, { as: 'sales.li', body: { decision: 'REJECT', comment: 'Mention the replacement unit', revision: 1 } });
    expect(retried.status).toBe(200);
    expect(retried.body).toEqual({ complaintId: id, decision: 'REJECTED', revision: 1 });
    const changedMind = await cloud.api('POST', `/complaints/${id}/sales-decision`, { as: 'sales.li', body: { decision: 'CONFIRM', revision: 1, contentHash: '0'.repeat(64) } });
    expect(changedMind.status).toBe(409);

    // quality.liu (zh-CN, SMS and email) wrote the plan; nobody else hears of the rejection.
    // (The salesperson's own request says 确认或退回 too: the notice is the one with 退回意见.)
    const noticeSms = () => drive.sms(id).filter((m) => m.message.includes('退回意见'));
    const noticeEmails = async () => (await drive.emails(id)).filter((m) => m.subject.startsWith('投诉答复被退回'));
    // The notice comes from a workflow step after the rejection: wait for it (a loaded machine is slow).
    const settles = { timeout: 15_000 };
    await expect.poll(() => noticeSms().length, settles).toBe(1);
    await expect.poll(async () => (await noticeEmails()).length, settles).toBe(1);
    expect(noticeSms()[0]).toMatchObject({ phoneNumber: '+8613700000003' });
    expect(noticeSms()[0]!.message).toContain(`投诉 ${id}`);
    expect(noticeSms()[0]!.message).toContain('第 1 版');
    expect(noticeSms()[0]!.message).toContain('Mention the replacement unit');
    expect((await noticeEmails())[0]!.destination.to).toEqual(['liu.yang@example.com']);

    // A later revision rejected is a new notice.
    await cloud.api('PUT', `/complaints/${id}/response`, { as: 'quality.liu', body: { text: 'We replace the unit.' } });
    await drive.decide(id, 'REJECT', 'Say when the replacement arrives');
    await expect.poll(() => noticeSms().length, settles).toBe(2);
    expect(noticeSms()[1]!.message).toContain('第 2 版');
    expect(noticeSms()[1]!.message).toContain('Say when the replacement arrives');
    await cloud.api('PUT', `/complaints/${id}/response`, { as: 'quality.liu', body: { text: 'We replace the unit on Monday.' } });
    await drive.decide(id, 'CONFIRM');
    await drive.closed(id);

    const record = await drive.waitFor(id, (r) => r.complaint.status === 'CLOSED');
    const notices = record.deliveries.filter((d: any) => d.event.startsWith('RESPONSE_REJECTED')).map((d: any) => `${d.event}#${d.recipientId}#${d.channel}`).sort();
    expect(notices).toEqual([
      'RESPONSE_REJECTED#rev1#quality.liu#EMAIL', 'RESPONSE_REJECTED#rev1#quality.liu#SMS',
      'RESPONSE_REJECTED#rev2#quality.liu#EMAIL', 'RESPONSE_REJECTED#rev2#quality.liu#SMS',
    ]);
    expect(noticeSms()).toHaveLength(2);
    expect(await noticeEmails()).toHaveLength(2);
  });

  it('sends the response to the contact who complained and records where it went', async () => {
    // Zhang Wei is SY001's purchasing contact (zhang.wei@…, 138 0013 8000); the agent typed his number.
    const id = await drive.create({ contactName: 'Zhang Wei', contactPhone: '138 0013 8000' });
    await drive.plan(id, [{ ...siteVisit, dueInSeconds: 3600 }]);
    await drive.complete(id, 'T1', 'tech.zhou');
    await drive.decide(id, 'CONFIRM');
    await drive.closed(id);
    const record = await drive.waitFor(id, (r) => r.complaint.status === 'CLOSED');

    const emails = await drive.emails(id);
    expect(emails.filter((m) => m.destination.to.includes('zhang.wei@sy-precision.example'))).toHaveLength(1);
    expect(emails.filter((m) => m.destination.to.includes('purchasing@sy-precision.example'))).toEqual([]);
    const sentTo = { channel: 'EMAIL', address: 'zhang.wei@sy-precision.example', contactName: 'Zhang Wei', basis: 'COMPLAINT_CONTACT' };
    expect(record.complaint.response.sentTo).toEqual(sentTo);
    expect(record.timeline.find((e: any) => e.type === 'RESPONDED').detail).toMatchObject({ revision: 1, sentTo });
  });

  it('refuses to send a response that sales have not confirmed, whoever asks', async () => {
    const id = await drive.create();
    await drive.plan(id, [{ ...siteVisit, dueInSeconds: 3600 }]);
    await drive.complete(id, 'T1', 'tech.zhou');
    await drive.waitFor(id, (r) => r.complaint.status === 'AWAITING_SALES_CONFIRMATION');
    const { sendResponse } = await import('../../shared/services/respond.ts');
    const links = { keysSecretId: 'unused', pageUrl: 'http://localhost/action' };
    await expect(sendResponse(id, 'complaints@example.com', 'unused-bucket', links)).rejects.toMatchObject({ name: 'ResponseNotConfirmed' });
    expect((await drive.emails(id)).filter((m) => m.destination.to.includes('purchasing@sy-precision.example'))).toEqual([]);
  });

  it('refuses a sales decision from someone who is not the salesperson or a sales manager', async () => {
    const id = await drive.create();
    await drive.plan(id, [{ ...siteVisit, dueInSeconds: 3600 }]);
    await drive.complete(id, 'T1', 'tech.zhou');
    await drive.waitFor(id, (r) => r.complaint.status === 'AWAITING_SALES_CONFIRMATION');
    const res = await cloud.api('POST', `/complaints/${id}/sales-decision`, { as: 'quality.liu', body: { decision: 'CONFIRM', contentHash: '0'.repeat(64) } });
    expect(res.status).toBe(403);
    const rejectWithoutReason = await cloud.api('POST', `/complaints/${id}/sales-decision`, { as: 'sales.li', body: { decision: 'REJECT' } });
    expect(rejectWithoutReason.status).toBe(400);
    expect(rejectWithoutReason.body.issues[0].path).toBe('body.comment');
    expect((await drive.waitFor(id, () => true)).complaint.status).toBe('AWAITING_SALES_CONFIRMATION');
  });
});

describe('a decision recorded by a request that died before resuming the workflow', () => {
  /** What decideOnResponse records, without the resume that follows it (the request died there). */
  async function recordOnly(id: string, decision: 'CONFIRMED' | 'REJECTED', comment: string, linkUse?: string) {
    const { advanceComplaint } = await import('../../shared/store/complaints.ts');
    const { linkUsePut } = await import('../../shared/store/action-links.ts');
    const at = new Date().toISOString();
    await advanceComplaint(id, {
      to: decision === 'CONFIRMED' ? 'CONFIRMED' : 'REVISION_REQUESTED', actor: 'sales.li', at, eventType: `RESPONSE_${decision}`,
      set: { 'response.decision': decision, 'response.decidedBy': 'sales.li', 'response.decidedAt': at, 'response.comment': comment },
      eventDetail: { revision: 1, comment },
      extraItems: linkUse ? [linkUsePut(linkUse, { complaintId: id, usedBy: 'sales.li', usedAt: at })] : undefined,
    });
  }
  /** The sales step parked: its token stored where the decision's request finds it. */
  async function parked(id: string) {
    const { getComplaint } = await import('../../shared/store/complaints.ts');
    await expect.poll(async () => Boolean((await getComplaint(id)).stepTokens?.SALES_CONFIRMATION), { timeout: 15_000 }).toBe(true);
  }
  const waiting = (id: string) => cloud.stepFunctions.waitingStates(`${cloud.model.stateMachine.arn.replace(':stateMachine:', ':execution:')}:${id}`);

  it('is carried on by the retried request (same person, same content)', async () => {
    const id = await drive.create();
    await drive.plan(id, [{ ...siteVisit, dueInSeconds: 3600 }]);
    await drive.complete(id, 'T1', 'tech.zhou');
    await drive.waitFor(id, (r) => r.complaint.status === 'AWAITING_SALES_CONFIRMATION');
    await parked(id);
    await recordOnly(id, 'REJECTED', 'Mention the replacement unit');
    await new Promise((r) => setTimeout(r, 300));
    expect(waiting(id)).toEqual(['AwaitSalesConfirmation']); // stuck without the retry

    const retried = await cloud.api('POST', `/complaints/${id}/sales-decision`, { as: 'sales.li', body: { decision: 'REJECT', comment: 'Mention the replacement unit', revision: 1 } });
    expect(retried.status, JSON.stringify(retried.body)).toBe(200);
    await expect.poll(() => waiting(id), { timeout: 15_000 }).toEqual(['AwaitResponseRevision']);
  });

  it('is carried on when the signed link is used again (still refused as used)', async () => {
    const id = await drive.create();
    await drive.plan(id, [{ ...siteVisit, dueInSeconds: 3600 }]);
    await drive.complete(id, 'T1', 'tech.zhou');
    await drive.waitFor(id, (r) => r.complaint.status === 'AWAITING_SALES_CONFIRMATION');
    const { signActionLink, parseKeyRing } = await import('../../shared/domain/action-links.ts');
    const { localSecretValue } = await import('../../infra/local/aws-endpoints.ts');
    const grant = { p: 'SALES_CONFIRMATION' as const, c: id, r: 1, s: 'sales.li', e: Math.floor(Date.now() / 1000) + 3600 };
    const token = signActionLink(parseKeyRing(localSecretValue('ACTION_LINK_KEYS')), grant);
    const { linkUseKey } = await import('../../shared/domain/action-links.ts');
    await parked(id);
    await recordOnly(id, 'CONFIRMED', '', linkUseKey(grant));
    await new Promise((r) => setTimeout(r, 300));
    expect(waiting(id)).toEqual(['AwaitSalesConfirmation']);

    const again = await cloud.api('POST', '/action-links/sales-decision', { body: { token, decision: 'CONFIRM', contentHash: '0'.repeat(64) } });
    expect(again.status).toBe(409);
    await drive.closed(id);
  });
});
