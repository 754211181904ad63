import { describe, expect, it } from 'vitest';
import { draftResponse, MAX_RESPONSE_CHARS, responseOwnerIds, responseRecipient } from '../../shared/domain/response.ts';
import { renderMessage } from '../../shared/domain/messages.ts';
import type { Capa } from '../../shared/domain/capa.ts';
import type { Complaint, ComplaintTask, Customer } from '../../shared/domain/model.ts';

const complaint = {
  complaintId: 'CMP-2026-000007', customerName: '沈阳精密仪器有限公司', productName: '笔记本电脑', serialNumber: 'SN-1', documentNumber: 'DN-1',
  description: '屏幕出现一条白色竖线', customerRequirements: '明天上午派人到现场', urgency: 'URGENT',
  receivedAt: '2026-03-04T01:30:00.000Z', // 09:30 in Shanghai
  plan: { submittedBy: 'quality.liu', submittedAt: '2026-03-04T03:00:00.000Z', summary: '现场更换' },
} as Complaint;
const tasks = [
  { taskId: 'T1', title: '派质量人员到客户现场', status: 'DONE', notes: '已现场更换整机' },
  { taskId: 'T2', title: '查明根本原因', status: 'DONE', notes: '根本原因：发货未做防震包装。预防措施：每个托盘的纸箱四周加泡沫。' },
  { taskId: 'T3', title: '回访客户', status: 'OPEN' },
] as ComplaintTask[];
// 2026-03-10 23:30 UTC is already 11 March in Shanghai, where the letter is dated.
const date = new Date('2026-03-10T23:30:00.000Z');

describe('the drafted response, in the customer\'s language', () => {
  it('stays within 20,000 characters when 50 tasks carry 4,000 characters of notes each, every task still named', () => {
    const many = Array.from({ length: 50 }, (_, i) => ({ taskId: `T${i + 1}`, title: `Task ${i + 1}`, status: 'DONE', notes: `${i}`.padEnd(4000, 'x') })) as ComplaintTask[];
    for (const locale of ['zh-CN', 'en'] as const) {
      const text = draftResponse(complaint, many, { locale, date });
      expect(text.length).toBeLessThanOrEqual(MAX_RESPONSE_CHARS);
      expect(text.length).toBeGreaterThan(MAX_RESPONSE_CHARS * 0.9); // the room is used, not thrown away
      for (let i = 1; i <= 50; i++) expect(text).toContain(`Task ${i}`);
      expect(text).toContain('…');
      expect(text).toMatch(locale === 'zh-CN' ? /敬礼！/ : /Kind regards,/); // the closing survives
    }
    expect(draftResponse(complaint, tasks, { locale: 'en', date })).not.toContain('…'); // short notes are left whole
  });

  it('is a formal Chinese complaint reply for a zh-CN customer', () => {
    const text = draftResponse(complaint, tasks, { locale: 'zh-CN', date });
    expect(text.split('\n')).toEqual([
      '尊敬的沈阳精密仪器有限公司：',
      '',
      '　　您好！贵司于2026年3月4日反映的笔记本电脑（序列号 SN-1，单据 DN-1）问题：“屏幕出现一条白色竖线”，我司已受理（投诉编号 CMP-2026-000007）并高度重视。现将处理情况答复如下：',
      '',
      '一、处理措施',
      '1. 派质量人员到客户现场：已现场更换整机',
      '2. 查明根本原因：根本原因：发货未做防震包装。预防措施：每个托盘的纸箱四周加泡沫。',
      '',
      '二、贵司提出的要求',
      '明天上午派人到现场',
      '',
      '　　如对上述处理结果仍有疑问，敬请随时与我们联系。感谢贵司对我司的信任与支持！',
      '',
      '　　此致',
      '敬礼！',
      '',
      '客户服务部',
      '2026年3月11日',
    ]);
  });

  it('leaves out what the complaint does not have, in Chinese', () => {
    const bare = { ...complaint, serialNumber: undefined, customerRequirements: undefined } as Complaint;
    const text = draftResponse(bare, [], { locale: 'zh-CN', date });
    expect(text).toContain('笔记本电脑（单据 DN-1）问题');
    expect(text).toContain('一、处理措施\n（暂无已完成的处理记录）');
    expect(text).not.toContain('贵司提出的要求');
    expect(text.replace(complaint.complaintId, '')).not.toMatch(/[A-Za-z]{3,}/); // nothing English slipped in
  });

  it('stays in English for an English-speaking customer', () => {
    const en = { ...complaint, customerName: 'Beijing Northwind Trading Ltd.', productName: 'Laptop', description: 'white line', customerRequirements: 'on site tomorrow' } as Complaint;
    const text = draftResponse(en, [{ ...tasks[0]!, title: 'Site visit', notes: 'replaced the unit' }, tasks[2]!], { locale: 'en', date });
    expect(text).toMatch(/^Dear Beijing Northwind Trading Ltd.,/);
    expect(text).toContain('Regarding complaint CMP-2026-000007 about Laptop (serial SN-1) delivered with DN-1: "white line".');
    expect(text).toContain('- Site visit: replaced the unit');
    expect(text).not.toContain('回访客户');
    expect(text).toContain('Your requirements: on site tomorrow');
    expect(text).toMatch(/Kind regards,\nCustomer Service$/);
  });
});

// Seed 001's CAPA: the cause was shipping without shock protection; the prevention, foam around
// the cartons on each pallet (verified), and a second action still planned.
const capa: Capa = {
  containment: '现场更换整机，检查同批次库存',
  rootCause: { category: 'METHOD', description: '运输中无防震保护' },
  correctiveAction: '物流部门修订包装规范',
  preventiveActions: [
    { id: 'PA1', description: '每个托盘的纸箱周围加泡沫', ownerId: 'logistics.zhao', dueAt: '2026-03-20T09:00:00.000Z', status: 'VERIFIED', implementedBy: 'logistics.zhao', implementedAt: '2026-03-09T09:00:00.000Z', verifiedBy: 'quality.liu', verifiedAt: '2026-03-10T09:00:00.000Z' },
    { id: 'PA2', description: '培训物流人员', ownerId: 'logistics.zhao', dueAt: '2026-03-31T16:30:00.000Z', status: 'PLANNED' },
  ],
};

describe('the drafted response with the CAPA recorded', () => {
  it('adds containment, root cause, corrective and preventive actions as numbered sections of the Chinese letter', () => {
    const text = draftResponse(complaint, tasks, { locale: 'zh-CN', date }, capa);
    expect(text.split('\n').slice(3, 24)).toEqual([
      '',
      '一、应急措施',
      '现场更换整机，检查同批次库存',
      '',
      '二、处理措施',
      '1. 派质量人员到客户现场：已现场更换整机',
      '2. 查明根本原因：根本原因：发货未做防震包装。预防措施：每个托盘的纸箱四周加泡沫。',
      '',
      '三、原因分析',
      '原因类别：方法。运输中无防震保护',
      '',
      '四、纠正措施',
      '物流部门修订包装规范',
      '',
      '五、预防措施',
      '1. 每个托盘的纸箱周围加泡沫（已验证，2026年3月10日）',
      '2. 培训物流人员（计划中，计划完成日期 2026年4月1日）', // 16:30 UTC on 31 March is 1 April in Shanghai
      '',
      '六、贵司提出的要求',
      '明天上午派人到现场',
      '',
    ]);
    expect(text).toMatch(/敬礼！\n\n客户服务部\n2026年3月11日$/);
  });

  it('says the same in English', () => {
    const en = { ...capa, containment: 'replaced the unit', rootCause: { category: 'ENVIRONMENT' as const, description: 'no shock protection in transport' },
      correctiveAction: 'new packing instruction', preventiveActions: [{ ...capa.preventiveActions![0]!, description: 'foam around the cartons on each pallet' }, { ...capa.preventiveActions![1]!, description: 'train the drivers' }] };
    const text = draftResponse(complaint, tasks, { locale: 'en', date }, en);
    expect(text).toContain('\n\nImmediate containment:\nreplaced the unit\n\nWhat we did:\n');
    expect(text).toContain('\n\nRoot cause (Environment):\nno shock protection in transport\n\nCorrective action:\nnew packing instruction\n\n'
      + 'To prevent a recurrence:\n- foam around the cartons on each pallet (verified on 10 March 2026)\n- train the drivers (planned, due 1 April 2026)\n\nYour requirements:');
  });

  it('leaves out the sections the CAPA does not have yet', () => {
    const text = draftResponse(complaint, tasks, { locale: 'zh-CN', date }, { containment: '隔离库存' });
    expect(text).toContain('一、应急措施\n隔离库存\n\n二、处理措施');
    expect(text).toContain('三、贵司提出的要求');
    expect(text).not.toMatch(/、(原因分析|纠正措施|预防措施)/);
  });

  it('still fits 20,000 characters with the longest CAPA and 50 long task notes, cutting only the long texts', () => {
    const long = (c: string, n: number) => c.repeat(n);
    const huge: Capa = {
      containment: long('围', 4000), rootCause: { category: 'MAN', description: long('因', 4000) }, correctiveAction: long('纠', 4000),
      preventiveActions: Array.from({ length: 20 }, (_, i) => ({ id: `PA${i + 1}`, description: i === 0 ? '每个托盘的纸箱周围加泡沫' : long('防', 1000), ownerId: 'x', dueAt: '2026-04-01T00:00:00.000Z', status: 'PLANNED' as const })),
    };
    const many = Array.from({ length: 50 }, (_, i) => ({ taskId: `T${i + 1}`, title: `Task ${i + 1}`, status: 'DONE', notes: long('x', 4000) })) as ComplaintTask[];
    for (const locale of ['zh-CN', 'en'] as const) {
      const text = draftResponse(complaint, many, { locale, date }, huge);
      expect(text.length).toBeLessThanOrEqual(MAX_RESPONSE_CHARS);
      expect(text.length).toBeGreaterThan(MAX_RESPONSE_CHARS * 0.95);
      expect(text).toContain('每个托盘的纸箱周围加泡沫'); // short texts are left whole
      for (let i = 1; i <= 50; i++) expect(text).toContain(`Task ${i}`);
      expect(text).toMatch(locale === 'zh-CN' ? /敬礼！\n\n客户服务部\n2026年3月11日$/ : /Kind regards,\nCustomer Service$/);
    }
  });
});

const customer: Pick<Customer, 'email' | 'phones' | 'contacts'> = {
  email: 'purchasing@sy-precision.example',
  phones: ['+862488880001'],
  contacts: [
    { name: 'Li Qiang', phone: '+8613900000001', email: 'li.qiang@sy-precision.example' },
    { name: 'Zhang Wei', phone: '+8613800138000', email: 'zhang.wei@sy-precision.example' },
    { name: '王 芳', phone: '+8613600000009' },
  ],
};

describe('where the response goes', () => {
  it('goes to the email of the contact whose phone the complaint names', () => {
    expect(responseRecipient({ contactName: 'Mr Zhang', contactPhone: '+8613800138000' }, customer))
      .toEqual({ channel: 'EMAIL', address: 'zhang.wei@sy-precision.example', contactName: 'Zhang Wei', basis: 'COMPLAINT_CONTACT' });
  });

  it('prefers the phone over the name when they point at different contacts', () => {
    expect(responseRecipient({ contactName: 'Li Qiang', contactPhone: '+8613800138000' }, customer))
      .toMatchObject({ contactName: 'Zhang Wei', address: 'zhang.wei@sy-precision.example' });
  });

  it('finds the contact by name when the phone is not on file or not given, ignoring case and spaces', () => {
    expect(responseRecipient({ contactName: ' zhang  wei ', contactPhone: '+8613700009999' }, customer))
      .toMatchObject({ contactName: 'Zhang Wei', basis: 'COMPLAINT_CONTACT' });
    expect(responseRecipient({ contactName: 'ZHANG WEI' }, customer)).toMatchObject({ contactName: 'Zhang Wei' });
  });

  it('texts a matched contact who has no email', () => {
    expect(responseRecipient({ contactName: '王芳' }, customer))
      .toEqual({ channel: 'SMS', address: '+8613600000009', contactName: '王 芳', basis: 'COMPLAINT_CONTACT' });
  });

  it('falls back to the customer\'s general email, then its general phone', () => {
    expect(responseRecipient({ contactName: 'Somebody Else', contactPhone: '+8613700009999' }, customer))
      .toEqual({ channel: 'EMAIL', address: 'purchasing@sy-precision.example', basis: 'CUSTOMER_DEFAULT' });
    expect(responseRecipient({}, customer)).toMatchObject({ basis: 'CUSTOMER_DEFAULT', channel: 'EMAIL' });
    expect(responseRecipient({}, { ...customer, email: undefined }))
      .toEqual({ channel: 'SMS', address: '+862488880001', basis: 'CUSTOMER_DEFAULT' });
  });

  it('has nowhere to go when neither a contact matches nor the customer has an address', () => {
    expect(responseRecipient({ contactName: 'Somebody Else' }, { ...customer, email: undefined, phones: [] })).toBeUndefined();
  });
});

describe('who hears that sales rejected a response', () => {
  const timeline = [
    { type: 'RESPONSE_REVISED', actor: 'quality.wu', detail: { revision: 2 } },
    { type: 'RESPONSE_REVISED', actor: 'quality.liu', detail: { revision: 3 } },
  ];

  it('is the author of the plan, and whoever wrote the rejected revision', () => {
    expect(responseOwnerIds(complaint, timeline, 1)).toEqual(['quality.liu']);
    expect(responseOwnerIds(complaint, timeline, 2)).toEqual(['quality.liu', 'quality.wu']);
    expect(responseOwnerIds(complaint, timeline, 3)).toEqual(['quality.liu']);
    expect(responseOwnerIds({ ...complaint, plan: undefined }, timeline, 1)).toEqual([]);
  });

  it('is told the complaint, the revision and the comment, in their language', () => {
    const rejection = { revision: 2, comment: 'Mention the replacement unit', by: 'Li Na' };
    const zh = renderMessage('RESPONSE_REJECTED', 'zh-CN', { complaint, rejection }, 'SMS');
    expect(zh.subject).toBe('投诉答复被退回 CMP-2026-000007（第 2 版）');
    expect(zh.body).toBe('投诉 CMP-2026-000007 沈阳精密仪器有限公司 的答复（第 2 版）被 Li Na 退回，请修改后重新提交。退回意见：Mention the replacement unit');
    const en = renderMessage('RESPONSE_REJECTED', 'en', { complaint, rejection }, 'SMS');
    expect(en.subject).toBe('Response to CMP-2026-000007 rejected (revision 2)');
    expect(en.body).toBe('Li Na rejected the response to CMP-2026-000007 沈阳精密仪器有限公司 (revision 2); please revise it and submit it again. Comment: Mention the replacement unit');
  });
});
