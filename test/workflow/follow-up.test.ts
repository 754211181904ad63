import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseKeyRing, signActionLink } from '../../shared/domain/action-links.ts';
import { localSecretValue } from '../../infra/local/aws-endpoints.ts';
import { lifecycleDriver } from '../support/lifecycle-driver.ts';
import { tableSnapshot } from '../support/table-snapshot.ts';
import { startTestCloud } from '../support/test-cloud.ts';

/**
 * The follow-up (回访) after close, on the synthesized state machine with the real handlers: the
 * customer gets a signed satisfaction link, answers once, and a low score reaches the service
 * manager; an unanswered request is chased once, then recorded unanswered and the lifecycle ends.
 * The company's follow-up rules are set to seconds (calendar time) so the waits pass quickly.
 */
let cloud: Awaited<ReturnType<typeof startTestCloud>>;
let drive: ReturnType<typeof lifecycleDriver>;
beforeAll(async () => {
  cloud = await startTestCloud();
  drive = lifecycleDriver(cloud);
  const current = (await cloud.api('GET', '/config/rules', { as: 'gm.chen' })).body;
  const seconds = (s: number) => ({ amount: s / 60, unit: 'minutes', basis: 'calendar' });
  const rules = { ...current.rules, followUp: { after: seconds(1), chaseAfter: seconds(6), lowScoreAtMost: 2, linkValidDays: 14, channel: 'AS_RESPONSE' } };
  const saved = await cloud.api('PUT', '/config/rules', { as: 'gm.chen', body: { rules, expectedVersion: current.version } });
  expect(saved.status, JSON.stringify(saved.body)).toBe(200);
});
afterAll(async () => { await cloud?.stop(); });

const customerEmail = 'purchasing@sy-precision.example';
const byLink = (body: unknown) => cloud.api('POST', '/action-links/satisfaction', { body });

/** A complaint taken from the call to CLOSED (the customer's general email gets the response). */
async function closedComplaint(): Promise<string> {
  const id = await drive.create();
  await drive.plan(id, [{ title: 'Replace the unit', assigneeId: 'tech.zhou', dueInSeconds: 3600 }]);
  await drive.complete(id, 'T1', 'tech.zhou');
  await drive.decide(id, 'CONFIRM');
  await drive.waitFor(id, (r) => r.complaint.status === 'CLOSED');
  return id;
}

/** The satisfaction links in the emails to the customer about the complaint, oldest first. */
async function satisfactionLinks(id: string): Promise<string[]> {
  const mails = (await drive.emails(id)).filter((m) => m.destination.to.includes(customerEmail) && m.subject.includes('回访'));
  return mails.map((m) => /#(v1\.[A-Za-z0-9_.-]+)/.exec(m.body.text)?.[1]).filter((t): t is string => Boolean(t));
}

describe('the follow-up after close', () => {
  it('sends the customer a signed link; the answer is taken once, and a low score reaches the service manager', async () => {
    const id = await closedComplaint();
    const scheduled = await drive.waitFor(id, (r) => r.complaint.followUp);
    expect(scheduled.complaint.followUp).toMatchObject({ round: 1, rules: { lowScoreAtMost: 2 } });
    await expect.poll(() => cloud.stepFunctions.waitingStates(drive.executionArn(id)), { timeout: 15_000 }).toEqual(['AwaitFollowUp']);
    const [token, ...more] = await satisfactionLinks(id);
    expect(more).toEqual([]);
    const sent = await drive.waitFor(id, () => true);
    expect(sent.complaint.followUp).toMatchObject({ status: 'SENT', sentTo: { channel: 'EMAIL', address: customerEmail } });
    expect((await drive.emails(id)).find((m) => m.body.text.includes(token!))!.subject).toBe(`满意度回访：投诉 ${id}`);

    // Refusals first: each changes nothing.
    const before = await tableSnapshot();
    const ring = parseKeyRing(localSecretValue('ACTION_LINK_KEYS'));
    const grant = { p: 'SATISFACTION' as const, c: id, r: 1, s: 'SY001', e: Math.floor(Date.now() / 1000) + 3600 };
    expect((await byLink({ token: signActionLink(ring, { ...grant, e: Math.floor(Date.now() / 1000) - 1 }), rating: 1 })).status).toBe(410);
    const [v, kid, payload, sig] = token!.split('.');
    const altered = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), r: 2 })).toString('base64url');
    expect((await byLink({ token: [v, kid, altered, sig].join('.'), rating: 1 })).status).toBe(401);
    expect((await byLink({ token: signActionLink(ring, { ...grant, s: 'SY002' }), rating: 1 })).status).toBe(401);
    expect((await byLink({ token: signActionLink(ring, { ...grant, p: 'SALES_CONFIRMATION' }), rating: 1 })).status).toBe(401);
    const outOfRange = await byLink({ token, rating: 6 });
    expect(outOfRange.status).toBe(400);
    expect(outOfRange.body.issues.map((i: any) => i.path)).toEqual(['body.rating']);
    expect((await byLink({ token, rating: 2.5 })).body.issues.map((i: any) => i.path)).toEqual(['body.rating']);
    expect((await byLink({ token, rating: 2, comment: 'x'.repeat(2001) })).body.issues.map((i: any) => i.path)).toEqual(['body.comment']);
    expect(await tableSnapshot()).toBe(before);

    const answered = await byLink({ token, rating: 2, comment: 'The replacement took too long.' });
    expect(answered.status, JSON.stringify(answered.body)).toBe(200);
    expect(answered.body).toEqual({ complaintId: id, round: 1, status: 'ANSWERED', rating: 2, lowScore: true });
    const again = await byLink({ token, rating: 5 });
    expect(again).toMatchObject({ status: 409, body: { error: 'LinkUsed' } });
    const byCall = await cloud.api('POST', `/complaints/${id}/follow-up`, { as: 'agent.wang', body: { rating: 5 } });
    expect(byCall.status).toBe(409);

    const execution = await drive.finished(id);
    expect(execution.status).toBe('SUCCEEDED');
    expect(drive.path(id).slice(drive.path(id).indexOf('AnnounceClosed'))).toEqual([
      'AnnounceClosed', 'ScheduleFollowUp', 'WaitForFollowUp', 'SendFollowUp', 'AwaitFollowUp', 'FollowUpScore', 'AnnounceLowScore', 'Closed',
    ]);
    const record = await drive.waitFor(id, () => true);
    expect(record.complaint.followUp).toMatchObject({
      status: 'ANSWERED', rating: 2, comment: 'The replacement took too long.', lowScore: true, answeredBy: 'SY001', via: 'SIGNED_LINK',
    });
    expect(record.timeline.filter((e: any) => e.type === 'FOLLOW_UP_ANSWERED')).toHaveLength(1);
    // The service manager, on both channels, once; nobody else hears of the score.
    const lowScoreSms = cloud.smsOutbox.filter((m) => m.message.includes(id) && m.message.includes('回访评分'));
    expect(lowScoreSms.map((m) => m.phoneNumber)).toEqual(['+8613700000002']);
    expect(lowScoreSms[0]!.message).toContain('The replacement took too long.');
    const lowScoreMails = (await drive.emails(id)).filter((m) => m.subject.startsWith('回访低分'));
    expect(lowScoreMails.map((m) => m.destination.to)).toEqual([['zhao.lei@example.com']]);
  });

  it('takes a good score from an agent\'s follow-up call, once, and tells nobody', async () => {
    const id = await closedComplaint();
    await expect.poll(() => cloud.stepFunctions.waitingStates(drive.executionArn(id)), { timeout: 15_000 }).toEqual(['AwaitFollowUp']);
    const before = await tableSnapshot();
    expect((await cloud.api('POST', `/complaints/${id}/follow-up`, { as: 'agent.wang', body: { rating: 0 } })).body.issues.map((i: any) => i.path)).toEqual(['body.rating']);
    expect((await cloud.api('POST', `/complaints/${id}/follow-up`, { as: 'agent.wang', body: { rating: 5, extra: 1 } })).status).toBe(400);
    expect((await cloud.api('POST', `/complaints/${id}/follow-up`, { as: 'quality.liu', body: { rating: 5 } })).status).toBe(403);
    expect((await cloud.api('POST', '/complaints/CMP-2099-999999/follow-up', { as: 'agent.wang', body: { rating: 5 } })).status).toBe(404);
    expect(await tableSnapshot()).toBe(before);

    const call = { rating: 5, comment: 'Happy with the replacement' };
    const first = await cloud.api('POST', `/complaints/${id}/follow-up`, { as: 'agent.wang', body: call });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body).toMatchObject({ rating: 5, lowScore: false });
    // The same request again (a retry) is answered with what was recorded; another is a conflict.
    expect((await cloud.api('POST', `/complaints/${id}/follow-up`, { as: 'agent.wang', body: call })).status).toBe(200);
    expect((await cloud.api('POST', `/complaints/${id}/follow-up`, { as: 'service.zhao', body: { rating: 1 } })).status).toBe(409);
    const [token] = await satisfactionLinks(id);
    expect((await byLink({ token, rating: 1 })).status).toBe(409);

    expect((await drive.finished(id)).status).toBe('SUCCEEDED');
    expect(drive.path(id)).not.toContain('AnnounceLowScore');
    const record = await drive.waitFor(id, () => true);
    expect(record.complaint.followUp).toMatchObject({ status: 'ANSWERED', rating: 5, via: 'PHONE_CALL', answeredBy: 'agent.wang', lowScore: false });
    expect(record.timeline.filter((e: any) => e.type === 'FOLLOW_UP_ANSWERED')).toHaveLength(1);
    expect(cloud.smsOutbox.filter((m) => m.message.includes(id) && m.message.includes('回访评分'))).toEqual([]);
  });

  it('chases an unanswered request once, then records it unanswered and ends', async () => {
    const id = await closedComplaint();
    const execution = await drive.finished(id);
    expect(execution.status).toBe('SUCCEEDED');
    expect(drive.path(id).slice(drive.path(id).indexOf('SendFollowUp'))).toEqual([
      'SendFollowUp', 'AwaitFollowUp', 'ChaseFollowUp', 'AwaitChasedFollowUp', 'FollowUpUnanswered', 'FollowUpScore', 'Closed',
    ]);
    const record = await drive.waitFor(id, () => true);
    expect(record.complaint.followUp).toMatchObject({ status: 'UNANSWERED' });
    expect(record.complaint.followUp.chasedAt).toBeDefined();
    expect(record.timeline.map((e: any) => e.type).filter((t: string) => t.startsWith('FOLLOW_UP'))).toEqual([
      'FOLLOW_UP_SCHEDULED', 'FOLLOW_UP_SENT', 'FOLLOW_UP_CHASED', 'FOLLOW_UP_UNANSWERED',
    ]);
    const toCustomer = (await drive.emails(id)).filter((m) => m.destination.to.includes(customerEmail) && m.subject.includes('回访'));
    expect(toCustomer.map((m) => m.subject)).toEqual([`满意度回访：投诉 ${id}`, `提醒：满意度回访 投诉 ${id}`]);
    // Too late: the follow-up takes no answer once given up.
    const [, chaseToken] = await satisfactionLinks(id);
    expect((await byLink({ token: chaseToken, rating: 4 })).status).toBe(409);
    expect((await cloud.api('POST', `/complaints/${id}/follow-up`, { as: 'agent.wang', body: { rating: 4 } })).status).toBe(409);
  });
});

describe('reopening a closed complaint into a new round', () => {
  it('keeps the closed round as history and runs a new round from the plan to CLOSED; refuses what cannot be reopened', async () => {
    const id = await closedComplaint();
    await expect.poll(() => cloud.stepFunctions.waitingStates(drive.executionArn(id)), { timeout: 15_000 }).toEqual(['AwaitFollowUp']);
    const reopen = (as: string, body: unknown = { reason: 'The customer rated the handling 1: the screen failed again' }) =>
      cloud.api('POST', `/complaints/${id}/reopen`, { as, body });
    // Not while the follow-up waits for the customer; never by sales; never without a reason.
    const before = await tableSnapshot();
    expect((await reopen('service.zhao')).status).toBe(409);
    expect((await reopen('sales.li')).status).toBe(403);
    expect((await reopen('service.zhao', { reason: '   ' })).status).toBe(400);
    expect(await tableSnapshot()).toBe(before);

    const [token] = await satisfactionLinks(id);
    expect((await byLink({ token, rating: 1, comment: 'The screen failed again' })).status).toBe(200);
    expect((await drive.finished(id)).status).toBe('SUCCEEDED');

    const reopened = await reopen('service.zhao');
    expect(reopened.status, JSON.stringify(reopened.body)).toBe(200);
    expect(reopened.body).toEqual({ complaintId: id, round: 2, status: 'AWAITING_PLAN' });
    expect((await reopen('service.zhao')).body).toEqual(reopened.body); // a retry: the same answer
    const round2 = await drive.waitFor(id, (r) => r.complaint.status === 'AWAITING_PLAN');
    expect(round2.complaint).toMatchObject({ round: 2, executionId: expect.stringMatching(new RegExp(`:${id}-R2$`)) });
    expect(round2.complaint.plan).toBeUndefined();
    expect(round2.complaint.rounds).toEqual([expect.objectContaining({
      round: 1, reopenedBy: 'service.zhao', plan: expect.objectContaining({ summary: expect.any(String) }),
      response: expect.objectContaining({ revision: 1, decision: 'CONFIRMED' }), followUp: expect.objectContaining({ status: 'ANSWERED', rating: 1 }),
    })]);
    expect(round2.timeline.at(-1)).toMatchObject({ type: 'REOPENED', actor: 'service.zhao', detail: { round: 2 } });

    // Round 2's execution parks at the plan (its token in the reopened complaint) before the plan comes.
    await expect.poll(() => cloud.stepFunctions.waitingStates(drive.executionArn(`${id}-R2`)), { timeout: 15_000 }).toEqual(['AwaitPlan']);
    // Round 2: a new plan (its task numbered on), done, a new revision confirmed and sent, closed again.
    const { tasks } = await drive.plan(id, [{ title: 'Replace the whole unit', assigneeId: 'tech.zhou', dueInSeconds: 3600 }], { capa: false });
    expect(tasks.map((t: any) => t.taskId)).toEqual(['T2']);
    await drive.complete(id, 'T2', 'tech.zhou', 'Whole unit replaced');
    await drive.decide(id, 'CONFIRM');
    const closedAgain = await drive.waitFor(id, (r) => r.complaint.status === 'CLOSED');
    expect(closedAgain.complaint.response.revision).toBe(2);
    const responses = (await drive.emails(id)).filter((m) => m.destination.to.includes(customerEmail) && m.subject.includes('答复'));
    expect(responses).toHaveLength(2);
    await drive.waitFor(id, (r) => r.complaint.followUp?.round === 2);
    expect(drive.path(`${id}-R2`)[0]).toBe('Round');
    expect(drive.path(`${id}-R2`)).toContain('AwaitPlan');
    expect(drive.path(`${id}-R2`)).not.toContain('RecordIntake');
  });
});

describe('reopening while the closed round still waits at its follow-up step', () => {
  it('ends the closed round\'s execution with the recorded answer first, so it never acts on the new round', async () => {
    const id = await closedComplaint();
    await expect.poll(() => cloud.stepFunctions.waitingStates(drive.executionArn(id)), { timeout: 15_000 }).toEqual(['AwaitFollowUp']);
    // The customer's answer was recorded, and the request that recorded it died before resuming the step.
    const { writeFollowUp } = await import('../../shared/store/follow-up.ts');
    const at = new Date().toISOString();
    await writeFollowUp(id, { round: 1, from: ['SENT'], set: { status: 'ANSWERED', rating: 5, answeredAt: at, answeredBy: 'SY001', via: 'SIGNED_LINK', lowScore: false } }, {
      at, type: 'FOLLOW_UP_ANSWERED', actor: 'SY001', detail: { round: 1, rating: 5, lowScore: false, via: 'SIGNED_LINK' },
    });
    expect(cloud.stepFunctions.waitingStates(drive.executionArn(id))).toEqual(['AwaitFollowUp']);

    const reopened = await cloud.api('POST', `/complaints/${id}/reopen`, { as: 'quality.liu', body: { reason: 'The customer called: the unit failed again' } });
    expect(reopened.status, JSON.stringify(reopened.body)).toBe(200);
    expect((await drive.finished(id)).status).toBe('SUCCEEDED');
    expect(drive.path(id).at(-1)).toBe('Closed');
    await expect.poll(() => cloud.stepFunctions.waitingStates(drive.executionArn(`${id}-R2`)), { timeout: 15_000 }).toEqual(['AwaitPlan']);
  });
});
