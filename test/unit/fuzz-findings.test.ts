import { describe, expect, it } from 'vitest';
import { ClassificationChange, RulesUpdate } from '../../shared/api/contract.ts';
import { AttachmentRequest } from '../../shared/domain/attachments.ts';
import { parseCompanyPolicy } from '../../shared/domain/company-policy.ts';
import { checkCustomers } from '../../shared/domain/master-data-import.ts';
import { normalizePhone } from '../../shared/domain/phone.ts';
import { defaultRules } from '../../shared/domain/rules.ts';

/**
 * What test/integration/fuzz.test.ts found at the edges, each pinned down here with a fixed
 * example so it stays fixed whatever seed the fuzzing runs with.
 */
const paths = (r: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) => (r.success ? [] : r.error!.issues.map((i) => i.path.join('.')));

describe('found by fuzzing', () => {
  it('a required text of only invisible characters (zero-width space, word joiner, direction marks) says nothing', () => {
    for (const reason of ['\u200b', '\u2060', '\u200e\u200f', '\u00ad']) {
      expect(paths(ClassificationChange.safeParse({ urgency: 'URGENT', category: 'OTHER', reason })), JSON.stringify(reason)).toEqual(['reason']);
    }
    expect(ClassificationChange.safeParse({ urgency: 'URGENT', category: 'OTHER', reason: 'zero\u200bwidth inside is fine' }).success).toBe(true);
  });

  it('a file name is single-line text: no control characters', () => {
    const announce = (fileName: string) => AttachmentRequest.safeParse({ fileName, contentType: 'image/png', sizeBytes: 10 });
    expect(paths(announce('pho\u000cto.png'))).toEqual(['fileName']);
    expect(paths(announce('a\u0007.png'))).toEqual(['fileName']);
    expect(announce('照片 1.png').success).toBe(true);
  });

  it('the rules are strict at every level, and a span is bounded (DynamoDB refuses numbers above 1e125)', () => {
    const update = (change: (r: any) => void) => {
      const rules = structuredClone(defaultRules) as any;
      change(rules);
      return RulesUpdate.safeParse({ rules, expectedVersion: 0 });
    };
    expect(update(() => {}).success).toBe(true);
    expect(paths(update((r) => { r.calendar.workingHours.lunch = '12:00'; }))).toEqual(['rules.calendar.workingHours']);
    expect(paths(update((r) => { r.slaPolicies['urgent-48h'].reminder = [0.5]; }))).toEqual(['rules.slaPolicies.urgent-48h']);
    expect(paths(update((r) => { r.routing[0].watcher = 'service.zhao'; }))).toEqual(['rules.routing.0']);
    expect(paths(update((r) => { r.slaPolicies['urgent-48h'].planDue.amount = 1e308; }))).toEqual(['rules.slaPolicies.urgent-48h.planDue.amount']);
    expect(paths(update((r) => { r.slaPolicies['urgent-48h'].planDue = { amount: 367, unit: 'days' }; }))).toEqual(['rules.slaPolicies.urgent-48h.planDue.amount']);
    expect(update((r) => { r.slaPolicies['urgent-48h'].planDue = { amount: 366 * 24, unit: 'hours' }; }).success).toBe(true);
    expect(paths(update((r) => { r.slaPolicies['urgent-48h'].escalations[0].roles = Array(2000).fill('QUALITY_MANAGER'); })))
      .toEqual(['rules.slaPolicies.urgent-48h.escalations.0.roles']);
  });

  it('a phone number is digits and the usual separators, not a number found somewhere in a text', () => {
    expect(normalizePhone('x13800138000')).toBeUndefined();
    expect(normalizePhone('call 138 0013 8000 please')).toBeUndefined();
    expect(normalizePhone('(024) 8888-0001')).toBe('+862488880001');
    expect(normalizePhone('１３８ ００１３ ８０００')).toBe('+8613800138000');
  });

  it('a JSON import row with an object or a list where text goes is refused, not stored as "[object Object]"', () => {
    const row = { code: 'DL010', name: { a: { a: 1 } }, locale: 'en', contacts: [{ name: 'Li', phone: '139 0000 0010' }], addresses: [{ line1: '1 Road', city: 'Dalian', country: 'CN' }] };
    const [report] = checkCustomers([row], [], parseCompanyPolicy({})).reports;
    expect(report).toMatchObject({ key: 'DL010', status: 'REJECTED' });
    expect(report!.issues.map((i) => i.field)).toContain('name');
  });
});
