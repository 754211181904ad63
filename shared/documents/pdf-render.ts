import PDFDocument from 'pdfkit';
import type { Block, Layout } from './layouts.ts';
import type { ResponseContent } from './response-content.ts';

const SIZE = { title: 16, heading: 12.5, body: 10.5 };
const GREY = '#808080';
const SHADE = '#E7E6E6';

/**
 * A built-in layout as a PDF (PDFKit), with the CJK font embedded as a subset so that Chinese reads
 * the same on any reader. Deterministic: the creation and modification dates are the document's
 * date and PDFKit derives the file id and the font subset's tag from those and the content, so the
 * same layout and date give the same bytes.
 */
export function layoutToPdf(layout: Layout, locale: ResponseContent['locale'], date: Date, fontPath: string): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    // Start in our font, not PDFKit's default Helvetica: the standard fonts' metrics are loaded
    // from files a Lambda bundle does not carry (and no text here would use them).
    font: fontPath,
    margin: 64,
    lang: locale,
    displayTitle: true,
    info: {
      Title: layout.title,
      Author: locale === 'zh-CN' ? '客户服务部' : 'Customer Service',
      Creator: 'complaint-desk',
      CreationDate: date,
      ModDate: date,
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.fontSize(SIZE.body); // the font is given by path: see fonts.ts
  for (const block of layout.blocks) draw(doc, block);
  doc.end();
  return done;
}

/** A new page when less than `height` is left, so a heading is not left alone at a page's foot. */
function keepRoom(doc: PDFKit.PDFDocument, height: number): void {
  if (doc.y + height > doc.page.height - doc.page.margins.bottom) doc.addPage();
}

function draw(doc: PDFKit.PDFDocument, block: Block): void {
  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  const x = doc.page.margins.left;
  if (block.kind === 'heading') keepRoom(doc, 90);
  if (block.kind === 'table' || block.kind === 'fields') keepRoom(doc, 50);
  switch (block.kind) {
    case 'title':
      doc.fontSize(SIZE.title).text(block.text, x, doc.y, { align: 'center', width }).moveDown(0.8);
      break;
    case 'heading':
      doc.fontSize(SIZE.heading).text(block.text, x, doc.y + 6, { width }).moveDown(0.3);
      break;
    case 'paragraph':
      doc.fontSize(SIZE.body).text(block.text, x, doc.y, { width, lineGap: 3 }).moveDown(0.6);
      break;
    case 'fields':
      doc.fontSize(SIZE.body).table({
        position: { x, y: doc.y },
        columnStyles: [width * 0.25, width * 0.75],
        defaultStyle: { border: 0.5, borderColor: GREY, padding: [4, 5] },
        data: block.rows.map(([label, value]) => [{ text: label, backgroundColor: SHADE }, value]),
      });
      doc.x = x;
      doc.moveDown(0.6);
      break;
    case 'table': {
      const total = block.widths.reduce((a, b) => a + b, 0);
      doc.fontSize(SIZE.body - 1).table({
        position: { x, y: doc.y },
        columnStyles: block.widths.map((w) => (width * w) / total),
        defaultStyle: { border: 0.5, borderColor: GREY, padding: [4, 5] },
        data: [block.header.map((h) => ({ text: h, backgroundColor: SHADE, type: 'TH' as const })), ...block.rows],
      });
      doc.x = x;
      doc.fontSize(SIZE.body).moveDown(0.6);
      break;
    }
  }
}
