import { describe, expect, it } from 'vitest';
import { warrantyState } from '../../shared/domain/warranty.ts';
import { normalizePhone } from '../../shared/domain/phone.ts';
import { draftResponse } from '../../shared/domain/response.ts';
import { renderMessage } from '../../shared/domain/messages.ts';
import type { Complaint, ComplaintTask } from '../../shared/domain/model.ts';

describe('warranty', () => {
  it('is in warranty until ship date plus the warranty months', () => {
    expect(warrantyState('2026-10-30', 24, new Date('2028-10-29T23:59:59Z'))).toBe('IN_WARRANTY');
    expect(warrantyState('2026-10-30', 24, new Date('2028-10-30T00:00:00Z'))).toBe('OUT_OF_WARRANTY');
  });

  it('ends a month-end shipment on the last day of a shorter month', () => {
    expect(warrantyState('2026-01-31', 1, new Date('2026-02-27T12:00:00Z'))).toBe('IN_WARRANTY');
    expect(warrantyState('2026-01-31', 1, new Date('2026-02-28T00:00:00Z'))).toBe('OUT_OF_WARRANTY');
  });
});

describe('caller numbers', () => {
  it('normalizes Chinese mobile and landline numbers to E.164', () => {
    expect(normalizePhone('138 0013 8000')).toBe('+8613800138000');
    expect(normalizePhone('0086 138-0013-8000')).toBe('+8613800138000');
    expect(normalizePhone('+86 24 8888 0001')).toBe('+862488880001');
  });

  it('rejects what is not a phone number', () => {
    expect(normalizePhone('12')).toBeUndefined();
    expect(normalizePhone('not a number')).toBeUndefined();
  });
});

const complaint = {
  complaintId: 'CMP-1', customerName: 'SY Precision', productName: 'Laptop', serialNumber: 'SN-1', documentNumber: 'DN-1',
  description: 'white line', customerRequirements: 'on site tomorrow', urgency: 'URGENT', planDueAt: '2026-03-04T08:30:00.000Z',
  response: { revision: 2, text: 'Dear customer' },
} as Complaint;

describe('response and messages', () => {
  it('drafts the response from the done tasks and their notes', () => {
    const tasks = [
      { taskId: 'T1', title: 'Site visit', status: 'DONE', notes: 'replaced the unit' },
      { taskId: 'T2', title: 'Root cause', status: 'OPEN' },
    ] as ComplaintTask[];
    const text = draftResponse(complaint, tasks, { locale: 'en', date: new Date('2026-03-10T08:00:00Z') });
    expect(text).toContain('- Site visit: replaced the unit');
    expect(text).not.toContain('Root cause');
    expect(text).toContain('serial SN-1');
    expect(text).toContain('Your requirements: on site tomorrow');
  });

  it('speaks the recipient language', () => {
    expect(renderMessage('COMPLAINT_CREATED', 'zh-CN', { complaint }).subject).toBe('新投诉 CMP-1（紧急）');
    expect(renderMessage('COMPLAINT_CREATED', 'en', { complaint }).subject).toBe('New urgent complaint CMP-1');
    expect(renderMessage('AWAITING_SALES_CONFIRMATION', 'en', { complaint }, 'SMS').body).toContain('revision 2');
  });
});

describe('a complaint description in a message', () => {
  it('is one line of at most 140 characters, without the full stop the message sentence would double', async () => {
    const { gist } = await import('../../shared/domain/messages.ts');
    expect(gist('The monitor flickers.\n\nPlease replace it.')).toBe('The monitor flickers. Please replace it');
    expect(gist('显示器闪烁。')).toBe('显示器闪烁');
    const long = gist('x'.repeat(500));
    expect([...long]).toHaveLength(140);
    expect(long.endsWith('…')).toBe(true);
    expect(gist('   ')).toBe('');
  });
});
