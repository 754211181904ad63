import { createHash } from 'node:crypto';
import { getDocument, OPS } from 'pdfjs-dist/legacy/build/pdf.mjs';
import PizZip from 'pizzip';
import { describe, expect, it } from 'vitest';
import type { Capa } from '../../shared/domain/capa.ts';
import { DomainError } from '../../shared/domain/errors.ts';
import type { Complaint, ComplaintTask, Customer } from '../../shared/domain/model.ts';
import { FIELD_NAMES, LOOP_NAMES, LOOPS, placeholderList } from '../../shared/documents/placeholders.ts';
import { DOCX_TYPE, PDF_TYPE, renderResponse, ResponseFormatKind, type RenderedResponse } from '../../shared/documents/render.ts';
import { buildResponseContent, type ResponseContent } from '../../shared/documents/response-content.ts';
import { checkTemplate, fillTemplate, MAX_TEMPLATE_BYTES } from '../../shared/documents/template.ts';
import { everyPlaceholderTemplate, makeDocx, p } from '../support/docx-fixtures.ts';

// Seed 001: a laptop damaged in transport; the cause was no shock protection, the prevention foam
// around the cartons on each pallet.
const complaint = {
  complaintId: 'CMP-2026-000001', customerCode: 'SY001', customerName: '沈阳精密仪器有限公司',
  productName: '笔记本电脑', productCode: 'NB-15', serialNumber: 'SN-1', documentNumber: 'DN-1',
  description: '屏幕出现一条白色竖线', customerRequirements: '明天上午派人到现场', contactName: '张伟',
  receivedAt: '2026-03-04T01:30:00.000Z', // 09:30 in Shanghai
  plan: { submittedBy: 'quality.liu', submittedAt: '2026-03-04T03:00:00.000Z', summary: '现场更换' },
} as Complaint;
const tasks = [
  { complaintId: 'CMP-2026-000001', taskId: 'T1', title: '派质量人员到客户现场', assigneeId: 'quality.wang', dueAt: '2026-03-05T01:00:00.000Z', status: 'DONE', notes: '已现场更换整机', completedBy: 'quality.wang', completedAt: '2026-03-05T00:30:00.000Z' },
  { complaintId: 'CMP-2026-000001', taskId: 'T2', title: '查明根本原因', assigneeId: 'quality.liu', dueAt: '2026-03-11T01:00:00.000Z', status: 'OPEN' },
] as ComplaintTask[];
const people = new Map([['quality.liu', '刘洋'], ['quality.wang', '王芳'], ['logistics.zhao', '赵强']]);
// 02:00 UTC on 11 March is 10:00 in Shanghai: the document is dated 11 March.
const date = new Date('2026-03-11T02:00:00.000Z');

const capaIn = (locale: Customer['locale']): Capa => ({
  containment: locale === 'zh-CN' ? '现场更换整机，检查同批次库存' : 'replaced the unit on site, checked the stock of the batch',
  rootCause: { category: 'METHOD', description: locale === 'zh-CN' ? '运输中无防震保护' : 'no shock protection in transport' },
  correctiveAction: locale === 'zh-CN' ? '物流部门修订包装规范' : 'logistics revised the packing instruction',
  preventiveActions: [{
    id: 'PA1', description: locale === 'zh-CN' ? '每个托盘的纸箱周围加泡沫' : 'foam around the cartons on each pallet',
    ownerId: 'logistics.zhao', dueAt: '2026-03-20T09:00:00.000Z', status: 'VERIFIED',
    implementedBy: 'logistics.zhao', implementedAt: '2026-03-09T09:00:00.000Z', verifiedBy: 'quality.liu', verifiedAt: '2026-03-10T09:00:00.000Z',
  }],
});
const ROOT_CAUSE = { 'zh-CN': '运输中无防震保护', en: 'no shock protection in transport' } as const;
const FOAM = { 'zh-CN': '每个托盘的纸箱周围加泡沫', en: 'foam around the cartons on each pallet' } as const;

const contentFor = (locale: Customer['locale'], capa: Capa | undefined = capaIn(locale)) => buildResponseContent({
  complaint, tasks, capa, people, date, customer: { code: 'SY001', name: complaint.customerName, locale },
});

/** The text of a DOCX's body as Word shows it: one line per paragraph or line break, table cells separated by " | ". */
function docxText(bytes: Uint8Array, part = 'word/document.xml'): string {
  const xml = new PizZip(bytes).file(part)!.asText();
  return xml
    .replace(/<\/w:p><\/w:tc>/g, '</w:tc>').replace(/<\/w:tr>/g, '\n')
    .replace(/<w:br\/>/g, '\n').replace(/<\/w:p>/g, '\n').replace(/<\/w:tc>/g, ' | ')
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, '\'').replace(/&amp;/g, '&');
}

/** A PDF read by a real reader (pdf.js): its page count, its text, and the fonts its first page draws with. */
async function readPdf(bytes: Uint8Array) {
  const loading = getDocument({ data: new Uint8Array(bytes), disableFontFace: true, useSystemFonts: false, fontExtraProperties: true, verbosity: 0 });
  const pdf = await loading.promise;
  let text = '';
  const fonts = new Map<string, { name: string; missingFile: boolean; embeddedBytes: number }>();
  for (let n = 1; n <= pdf.numPages; n++) {
    const page = await pdf.getPage(n);
    text += (await page.getTextContent()).items.map((item) => ('str' in item ? item.str : '')).join('');
    const ops = await page.getOperatorList();
    ops.fnArray.forEach((fn, i) => {
      if (fn !== OPS.setFont) return;
      const id = ops.argsArray[i][0] as string;
      const font = page.commonObjs.get(id) as { name: string; missingFile: boolean; data?: Uint8Array };
      fonts.set(font.name, { name: font.name, missingFile: font.missingFile, embeddedBytes: font.data?.byteLength ?? 0 });
    });
  }
  const info = (await pdf.getMetadata()).info as Record<string, unknown>;
  await loading.destroy();
  return { pages: pdf.numPages, text: text.replace(/\s+/g, ''), fonts: [...fonts.values()], info };
}

const squash = (s: string) => s.replace(/\s+/g, '');
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const file = (r: RenderedResponse, ext: string) => r.files.find((f) => f.name.endsWith(ext))!;

describe('the response documents: built-in 8D report', () => {
  for (const locale of ['zh-CN', 'en'] as const) {
    it(`carries the seed's root cause under D4 and its preventive action under D7 (${locale}), in the DOCX and in the PDF`, async () => {
      const result = await renderResponse({ kind: '8D' }, contentFor(locale));
      expect(result.files.map((f) => [f.name, f.contentType])).toEqual([
        ['CMP-2026-000001-8D.docx', DOCX_TYPE], ['CMP-2026-000001-8D.pdf', PDF_TYPE],
      ]);
      const text = docxText(file(result, '.docx').bytes);
      const at = (s: string) => {
        const i = text.indexOf(s);
        expect(i, `${s} in the 8D report`).toBeGreaterThanOrEqual(0);
        return i;
      };
      const [d1, d2, d3, d4, d5, d6, d7, d8] = (locale === 'zh-CN'
        ? ['D1 成立小组', 'D2 问题描述', 'D3 临时围堵措施', 'D4 根本原因分析', 'D5 选定永久纠正措施', 'D6 实施并验证纠正措施', 'D7 预防再发生', 'D8 结案与团队祝贺']
        : ['D1 Team', 'D2 Problem description', 'D3 Containment action', 'D4 Root cause', 'D5 Chosen permanent corrective action', 'D6 Implemented corrective actions and verification', 'D7 Actions to prevent recurrence', 'D8 Closure and team recognition']
      ).map(at) as number[];
      expect([d1, d2, d3, d4, d5, d6, d7, d8]).toEqual([d1, d2, d3, d4, d5, d6, d7, d8].sort((a, b) => a! - b!));
      const between = (from: number, to: number, s: string) => {
        const i = text.indexOf(s, from);
        expect(i > from && i < to, `${s} between its headings`).toBe(true);
      };
      between(d1!, d2!, '刘洋'); // the plan's author leads the team
      between(d1!, d2!, '赵强'); // the action's owner is in it
      between(d3!, d4!, capaIn(locale).containment);
      between(d4!, d5!, locale === 'zh-CN' ? '方法' : 'Method');
      between(d4!, d5!, ROOT_CAUSE[locale]);
      between(d5!, d6!, capaIn(locale).correctiveAction!);
      between(d6!, d7!, '已现场更换整机'); // the finished task's notes
      between(d7!, d8!, FOAM[locale]);
      between(d7!, d8!, locale === 'zh-CN' ? '已验证' : 'verified');
      between(d7!, d8!, locale === 'zh-CN' ? '刘洋 / 2026年3月10日' : '刘洋 / 10 March 2026');
      between(d7!, d8!, locale === 'zh-CN' ? '2026年3月20日' : '20 March 2026');

      const pdf = await readPdf(file(result, '.pdf').bytes);
      expect(pdf.pages).toBeGreaterThanOrEqual(1);
      for (const s of [ROOT_CAUSE[locale], FOAM[locale], 'CMP-2026-000001', '沈阳精密仪器有限公司']) expect(pdf.text).toContain(squash(s));
      expect(pdf.text.indexOf(squash(ROOT_CAUSE[locale]))).toBeLessThan(pdf.text.indexOf(squash(FOAM[locale])));
    });
  }

  it('says what is not recorded yet instead of leaving a section out', async () => {
    const result = await renderResponse({ kind: '8D' }, contentFor('zh-CN', { containment: '隔离库存' }));
    const text = docxText(file(result, '.docx').bytes);
    expect(text).toContain('D4 根本原因分析\n原因类别 | （未记录） | \n根本原因 | （未记录）');
    expect(text).toContain('D7 预防再发生\n（暂无预防措施）');
  });
});

describe('the response documents: built-in letter', () => {
  for (const locale of ['zh-CN', 'en'] as const) {
    it(`is the letter text with the root cause and the preventive action (${locale}), as DOCX and as PDF with the CJK font embedded`, async () => {
      const content = contentFor(locale);
      const result = await renderResponse({ kind: 'LETTER' }, content);
      expect(result.files.map((f) => f.name)).toEqual(['CMP-2026-000001-response.docx', 'CMP-2026-000001-response.pdf']);
      const text = docxText(file(result, '.docx').bytes);
      for (const line of content.letterText.split('\n').filter(Boolean)) expect(text).toContain(line);
      expect(text).toContain(ROOT_CAUSE[locale]);
      expect(text).toContain(FOAM[locale]);

      const pdf = await readPdf(file(result, '.pdf').bytes);
      expect(pdf.pages).toBe(1);
      expect(pdf.text).toContain(squash(ROOT_CAUSE[locale]));
      expect(pdf.text).toContain(squash(FOAM[locale]));
      expect(pdf.text).toContain(squash(locale === 'zh-CN' ? '敬礼！' : 'Kind regards,'));
      // Every font the page draws with is embedded (a subset: "ABCDEF+" before the name).
      expect(pdf.fonts.length).toBeGreaterThan(0);
      for (const font of pdf.fonts) {
        expect(font.missingFile).toBe(false);
        expect(font.embeddedBytes).toBeGreaterThan(1000); // the glyphs travel with the file
        expect(font.embeddedBytes).toBeLessThan(500_000); // a subset, not the 8 MB font
        expect(font.name).toMatch(/^[A-Z]{6}\+NotoSansHans-Regular$/);
      }
      expect(pdf.info.Title).toBe(locale === 'zh-CN' ? '投诉答复函（CMP-2026-000001）' : 'Response to complaint CMP-2026-000001');
      expect(result.messageBody).toBe(locale === 'zh-CN'
        ? '尊敬的沈阳精密仪器有限公司：您好！附件是我司对投诉 CMP-2026-000001（笔记本电脑）的正式答复，请查收。如有疑问，敬请随时与我们联系。'
        : 'Dear 沈阳精密仪器有限公司, please find attached our response to complaint CMP-2026-000001 (笔记本电脑). Do not hesitate to contact us with any question.');
    });
  }

  it('uses the letter as the quality manager edited it, not the draft', async () => {
    const edited = { ...contentFor('en'), letterText: 'Dear customer,\n\nWe fitted foam.\n\nKind regards' };
    const text = docxText(file(await renderResponse({ kind: 'LETTER' }, edited), '.docx').bytes);
    expect(text).toContain('Dear customer,\nWe fitted foam.\nKind regards');
    expect(text).not.toContain(ROOT_CAUSE.en);
  });
});

describe('the response documents: the same input gives the same bytes', () => {
  it('renders each format twice to identical files, and the document date is in them', async () => {
    const template = everyPlaceholderTemplate();
    for (const kind of ResponseFormatKind.options) {
      const content = contentFor('zh-CN');
      const [a, b] = [await renderResponse({ kind }, content, template), await renderResponse({ kind }, structuredClone(content), template)];
      expect(a.files.map((f) => sha(f.bytes)), kind).toEqual(b.files.map((f) => sha(f.bytes)));
      const later = await renderResponse({ kind }, { ...content, documentDate: '2026-03-12T02:00:00.000Z' }, template);
      for (const [i, f] of later.files.entries()) expect(sha(f.bytes), `${kind} ${f.name}`).not.toBe(sha(a.files[i]!.bytes));
    }
  });

  it('dates every zip entry and the DOCX properties with the document date, not the clock', async () => {
    const result = await renderResponse({ kind: '8D' }, contentFor('en'));
    const zip = new PizZip(file(result, '.docx').bytes);
    const stamps = new Set(Object.values(zip.files).map((e) => e.date.getTime()));
    expect(stamps.size).toBe(1);
    const [stamp] = [...stamps].map((t) => new Date(t));
    // Zip stamps have no zone: the fields are the document date's UTC fields.
    expect([stamp!.getFullYear(), stamp!.getMonth(), stamp!.getDate(), stamp!.getHours(), stamp!.getMinutes()]).toEqual([2026, 2, 11, 2, 0]);
    const core = zip.file('docProps/core.xml')!.asText();
    expect(core.match(/<dcterms:(created|modified)[^>]*>([^<]*)</g)).toEqual([
      '<dcterms:created xsi:type="dcterms:W3CDTF">2026-03-11T02:00:00Z<',
      '<dcterms:modified xsi:type="dcterms:W3CDTF">2026-03-11T02:00:00Z<',
    ]);
  });
});

describe('the customer\'s own DOCX template', () => {
  it('has every placeholder filled, loops repeated per action, task and team member', async () => {
    const template = everyPlaceholderTemplate();
    const used = checkTemplate(template);
    expect(used.fields).toEqual(FIELD_NAMES);
    expect(used.loops.map((l) => l.name)).toEqual(LOOP_NAMES);
    for (const loop of used.loops) expect(loop.fields).toEqual(Object.keys(LOOPS[loop.name].fields));

    const content = contentFor('zh-CN');
    const result = await renderResponse({ kind: 'TEMPLATE' }, content, template);
    expect(result.files.map((f) => [f.name, f.contentType])).toEqual([['CMP-2026-000001-response.docx', DOCX_TYPE]]);
    const text = docxText(result.files[0]!.bytes);
    expect(text).not.toMatch(/[{}]/); // no placeholder left
    expect(text).not.toContain('undefined');
    for (const name of FIELD_NAMES) {
      if (name === 'letterText') continue; // many lines: checked below
      expect(text).toContain(`${name}=«${content[name]}»`);
      expect(content[name], name).not.toBe(''); // the seed has every field, so each is really filled
    }
    for (const line of content.letterText.split('\n')) expect(text).toContain(line);
    expect(text).toContain('rootCause=«运输中无防震保护»');
    expect(text).toContain('rootCauseCategory=«方法»');
    expect(text).toContain('pa.description=«每个托盘的纸箱周围加泡沫» | pa.owner=«赵强» | pa.dueDate=«2026年3月20日» | pa.status=«已验证»');
    expect(text).toContain('pa.verifiedBy=«刘洋» | pa.verifiedDate=«2026年3月10日»');
    expect(text).toContain('task.title=«派质量人员到客户现场»\ntask.assignee=«王芳»\ntask.dueDate=«2026年3月5日»\ntask.completedDate=«2026年3月5日»\ntask.notes=«已现场更换整机»');
    expect(text).toContain('task.title=«查明根本原因»\ntask.assignee=«刘洋»\ntask.dueDate=«2026年3月11日»\ntask.completedDate=«»\ntask.notes=«»');
    expect(text).toContain('team: «刘洋» «王芳» «赵强» ');
  });

  it('fills conditions: a section on a field prints when it has a value, an inverted one when it has none', () => {
    const template = makeDocx(p('{#serialNumber}S/N {serialNumber}{/serialNumber}{^serialNumber}no serial{/serialNumber}{^preventiveActions}no actions{/preventiveActions}'));
    expect(docxText(fillTemplate(template, contentFor('en')))).toBe('S/N SN-1\n');
    expect(docxText(fillTemplate(template, { ...contentFor('en', { containment: 'x' }), serialNumber: '' }))).toBe('no serialno actions\n');
  });

  it('is refused with every unknown placeholder named', () => {
    const template = makeDocx([
      p('{customerName} {rootcause} {supplierRating}'),
      p('{#preventiveActions}{description} {costCentre}{/preventiveActions}'),
      p('{tasks} {#approvals}x{/approvals}'),
      p('{@letterText}'),
    ].join(''));
    const error = catchError(() => checkTemplate(template, 'body.template'));
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ status: 400, field: 'body.template' });
    expect(error.message).toContain('{rootcause} is unknown (did you mean {rootCause}?)');
    expect(error.message).toContain('{supplierRating} is unknown');
    expect(error.message).toContain('{costCentre} (inside {#preventiveActions}) is unknown');
    expect(error.message).toContain('{tasks} is a list: write {#tasks}…{/tasks}');
    expect(error.message).toContain('{#approvals} is neither a list nor a field');
    expect(error.message).toContain('{@letterText}: only plain {field} placeholders and {#list}…{/list} loops are allowed');
    expect(error.message).not.toContain('{customerName}');
    expect(error.message).not.toContain('{description}');
  });

  it('is refused when a loop\'s field is used outside the loop, or a list inside another', () => {
    const error = catchError(() => checkTemplate(makeDocx(p('{owner} {#tasks}{#team}{name}{/team}{/tasks}'))));
    expect(error.message).toContain('{owner} is unknown');
    expect(error.message).toContain('{#team} (inside {#tasks}) is neither a list (lists do not nest) nor a field');
  });

  it('finds placeholders in headers and footers too', () => {
    const template = makeDocx(p('{customerName}'), {
      'word/header1.xml': '<?xml version="1.0" encoding="UTF-8"?><w:hdr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        + `${p('{complaintId} {secretCode}')}</w:hdr>`,
    });
    const zip = new PizZip(template);
    zip.file('[Content_Types].xml', zip.file('[Content_Types].xml')!.asText().replace('</Types>',
      '<Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/></Types>'));
    const error = catchError(() => checkTemplate(zip.generate({ type: 'nodebuffer' })));
    expect(error.message).toContain('{secretCode} is unknown');
  });

  it('is refused with a clear reason when it is not a DOCX, too large, or broken', () => {
    const cases: [string, Uint8Array, number, RegExp][] = [
      ['plain text', Buffer.from('Dear {customerName}'), 400, /not a DOCX file \(it is not a zip archive/],
      ['a PDF', Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj'), 400, /not a DOCX file/],
      ['empty', new Uint8Array(0), 400, /not a DOCX file/],
      ['a truncated DOCX', everyPlaceholderTemplate().subarray(0, 900), 400, /not a DOCX file/],
      ['a zip without a Word document', zipOf({ 'readme.txt': 'hello' }), 400, /no word\/document\.xml/],
      ['over the size limit', Buffer.alloc(MAX_TEMPLATE_BYTES + 1), 413, /limit is 2097152 \(2 MiB\)/],
      ['a zip bomb', zipOf({ 'word/document.xml': 'x', 'word/media/big.bin': '\0'.repeat(40 * 1024 * 1024) }), 413, /unzips to \d+ bytes/],
      ['an unclosed tag', makeDocx(p('Dear {customerName, about {complaintId}')), 400, /cannot be read: .*unclosed/i],
      ['an unopened tag', makeDocx(p('Dear customerName}')), 400, /cannot be read: .*unopened/i],
      ['an unclosed loop', makeDocx(p('{#tasks}{title}')), 400, /cannot be read: .*(unclosed|not closed)/i],
    ];
    for (const [what, bytes, status, message] of cases) {
      const error = catchError(() => checkTemplate(bytes, 'body.template'));
      expect(error, what).toBeInstanceOf(DomainError);
      expect({ what, status: error.status, field: error.field }).toEqual({ what, status, field: 'body.template' });
      expect(error.message, what).toMatch(message);
    }
    expect(everyPlaceholderTemplate().byteLength).toBeLessThan(MAX_TEMPLATE_BYTES);
  });

  it('is needed when the format is TEMPLATE, and checked again when filled', async () => {
    await expect(renderResponse({ kind: 'TEMPLATE' }, contentFor('en'))).rejects.toMatchObject({ status: 400, field: 'template' });
    await expect(renderResponse({ kind: 'TEMPLATE' }, contentFor('en'), makeDocx(p('{nope}')))).rejects.toThrow('{nope} is unknown');
  });
});

describe('the response content', () => {
  it('is text in the customer\'s language, with names for people and empty fields for what is missing', () => {
    const en = contentFor('en');
    expect(en).toMatchObject({
      locale: 'en', documentDate: '2026-03-11T02:00:00.000Z', responseDate: '11 March 2026', receivedDate: '4 March 2026',
      customerCode: 'SY001', contactName: '张伟', rootCauseCategory: 'Method', rootCause: ROOT_CAUSE.en,
      preventiveActions: [{ id: 'PA1', description: FOAM.en, owner: '赵强', dueDate: '20 March 2026', status: 'verified', implementedDate: '9 March 2026', verifiedBy: '刘洋', verifiedDate: '10 March 2026' }],
      team: [{ name: '刘洋' }, { name: '王芳' }, { name: '赵强' }],
    });
    expect(en.letterText).toContain(`Root cause (Method):\n${ROOT_CAUSE.en}`);

    const bare = buildResponseContent({
      complaint: { ...complaint, serialNumber: undefined, customerRequirements: undefined, contactName: undefined, plan: undefined },
      tasks: [{ ...tasks[0]!, assigneeId: 'left.company' }], people, date, customer: { code: 'SY001', name: 'X', locale: 'zh-CN' },
    });
    expect(bare).toMatchObject({ serialNumber: '', customerRequirements: '', contactName: '', containment: '', rootCause: '', rootCauseCategory: '', correctiveAction: '', preventiveActions: [] });
    expect(bare.tasks[0]!.assignee).toBe('left.company'); // someone no longer in master data: the id, not a blank
    expect(bare.team).toEqual([{ name: 'left.company' }]);
  });

  it('has a value for every placeholder, and the placeholder list describes each', () => {
    const content: ResponseContent = contentFor('zh-CN');
    for (const name of FIELD_NAMES) expect(typeof content[name], name).toBe('string');
    for (const loop of LOOP_NAMES) for (const item of content[loop]) expect(Object.keys(item).sort()).toEqual(Object.keys(LOOPS[loop].fields).sort());
    const list = placeholderList();
    expect(list.map((e) => e.name)).toContain('preventiveActions.verifiedDate');
    expect(list.every((e) => e.description.length > 5)).toBe(true);
    expect(ResponseFormatKind.parse('8D')).toBe('8D');
    expect(ResponseFormatKind.safeParse('PDF').success).toBe(false);
  });
});

function catchError(f: () => unknown): DomainError {
  try {
    f();
  } catch (error) {
    return error as DomainError;
  }
  throw new Error('expected an error');
}

function zipOf(files: Record<string, string>): Buffer {
  const zip = new PizZip();
  for (const [name, content] of Object.entries(files)) zip.file(name, content);
  return zip.generate({ type: 'nodebuffer', compression: 'DEFLATE' });
}
