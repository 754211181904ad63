import { describe, expect, it } from 'vitest';
import { applyCapa, canMove, CapaInput, MAX_PREVENTIVE_ACTIONS, missingForResponse, newOwners, type Capa, type CapaActor } from '../../shared/domain/capa.ts';
import { CapaUpdate } from '../../shared/api/contract.ts';
import { DomainError } from '../../shared/domain/errors.ts';

const now = new Date('2026-03-10T02:00:00.000Z');
const later = new Date('2026-03-12T02:00:00.000Z');
const quality: CapaActor = { personId: 'quality.liu', roles: ['QUALITY_MANAGER'] };
const otherQuality: CapaActor = { personId: 'quality.wu', roles: ['QUALITY_MANAGER'] };
const tech: CapaActor = { personId: 'tech.zhou', roles: ['TASK_ASSIGNEE'] };

const foam = { id: 'PA1', description: 'Foam around the cartons on each pallet', ownerId: 'tech.zhou', dueAt: '2026-04-01T10:00:00+08:00', status: 'PLANNED' } as const;
const input = (over: Partial<CapaInput> = {}): CapaInput => CapaInput.parse({
  containment: 'Swapped the laptop for a spare the same day',
  rootCause: { category: 'METHOD', description: 'No shock protection in transport' },
  correctiveAction: 'Replaced the screen',
  preventiveActions: [foam],
  ...over,
});
/** Records `steps` one after the other, each on what the previous one recorded. */
function record(...steps: { input: CapaInput; by: CapaActor; at?: Date }[]): Capa {
  let capa: Capa | undefined;
  for (const step of steps) capa = applyCapa(capa, step.input, step.by, step.at ?? now).capa;
  return capa!;
}
const status = (s: 'PLANNED' | 'IMPLEMENTED' | 'VERIFIED') => input({ preventiveActions: [{ ...foam, status: s }] });

function refusal(run: () => unknown): { code: string; status: number; field?: string; message: string } {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return { code: error.code, status: error.status, field: error.field, message: error.message };
    throw error;
  }
  throw new Error('not refused');
}

describe('preventive action status moves', () => {
  it('go one step forward at a time, a new action starting PLANNED', () => {
    expect(canMove(undefined, 'PLANNED')).toBe(true);
    expect(canMove(undefined, 'IMPLEMENTED')).toBe(false);
    expect(canMove(undefined, 'VERIFIED')).toBe(false);
    expect(canMove('PLANNED', 'IMPLEMENTED')).toBe(true);
    expect(canMove('PLANNED', 'VERIFIED')).toBe(false);
    expect(canMove('IMPLEMENTED', 'VERIFIED')).toBe(true);
    expect(canMove('IMPLEMENTED', 'PLANNED')).toBe(false);
    expect(canMove('VERIFIED', 'IMPLEMENTED')).toBe(false);
    for (const s of ['PLANNED', 'IMPLEMENTED', 'VERIFIED'] as const) expect(canMove(s, s)).toBe(true);
  });
});

describe('applying a CAPA', () => {
  it('records the first CAPA, with every section named as changed and the due date in UTC', () => {
    const { capa, changes } = applyCapa(undefined, input(), quality, now);
    expect(capa).toEqual({
      containment: 'Swapped the laptop for a spare the same day',
      rootCause: { category: 'METHOD', description: 'No shock protection in transport' },
      correctiveAction: 'Replaced the screen',
      preventiveActions: [{ ...foam, dueAt: '2026-04-01T02:00:00.000Z' }],
    });
    expect(changes).toEqual(['containment', 'rootCause', 'correctiveAction', 'PA1 added']);
  });

  it('records containment alone at first; later sections arrive as the investigation goes on', () => {
    const first = applyCapa(undefined, input({ rootCause: undefined, correctiveAction: undefined, preventiveActions: undefined }), quality, now);
    expect(first.capa).toEqual({ containment: 'Swapped the laptop for a spare the same day' });
    const second = applyCapa(first.capa, input(), quality, now);
    expect(second.changes).toEqual(['rootCause', 'correctiveAction', 'PA1 added']);
  });

  it('reports no change for the same CAPA again (the same due date written differently)', () => {
    const capa = record({ input: input(), by: quality });
    expect(applyCapa(capa, input({ preventiveActions: [{ ...foam, dueAt: '2026-04-01T02:00:00Z' }] }), tech, later).changes).toEqual([]);
  });

  it('stamps who implemented and who verified an action, and when', () => {
    const implemented = record({ input: input(), by: quality }, { input: status('IMPLEMENTED'), by: tech, at: later });
    expect(implemented.preventiveActions![0]).toMatchObject({ status: 'IMPLEMENTED', implementedBy: 'tech.zhou', implementedAt: later.toISOString() });
    const { capa, changes } = applyCapa(implemented, status('VERIFIED'), quality, new Date('2026-03-20T02:00:00.000Z'));
    expect(changes).toEqual(['PA1 IMPLEMENTED → VERIFIED']);
    expect(capa.preventiveActions![0]).toEqual({
      ...foam, dueAt: '2026-04-01T02:00:00.000Z', status: 'VERIFIED',
      implementedBy: 'tech.zhou', implementedAt: later.toISOString(), verifiedBy: 'quality.liu', verifiedAt: '2026-03-20T02:00:00.000Z',
    });
    // Sending the verified action back unchanged keeps the stamps.
    expect(applyCapa(capa, status('VERIFIED'), otherQuality, later)).toEqual({ capa, changes: [] });
  });

  it('refuses skipping a step, going back, and a new action that is not PLANNED, naming the field', () => {
    const planned = record({ input: input(), by: quality });
    expect(refusal(() => applyCapa(planned, status('VERIFIED'), quality, now)))
      .toMatchObject({ code: 'InvalidTransition', status: 409, field: 'body.capa.preventiveActions.0.status' });
    const implemented = applyCapa(planned, status('IMPLEMENTED'), tech, now).capa;
    expect(refusal(() => applyCapa(implemented, status('PLANNED'), quality, now)).message).toMatch(/PA1 is IMPLEMENTED; it can only move to VERIFIED/);
    expect(refusal(() => applyCapa(undefined, status('IMPLEMENTED'), quality, now)))
      .toMatchObject({ status: 409, field: 'body.capa.preventiveActions.0.status', message: expect.stringMatching(/starts PLANNED/) });
  });

  it('lets only a quality manager verify, and never the owner or whoever implemented the action', () => {
    const byTech = record({ input: input(), by: quality }, { input: status('IMPLEMENTED'), by: tech });
    expect(refusal(() => applyCapa(byTech, status('VERIFIED'), tech, now))).toMatchObject({ code: 'Forbidden', status: 403, field: 'body.capa.preventiveActions.0.status' });
    // quality.liu owns the action: another quality manager verifies it.
    const owned = input({ preventiveActions: [{ ...foam, ownerId: 'quality.liu' }] });
    const implemented = record({ input: owned, by: quality }, { input: input({ preventiveActions: [{ ...foam, ownerId: 'quality.liu', status: 'IMPLEMENTED' }] }), by: tech });
    const verify = input({ preventiveActions: [{ ...foam, ownerId: 'quality.liu', status: 'VERIFIED' }] });
    expect(refusal(() => applyCapa(implemented, verify, quality, now)).message).toMatch(/someone other than its owner/);
    expect(applyCapa(implemented, verify, otherQuality, now).capa.preventiveActions![0]!.verifiedBy).toBe('quality.wu');
    // The quality manager who marked it implemented does not verify it either.
    const selfImplemented = record({ input: input(), by: quality }, { input: status('IMPLEMENTED'), by: quality });
    expect(refusal(() => applyCapa(selfImplemented, status('VERIFIED'), quality, now)).status).toBe(403);
  });

  it('keeps an action past PLANNED as it was done: no edits, no removal', () => {
    const implemented = record({ input: input(), by: quality }, { input: status('IMPLEMENTED'), by: tech });
    expect(refusal(() => applyCapa(implemented, input({ preventiveActions: [{ ...foam, status: 'IMPLEMENTED', description: 'Something else' }] }), quality, now)))
      .toMatchObject({ code: 'ActionLocked', status: 409, field: 'body.capa.preventiveActions.0.description' });
    expect(refusal(() => applyCapa(implemented, input({ preventiveActions: [{ ...foam, status: 'IMPLEMENTED', ownerId: 'someone.else' }] }), quality, now)).field)
      .toBe('body.capa.preventiveActions.0.ownerId');
    expect(refusal(() => applyCapa(implemented, input({ preventiveActions: [{ ...foam, status: 'IMPLEMENTED', dueAt: '2026-05-01T00:00:00Z' }] }), quality, now)).field)
      .toBe('body.capa.preventiveActions.0.dueAt');
    const other = { ...foam, id: 'PA2', description: 'Drop test each new packaging' };
    expect(refusal(() => applyCapa(implemented, input({ preventiveActions: [other] }), quality, now)))
      .toMatchObject({ code: 'ActionLocked', field: 'body.capa.preventiveActions', message: expect.stringMatching(/PA1 is IMPLEMENTED.*cannot be removed/) });
  });

  it('edits and removes planned actions, naming each change', () => {
    const planned = record({ input: input(), by: quality });
    const other = { ...foam, id: 'PA2', description: 'Drop test each new packaging' };
    expect(applyCapa(planned, input({ preventiveActions: [{ ...foam, description: 'Foam and corner guards' }, other] }), quality, now).changes)
      .toEqual(['PA1 edited', 'PA2 added']);
    expect(applyCapa(planned, input({ preventiveActions: [other] }), quality, now).changes).toEqual(['PA2 added', 'PA1 removed']);
    expect(applyCapa(planned, input({ preventiveActions: undefined }), quality, now).capa.preventiveActions).toBeUndefined();
  });

  it('wants a new or moved due date in the future (an unchanged past one stays)', () => {
    expect(refusal(() => applyCapa(undefined, input({ preventiveActions: [{ ...foam, dueAt: '2026-03-10T01:59:59Z' }] }), quality, now)))
      .toMatchObject({ code: 'InvalidField', status: 400, field: 'body.capa.preventiveActions.0.dueAt' });
    const planned = record({ input: input(), by: quality });
    const afterDue = new Date('2026-04-02T00:00:00Z');
    expect(applyCapa(planned, status('IMPLEMENTED'), tech, afterDue).changes).toEqual(['PA1 PLANNED → IMPLEMENTED']);
  });

  it('names the owners a change introduces, not those already on record', () => {
    const planned = record({ input: input(), by: quality });
    const changed = input({ preventiveActions: [foam, { ...foam, id: 'PA2', ownerId: 'purchasing.sun' }] });
    expect(newOwners(planned, changed)).toEqual([{ index: 1, ownerId: 'purchasing.sun' }]);
    expect(newOwners(undefined, input())).toEqual([{ index: 0, ownerId: 'tech.zhou' }]);
  });
});

describe('the CAPA request schema', () => {
  const body = (capa: unknown) => ({ capa, expectedVersion: 0 });
  const issues = (value: unknown) => CapaUpdate.safeParse(value).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`) ?? [];

  it('accepts the seed example and refuses unknown fields at any depth', () => {
    expect(issues(body(input()))).toEqual([]);
    expect(issues({ ...body(input()), extra: 1 })[0]).toMatch(/Unrecognized key/);
    expect(issues(body({ ...input(), preventiveActions: [{ ...foam, verifiedBy: 'me' }] }))[0]).toMatch(/^capa.preventiveActions.0: Unrecognized key/);
  });

  it('bounds every string and the list, and wants unique action ids', () => {
    expect(issues(body({ ...input(), containment: 'x'.repeat(4001) }))[0]).toMatch(/^capa.containment:/);
    expect(issues(body({ ...input(), rootCause: { category: 'METHOD', description: 'x'.repeat(4001) } }))[0]).toMatch(/^capa.rootCause.description:/);
    expect(issues(body({ ...input(), correctiveAction: 'x'.repeat(4001) }))[0]).toMatch(/^capa.correctiveAction:/);
    expect(issues(body({ ...input(), preventiveActions: [{ ...foam, description: 'x'.repeat(1001) }] }))[0]).toMatch(/^capa.preventiveActions.0.description:/);
    expect(issues(body({ ...input(), preventiveActions: [{ ...foam, ownerId: 'x'.repeat(65) }] }))[0]).toMatch(/^capa.preventiveActions.0.ownerId:/);
    const many = Array.from({ length: MAX_PREVENTIVE_ACTIONS + 1 }, (_, i) => ({ ...foam, id: `PA${i + 1}` }));
    expect(issues(body({ ...input(), preventiveActions: many }))[0]).toMatch(/^capa.preventiveActions:/);
    expect(issues(body({ ...input(), preventiveActions: [] }))[0]).toMatch(/^capa.preventiveActions:/);
    expect(issues(body({ ...input(), preventiveActions: [foam, foam] }))).toEqual(['capa.preventiveActions.1.id: PA1 appears twice']);
    expect(issues(body({ ...input(), preventiveActions: [{ ...foam, id: 'PA0' }] }))[0]).toMatch(/^capa.preventiveActions.0.id: an action id/);
  });

  it('refuses an unknown cause category, blank required text and control characters', () => {
    expect(issues(body({ ...input(), rootCause: { category: 'MONEY', description: 'x' } }))[0]).toMatch(/^capa.rootCause.category:/);
    expect(issues(body({ ...input(), containment: ' \u200b ' }))[0]).toMatch(/^capa.containment: say what was done/);
    expect(issues(body({ ...input(), containment: 'a\u0000b' }))[0]).toMatch(/control characters/);
    expect(issues(body({ ...input(), rootCause: { category: 'METHOD', description: 'a\u202eb' } }))[0]).toMatch(/control characters/);
    // A blank corrective action is "not given".
    expect(CapaUpdate.parse(body({ ...input(), correctiveAction: '  ' })).capa.correctiveAction).toBeUndefined();
    expect(issues({ capa: input(), expectedVersion: -1 })[0]).toMatch(/^expectedVersion:/);
  });
});

describe('what a response needs from the CAPA (company policy capaRequiredFor)', () => {
  const rootCause = { category: 'METHOD' as const, description: 'No shock protection in transport' };
  const action = { id: 'PA1', description: 'Foam around the cartons', ownerId: 'tech.zhou', dueAt: '2026-12-24T00:00:00.000Z', status: 'PLANNED' as const };
  it('names the root cause and a preventive action for a covered category, in that order, until they are there', () => {
    expect(missingForResponse(undefined, 'PRODUCT_QUALITY', ['PRODUCT_QUALITY'])).toEqual(['rootCause', 'preventiveActions']);
    expect(missingForResponse({ containment: 'x', rootCause }, 'PRODUCT_QUALITY', ['PRODUCT_QUALITY'])).toEqual(['preventiveActions']);
    expect(missingForResponse({ containment: 'x', preventiveActions: [action] }, 'PRODUCT_QUALITY', ['PRODUCT_QUALITY'])).toEqual(['rootCause']);
    expect(missingForResponse({ containment: 'x', rootCause, preventiveActions: [action] }, 'PRODUCT_QUALITY', ['PRODUCT_QUALITY'])).toEqual([]);
  });
  it('requires nothing for a category the policy does not name', () => {
    expect(missingForResponse(undefined, 'DELIVERY', ['PRODUCT_QUALITY'])).toEqual([]);
    expect(missingForResponse(undefined, 'PRODUCT_QUALITY', [])).toEqual([]);
  });
});
