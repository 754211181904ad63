import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCloud } from '../support/test-cloud.ts';
import { lifecycleDriver, seedCapa } from '../support/lifecycle-driver.ts';

/**
 * The company policy (cdk.json companyPolicy.capaRequiredFor: PRODUCT_QUALITY) keeps a product
 * complaint's response from being drafted before its CAPA names a root cause and a preventive
 * action. The complaint waits (AWAITING_CAPA), the quality manager hears once, and each CAPA
 * save lets the workflow look again.
 */
let cloud: Awaited<ReturnType<typeof startTestCloud>>;
let drive: ReturnType<typeof lifecycleDriver>;
beforeAll(async () => {
  cloud = await startTestCloud();
  drive = lifecycleDriver(cloud);
});
afterAll(async () => { await cloud?.stop(); });

const investigation = { title: 'Find the root cause', assigneeId: 'tech.zhou', dueInSeconds: 7 * 86_400, investigation: true };
const saveCapa = (id: string, as: string, capa: unknown, expectedVersion: number) =>
  cloud.api('PUT', `/complaints/${id}/capa`, { as, body: { capa, expectedVersion } });

describe('the response waits for the CAPA the company policy requires', () => {
  it('refuses to draft a PRODUCT_QUALITY response without root cause, names what is missing, and drafts once the CAPA has it', async () => {
    const id = await drive.create();
    await drive.plan(id, [investigation], { capa: false });
    await drive.complete(id, 'T1', 'tech.zhou', 'Checked the returned unit');

    const waiting = await drive.waitFor(id, (r) => r.complaint.status === 'AWAITING_CAPA');
    expect(waiting.complaint.capaMissing).toEqual(['rootCause', 'preventiveActions']);
    expect(waiting.complaint.response).toBeUndefined();
    expect(waiting.timeline.filter((e: any) => e.type === 'RESPONSE_WAITS_FOR_CAPA').map((e: any) => e.detail)).toEqual([{ missing: ['rootCause', 'preventiveActions'] }]);
    // The plan's author and the investigation's assignee are told once each, on their channels.
    const capaMails = async () => (await drive.emails(id)).filter((m) => m.subject.includes('根本原因')).flatMap((m) => m.destination.to).sort();
    await expect.poll(capaMails).toEqual(['liu.yang@example.com', 'zhou.min@example.com']);
    expect(drive.sms(id).filter((m) => m.phoneNumber === '+8613700000003' && m.message.includes('根本原因'))).toHaveLength(1);

    // The investigation's assignee records containment and the root cause: still no preventive action.
    const { rootCause, containment, preventiveActions } = seedCapa();
    const first = await saveCapa(id, 'tech.zhou', { containment, rootCause }, 0);
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    const stillWaiting = await drive.waitFor(id, (r) => r.complaint.capaMissing?.join() === 'preventiveActions');
    expect(stillWaiting.complaint.status).toBe('AWAITING_CAPA');

    // The quality manager adds the preventive action: the response is drafted.
    expect((await saveCapa(id, 'quality.liu', { containment, rootCause, preventiveActions }, 1)).status).toBe(200);
    const drafted = await drive.waitFor(id, (r) => r.complaint.status === 'AWAITING_SALES_CONFIRMATION');
    expect(drafted.complaint.capaMissing).toEqual([]);
    expect(drafted.complaint.response.revision).toBe(1);

    // Told once although the workflow looked three times; the path went through the wait.
    expect(await capaMails()).toEqual(['liu.yang@example.com', 'zhou.min@example.com']);
    const path = drive.path(id);
    expect(path.slice(path.indexOf('PrepareResponse'))).toEqual(['PrepareResponse', 'ResponseDrafted', 'AnnounceCapaRequired', 'AwaitCapa', 'AwaitSalesConfirmation']);
    await drive.decide(id, 'CONFIRM');
    await drive.waitFor(id, (r) => r.complaint.status === 'CLOSED');
  });

  it('lets only the investigation task\'s assignee (besides quality managers) record the CAPA', async () => {
    const id = await drive.create();
    await drive.plan(id, [{ title: 'Replace the unit', assigneeId: 'tech.zhou', dueInSeconds: 7 * 86_400 }], { capa: false });
    const refused = await saveCapa(id, 'tech.zhou', seedCapa(), 0);
    expect(refused.status).toBe(403);
    expect(refused.body.message).toMatch(/investigation/);
    expect((await cloud.api('GET', `/complaints/${id}/capa`, { as: 'tech.zhou' })).body).toEqual({ complaintId: id, version: 0 });
  });

  it('drafts at once for a category the policy does not cover, and resumes a waiting response when a manager reclassifies it', async () => {
    const delivery = await drive.create({ category: 'DELIVERY' });
    await drive.plan(delivery, [{ title: 'Resend the parts', assigneeId: 'tech.zhou', dueInSeconds: 86_400 }], { capa: false });
    await drive.complete(delivery, 'T1', 'tech.zhou');
    await drive.waitFor(delivery, (r) => r.complaint.status === 'AWAITING_SALES_CONFIRMATION');
    expect(drive.path(delivery)).not.toContain('AwaitCapa');

    const product = await drive.create();
    await drive.plan(product, [{ title: 'Resend the parts', assigneeId: 'tech.zhou', dueInSeconds: 86_400 }], { capa: false });
    await drive.complete(product, 'T1', 'tech.zhou');
    await drive.waitFor(product, (r) => r.complaint.status === 'AWAITING_CAPA');
    const change = await cloud.api('PUT', `/complaints/${product}/classification`, {
      as: 'service.zhao', body: { urgency: 'NORMAL', category: 'DELIVERY', reason: 'Parts were missing from the delivery, nothing was broken' },
    });
    expect(change.status, JSON.stringify(change.body)).toBe(200);
    await drive.waitFor(product, (r) => r.complaint.status === 'AWAITING_SALES_CONFIRMATION');
  });
});
