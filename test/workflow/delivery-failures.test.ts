import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCloud } from '../support/test-cloud.ts';
import { lifecycleDriver } from '../support/lifecycle-driver.ts';

let cloud: Awaited<ReturnType<typeof startTestCloud>>;
let drive: ReturnType<typeof lifecycleDriver>;
beforeAll(async () => {
  cloud = await startTestCloud();
  drive = lifecycleDriver(cloud);
  // A second general manager whose mobile number was mistyped at some point (bad master data).
  const { putPerson } = await import('../../shared/store/master-data.ts');
  await putPerson({ personId: 'gm.typo', name: 'Typo', roles: ['GENERAL_MANAGER'], phone: '+86123', email: 'typo@example.com', locale: 'en', channels: ['SMS', 'EMAIL'], active: true });
});
afterAll(async () => { await cloud?.stop(); });

describe('delivery failures', () => {
  it('records a permanent failure on the complaint, still tells everyone else, and goes on', async () => {
    const id = await drive.create();
    const record = await drive.waitFor(id, (r) => r.timeline.some((e: any) => e.type === 'DELIVERY_FAILED'));
    const failed = record.deliveries.filter((d: any) => d.status === 'FAILED_PERMANENTLY');
    expect(failed).toEqual([expect.objectContaining({ recipientId: 'gm.typo', channel: 'SMS', address: '+86123', error: expect.stringContaining('InvalidParameter') })]);
    expect(record.timeline.find((e: any) => e.type === 'DELIVERY_FAILED').detail).toMatchObject({ recipientId: 'gm.typo', channel: 'SMS' });
    // The same person's email, and every other manager, were reached; the workflow waits for the plan.
    expect((await drive.emails(id)).some((m) => m.destination.to.includes('typo@example.com'))).toBe(true);
    expect(drive.sms(id).map((m) => m.phoneNumber).sort()).toEqual(['+8613700000003', '+8613700000004', '+8613700000006']);
    expect(record.complaint.status).toBe('AWAITING_PLAN');
  });

  it('retries throttled sends with backoff until they go through, once each', async () => {
    // The SDK retries throttling itself (3 attempts); more than that fails the step, which Step Functions retries.
    cloud.faults.sns.throttleNext(9);
    const id = await drive.create();
    const record = await drive.waitFor(id, (r) => r.deliveries.filter((d: any) => d.channel === 'SMS' && d.status === 'SENT').length === 3);
    const retried = cloud.stepFunctions.history(drive.executionArn(id)).filter((e) => e.type === 'StateRetried');
    expect(retried.length).toBeGreaterThan(0);
    expect(drive.sms(id).map((m) => m.phoneNumber).sort()).toEqual(['+8613700000003', '+8613700000004', '+8613700000006']);
    expect(record.deliveries.filter((d: any) => d.status === 'FAILED')).toEqual([]);
  });
});
