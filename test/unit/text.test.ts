import { describe, expect, it } from 'vitest';
import { multiLine, optionalSingleLine, singleLine } from '../../shared/domain/text.ts';
import { HandlingPlan, NewComplaint } from '../../shared/api/contract.ts';

const issues = (r: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  r.success ? [] : r.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`);

describe('text at the edges', () => {
  it('refuses control characters and values with nothing visible, one reason each', () => {
    expect(issues(singleLine(10).safeParse('\u0000\u0001'))).toEqual([': control characters are not allowed']);
    expect(issues(singleLine(10, 'say it').safeParse('   '))).toEqual([': say it']);
    expect(issues(singleLine(5).safeParse('abcdef'))).toHaveLength(1);
    expect(singleLine(10).parse('  ok  ')).toBe('ok');
  });

  it('lets multi-line text keep its line breaks and tabs, but nothing else invisible', () => {
    expect(multiLine(50).parse('line one\n\tline two')).toBe('line one\n\tline two');
    expect(issues(multiLine(50).safeParse('a\u001bb'))).toHaveLength(1);
  });

  it('treats a blank optional value as not given', () => {
    expect(optionalSingleLine(10).parse('   ')).toBeUndefined();
    expect(optionalSingleLine(10).parse(undefined)).toBeUndefined();
  });

  it('bounds ids that become keys, and names unknown fields', () => {
    const complaint = { documentNumber: 'D'.repeat(3000), description: 'A white line', urgency: 'URGENT', category: 'OTHER', extra: 1 };
    expect(issues(NewComplaint.safeParse(complaint)).map((i) => i.split(':')[0]).sort()).toEqual(['', 'documentNumber']);
    const plan = { summary: '\u0000\u0001', tasks: [{ title: 'Visit', assigneeId: 'x'.repeat(3000), dueAt: '2026-12-01T00:00:00Z' }] };
    expect(issues(HandlingPlan.safeParse(plan)).map((i) => i.split(':')[0]).sort()).toEqual(['summary', 'tasks.0.assigneeId']);
  });
});

describe('direction overrides', () => {
  it('are refused inside otherwise visible text (they can make an SMS read differently from what it is)', async () => {
    const { singleLine, multiLine } = await import('../../shared/domain/text.ts');
    for (const ch of ['\u202e', '\u202d', '\u2066', '\u2069']) {
      expect(singleLine(100).safeParse(`invoice ${ch}fdp.exe`).success, JSON.stringify(ch)).toBe(false);
      expect(multiLine(100).safeParse(`line one\nline ${ch}two`).success, JSON.stringify(ch)).toBe(false);
    }
    expect(singleLine(100).safeParse('沈阳精密仪器 — Shenyang Precision').success).toBe(true);
  });
});

describe('text that is not what it seems', () => {
  it('refuses lone surrogates, a bare carriage return, a byte-order mark and line separators in one line', () => {
    expect(singleLine(100).safeParse('a\ud800b').success).toBe(false);
    expect(multiLine(100).safeParse('a\ud800b').success).toBe(false);
    expect(multiLine(100).safeParse('a\rb').success).toBe(false);
    expect(multiLine(100).safeParse('a\r\nb').success).toBe(true);
    expect(singleLine(100).safeParse('DN\ufeff-1').success).toBe(false);
    expect(singleLine(100).safeParse('a\u2028b').success).toBe(false);
    expect(singleLine(100).safeParse('投诉 😀 ok').success).toBe(true);
  });
});
