import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lifecycleDriver } from '../support/lifecycle-driver.ts';
import { refusedWithNothingWritten } from '../support/table-snapshot.ts';
import { inSeconds, startTestCloud } from '../support/test-cloud.ts';

/**
 * Corrective and preventive action through the API (issue 9, item 1): recorded by the complaint's
 * task assignee and the quality manager, each change versioned and on the timeline; stale
 * versions, bad input, the wrong person and a closed complaint are refused with nothing written.
 */
let cloud: Awaited<ReturnType<typeof startTestCloud>>;
let drive: ReturnType<typeof lifecycleDriver>;
/** tech.zhou holds task T1 on it. */
let mine = '';
/** Waiting for its plan: tech.zhou holds no task on it. */
let notMine = '';
let closed = '';

const due = inSeconds(30 * 86_400);
const foam = { id: 'PA1', description: 'Foam around the cartons on each pallet', ownerId: 'tech.zhou', dueAt: due, status: 'PLANNED' };
const capa = {
  containment: 'Swapped the laptop for a spare unit the same day',
  rootCause: { category: 'METHOD', description: 'No shock protection in transport' },
  correctiveAction: 'Replaced the screen on site',
  preventiveActions: [foam],
};
const put = (id: string, as: string, body: unknown) => cloud.api('PUT', `/complaints/${id}/capa`, { as, body });
const get = (id: string, as = 'service.zhao') => cloud.api('GET', `/complaints/${id}/capa`, { as });

beforeAll(async () => {
  cloud = await startTestCloud();
  drive = lifecycleDriver(cloud);
  [mine, notMine, closed] = await Promise.all([
    (async () => {
      const id = await drive.create();
      await drive.plan(id, [{ title: 'Find the root cause', assigneeId: 'tech.zhou', dueInSeconds: 7 * 86_400, investigation: true }], { capa: false });
      return id;
    })(),
    drive.create(),
    (async () => {
      // A delivery complaint needs no CAPA to be answered (company policy), so it closes without one.
      const id = await drive.create({ category: 'DELIVERY' });
      const { tasks } = await drive.plan(id, [{ title: 'Replace the unit', assigneeId: 'tech.zhou', dueInSeconds: 7 * 86_400 }], { capa: false });
      await drive.complete(id, tasks[0].taskId, 'tech.zhou');
      await drive.decide(id, 'CONFIRM');
      await drive.waitFor(id, (r) => r.complaint.status === 'CLOSED');
      return id;
    })(),
  ]);
}, 120_000);
afterAll(async () => { await cloud?.stop(); });

describe('corrective and preventive action on a complaint', () => {
  it('reads as version 0 with nothing recorded, and 404 for an unknown complaint', async () => {
    const res = await get(mine);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toEqual({ complaintId: mine, version: 0 });
    expect((await get('CMP-2099-999999')).status).toBe(404);
  });

  it('is recorded by the assignee, updated by the quality manager on the version read, and each change is on the timeline', async () => {
    const created = await put(mine, 'tech.zhou', { capa, expectedVersion: 0 });
    expect(created.status, JSON.stringify(created.body)).toBe(200);
    expect(created.body).toMatchObject({ complaintId: mine, version: 1, updatedBy: 'tech.zhou', capa: { ...capa, preventiveActions: [{ ...foam, dueAt: new Date(due).toISOString() }] } });
    expect((await get(mine)).body).toEqual(created.body);

    // The quality manager sharpens the root cause; the assignee reports the action done; the quality manager verifies it.
    const sharper = { ...capa, rootCause: { category: 'METHOD', description: 'Pallets shipped without shock protection since the packaging change in May' } };
    const v2 = await put(mine, 'quality.liu', { capa: sharper, expectedVersion: 1 });
    expect(v2.status, JSON.stringify(v2.body)).toBe(200);
    expect(v2.body).toMatchObject({ version: 2, updatedBy: 'quality.liu', capa: { rootCause: sharper.rootCause } });
    const v3 = await put(mine, 'tech.zhou', { capa: { ...sharper, preventiveActions: [{ ...foam, status: 'IMPLEMENTED' }] }, expectedVersion: 2 });
    expect(v3.status, JSON.stringify(v3.body)).toBe(200);
    expect(v3.body.capa.preventiveActions[0]).toMatchObject({ status: 'IMPLEMENTED', implementedBy: 'tech.zhou', implementedAt: v3.body.updatedAt });
    // The owner does not verify their own action.
    const verify = { capa: { ...sharper, preventiveActions: [{ ...foam, status: 'VERIFIED' }] }, expectedVersion: 3 };
    const own = await refusedWithNothingWritten(() => put(mine, 'tech.zhou', verify), 403);
    expect(own).toMatchObject({ error: 'Forbidden', field: 'body.capa.preventiveActions.0.status' });
    const v4 = await put(mine, 'quality.liu', verify);
    expect(v4.status, JSON.stringify(v4.body)).toBe(200);
    expect(v4.body.capa.preventiveActions[0]).toMatchObject({ status: 'VERIFIED', implementedBy: 'tech.zhou', verifiedBy: 'quality.liu', verifiedAt: v4.body.updatedAt });

    // The same CAPA again changes nothing and writes nothing.
    const again = await refusedWithNothingWritten(async () => put(mine, 'quality.liu', { ...verify, expectedVersion: 4 }), 200);
    expect(again.version).toBe(4);

    const timeline = await cloud.api('GET', `/complaints/${mine}/timeline?limit=100`, { as: 'quality.liu' });
    const entries = timeline.body.items.filter((e: any) => e.type.startsWith('CAPA_'));
    expect(entries.map((e: any) => [e.type, e.actor, e.detail])).toEqual([
      ['CAPA_RECORDED', 'tech.zhou', { version: 1, changes: ['containment', 'rootCause', 'correctiveAction', 'PA1 added'] }],
      ['CAPA_UPDATED', 'quality.liu', { version: 2, changes: ['rootCause'] }],
      ['CAPA_UPDATED', 'tech.zhou', { version: 3, changes: ['PA1 PLANNED → IMPLEMENTED'] }],
      ['CAPA_UPDATED', 'quality.liu', { version: 4, changes: ['PA1 IMPLEMENTED → VERIFIED'] }],
    ]);
    expect(entries.map((e: any) => e.at)).toEqual([created.body.updatedAt, v2.body.updatedAt, v3.body.updatedAt, v4.body.updatedAt]);
  });

  it('refuses a stale version with 409 and writes nothing; of two writers on one version exactly one wins', async () => {
    const { body: current } = await get(mine);
    // (The stamps — implementedBy, verifiedAt … — are the system's: a client sends the action without them.)
    const stale = await refusedWithNothingWritten(() => put(mine, 'quality.liu', { capa: { ...capa, containment: 'Something else' }, expectedVersion: current.version - 1 }), 409);
    expect(stale).toMatchObject({ error: 'Conflict', field: 'body.expectedVersion' });

    const fresh = await drive.create();
    const racers = await Promise.all(['First', 'Second'].map((who) => put(fresh, 'quality.liu', { capa: { ...capa, containment: `${who} containment` }, expectedVersion: 0 })));
    expect(racers.map((r) => r.status).sort()).toEqual([200, 409]);
    const winner = racers.find((r) => r.status === 200)!;
    expect((await get(fresh)).body).toEqual(winner.body);
    const timeline = await cloud.api('GET', `/complaints/${fresh}/timeline?limit=100`, { as: 'quality.liu' });
    expect(timeline.body.items.filter((e: any) => e.type.startsWith('CAPA_'))).toHaveLength(1);
  });

  it('answers invalid input with a 400 naming the field, and writes nothing', async () => {
    const { body: current } = await get(notMine);
    const cases: [unknown, string][] = [
      [{ capa: { ...capa, containment: undefined }, expectedVersion: current.version }, 'body.capa.containment'],
      [{ capa: { ...capa, rootCause: { category: 'MONEY', description: 'x' } }, expectedVersion: current.version }, 'body.capa.rootCause.category'],
      [{ capa: { ...capa, preventiveActions: [{ ...foam, ownerId: 'tech.zhou\u0000' }] }, expectedVersion: current.version }, 'body.capa.preventiveActions.0.ownerId'],
      [{ capa: { ...capa, preventiveActions: [{ ...foam, verifiedBy: 'quality.liu' }] }, expectedVersion: current.version }, 'body.capa.preventiveActions.0'],
      [{ capa: { ...capa, preventiveActions: [] }, expectedVersion: current.version }, 'body.capa.preventiveActions'],
      [{ capa }, 'body.expectedVersion'],
    ];
    for (const [body, path] of cases) {
      const res = await refusedWithNothingWritten(() => put(notMine, 'quality.liu', body), 400);
      expect(res.issues.map((i: any) => i.path), JSON.stringify(res)).toContain(path);
    }
    // Rules that need the table or the clock: an owner who is nobody, a due date in the past.
    const nobody = await refusedWithNothingWritten(() => put(notMine, 'quality.liu', { capa: { ...capa, preventiveActions: [{ ...foam, ownerId: 'nobody.here' }] }, expectedVersion: 0 }), 400);
    expect(nobody).toMatchObject({ error: 'InvalidField', field: 'body.capa.preventiveActions.0.ownerId' });
    const past = await refusedWithNothingWritten(() => put(notMine, 'quality.liu', { capa: { ...capa, preventiveActions: [{ ...foam, dueAt: inSeconds(-60) }] }, expectedVersion: 0 }), 400);
    expect(past).toMatchObject({ error: 'InvalidField', field: 'body.capa.preventiveActions.0.dueAt' });
    // A new action that claims to be done already.
    const skipped = await refusedWithNothingWritten(() => put(notMine, 'quality.liu', { capa: { ...capa, preventiveActions: [{ ...foam, status: 'VERIFIED' }] }, expectedVersion: 0 }), 409);
    expect(skipped).toMatchObject({ error: 'InvalidTransition', field: 'body.capa.preventiveActions.0.status' });
  });

  it('refuses a task assignee on a complaint they hold no task on, and roles that may only read', async () => {
    await refusedWithNothingWritten(() => put(notMine, 'tech.zhou', { capa, expectedVersion: 0 }), 403);
    expect((await get(notMine, 'tech.zhou')).status).toBe(403);
    await refusedWithNothingWritten(() => put(mine, 'sales.li', { capa, expectedVersion: 4 }), 403);
    await refusedWithNothingWritten(() => put(mine, 'service.zhao', { capa, expectedVersion: 4 }), 403);
    expect((await get(mine, 'tech.zhou')).status).toBe(200);
    expect((await get(mine, 'sales.li')).status).toBe(200); // the order's salesperson reads it
  });

  it('refuses any change on a closed complaint (409), which still reads', async () => {
    const res = await refusedWithNothingWritten(() => put(closed, 'quality.liu', { capa, expectedVersion: 0 }), 409);
    expect(res.message).toMatch(/closed/);
    expect((await get(closed)).body).toEqual({ complaintId: closed, version: 0 });
  });
});
