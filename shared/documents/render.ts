import { invalidField } from '../domain/errors.ts';
import { layoutToDocx } from './docx-render.ts';
import { cjkFontPath } from './fonts.ts';
import { eightDLayout, letterLayout, type Layout } from './layouts.ts';
import { layoutToPdf } from './pdf-render.ts';
import type { ResponseContent } from './response-content.ts';
import { fillTemplate } from './template.ts';

export { ResponseFormatKind } from '../domain/response-revision.ts';

export type ResponseFormat = { kind: 'LETTER' } | { kind: '8D' } | { kind: 'TEMPLATE' };

export const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
export const PDF_TYPE = 'application/pdf';

export interface ResponseFile {
  name: string;
  contentType: typeof DOCX_TYPE | typeof PDF_TYPE;
  bytes: Buffer;
}

export interface RenderedResponse {
  /** The documents to attach, DOCX first. */
  files: ResponseFile[];
  /** A short text for the email or SMS the documents go with, in the customer's language. */
  messageBody: string;
}

/**
 * The response as documents, in the customer's format. Deterministic: the same format, content
 * (its documentDate included) and template give the same bytes, so a retried step re-creates the
 * exact files whose hash the salesperson confirmed.
 *
 * - LETTER and 8D: a DOCX and a PDF of the same layout.
 * - TEMPLATE: the customer's DOCX, filled; no PDF (turning an arbitrary Word document into PDF
 *   needs a word processor, which a Lambda does not have). Throws the template's DomainError (400)
 *   when the template is missing or invalid.
 */
export async function renderResponse(format: ResponseFormat, content: ResponseContent, template?: Uint8Array): Promise<RenderedResponse> {
  const messageBody = responseMessage(content);
  const date = new Date(content.documentDate);
  const builtIn = async (layout: Layout, stem: string): Promise<RenderedResponse> => ({
    files: [
      { name: `${stem}.docx`, contentType: DOCX_TYPE, bytes: await layoutToDocx(layout, content.locale, date) },
      { name: `${stem}.pdf`, contentType: PDF_TYPE, bytes: await layoutToPdf(layout, content.locale, date, cjkFontPath()) },
    ],
    messageBody,
  });
  switch (format.kind) {
    case 'LETTER':
      return builtIn(letterLayout(content), `${content.complaintId}-response`);
    case '8D':
      return builtIn(eightDLayout(content), `${content.complaintId}-8D`);
    case 'TEMPLATE':
      if (!template) throw invalidField('template', 'the customer\'s response format is a template, and no template is on file');
      return { files: [{ name: `${content.complaintId}-response.docx`, contentType: DOCX_TYPE, bytes: fillTemplate(template, content) }], messageBody };
  }
}

/** The message the documents go with: who it is for, which complaint, that the response is attached. */
export function responseMessage(c: Pick<ResponseContent, 'locale' | 'customerName' | 'complaintId' | 'productName'>): string {
  return c.locale === 'zh-CN'
    ? `尊敬的${c.customerName}：您好！附件是我司对投诉 ${c.complaintId}（${c.productName}）的正式答复，请查收。如有疑问，敬请随时与我们联系。`
    : `Dear ${c.customerName}, please find attached our response to complaint ${c.complaintId} (${c.productName}). Do not hesitate to contact us with any question.`;
}
