import { AlignmentType, BorderStyle, Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import PizZip from 'pizzip';
import type { Block, Layout } from './layouts.ts';
import type { ResponseContent } from './response-content.ts';
import { rezipDeterministic } from './zip.ts';

/**
 * A built-in layout as a Word document. Word draws it with the reader's fonts (a DOCX carries
 * none): 宋体/SimSun for Chinese, Calibri for Latin, which every Chinese Windows and Office has.
 */
export async function layoutToDocx(layout: Layout, locale: ResponseContent['locale'], date: Date): Promise<Buffer> {
  const doc = new Document({
    creator: locale === 'zh-CN' ? '客户服务部' : 'Customer Service',
    title: layout.title,
    styles: {
      default: {
        document: {
          run: { font: { ascii: 'Calibri', hAnsi: 'Calibri', eastAsia: locale === 'zh-CN' ? '宋体' : 'SimSun' }, size: 21 },
          paragraph: { spacing: { after: 120 } },
        },
      },
    },
    sections: [{
      // A4 with 2.5 cm margins (twentieths of a point).
      properties: { page: { size: { width: 11906, height: 16838 }, margin: { top: 1418, bottom: 1418, left: 1418, right: 1418 } } },
      children: layout.blocks.flatMap(toDocx),
    }],
  });
  const bytes = await Packer.toBuffer(doc);
  return pinDates(bytes, date);
}

/** One line of text per run, line breaks between them (a DOCX paragraph keeps no "\n"). */
const lines = (text: string, bold = false) =>
  text.split('\n').map((line, i) => new TextRun({ text: line, bold, ...(i > 0 ? { break: 1 } : {}) }));

const cell = (text: string, width: number, header = false) => new TableCell({
  width: { size: width, type: WidthType.PERCENTAGE },
  ...(header ? { shading: { fill: 'E7E6E6' } } : {}),
  children: [new Paragraph({ spacing: { after: 0 }, children: lines(text, header) })],
});

const border = { style: BorderStyle.SINGLE, size: 4, color: '808080' };
const borders = { top: border, bottom: border, left: border, right: border, insideHorizontal: border, insideVertical: border };

function toDocx(block: Block): (Paragraph | Table)[] {
  switch (block.kind) {
    case 'title':
      return [new Paragraph({ heading: HeadingLevel.TITLE, alignment: AlignmentType.CENTER, children: lines(block.text, true) })];
    case 'heading':
      return [new Paragraph({ heading: HeadingLevel.HEADING_2, spacing: { before: 240, after: 120 }, children: lines(block.text, true) })];
    case 'paragraph':
      return [new Paragraph({ children: lines(block.text) })];
    case 'fields':
      return [new Table({
        width: { size: 100, type: WidthType.PERCENTAGE },
        borders,
        rows: block.rows.map(([label, value]) => new TableRow({ children: [cell(label, 25, true), cell(value, 75)] })),
      }), new Paragraph({ children: [] })];
    case 'table': {
      const total = block.widths.reduce((a, b) => a + b, 0);
      const widths = block.widths.map((w) => Math.round((100 * w) / total));
      return [new Table({
        width: { size: 100, type: WidthType.PERCENTAGE },
        borders,
        rows: [
          new TableRow({ tableHeader: true, children: block.header.map((h, i) => cell(h, widths[i]!, true)) }),
          ...block.rows.map((row) => new TableRow({ children: row.map((text, i) => cell(text, widths[i]!)) })),
        ],
      }), new Paragraph({ children: [] })];
    }
  }
}

/**
 * The docx library stamps "now" into docProps/core.xml and into every zip entry; the document's
 * own date goes there instead, so the same response gives the same bytes.
 */
function pinDates(bytes: Buffer, date: Date): Buffer {
  const zip = new PizZip(bytes);
  const iso = `${date.toISOString().slice(0, 19)}Z`;
  const core = zip.file('docProps/core.xml')?.asText();
  const replace: Record<string, string> = core === undefined ? {} : {
    'docProps/core.xml': core.replace(/(<dcterms:(?:created|modified)[^>]*>)[^<]*(<\/dcterms:(?:created|modified)>)/g, `$1${iso}$2`),
  };
  return rezipDeterministic(zip, date, replace);
}
