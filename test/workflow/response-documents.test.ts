import { createHash } from 'node:crypto';
import PizZip from 'pizzip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localSecretValue } from '../../infra/local/aws-endpoints.ts';
import { FIELD_NAMES } from '../../shared/documents/placeholders.ts';
import { parseKeyRing, signActionLink } from '../../shared/domain/action-links.ts';
import { everyPlaceholderTemplate } from '../support/docx-fixtures.ts';
import { lifecycleDriver, seedCapa } from '../support/lifecycle-driver.ts';
import { startTestCloud } from '../support/test-cloud.ts';

/**
 * The response in the customer's own format: the seed scenario's root cause and preventive action
 * recorded as data come out in an 8D report, the salesperson confirms the exact bytes, the email
 * carries those bytes, and the preventive action is marked fed back once delivered. A customer
 * with their own DOCX template gets it filled, every placeholder.
 */
let cloud: Awaited<ReturnType<typeof startTestCloud>>;
let drive: ReturnType<typeof lifecycleDriver>;
beforeAll(async () => {
  cloud = await startTestCloud();
  drive = lifecycleDriver(cloud);
});
afterAll(async () => { await cloud?.stop(); });

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const docxText = (bytes: Uint8Array) => new PizZip(bytes).file('word/document.xml')!.asText().replace(/<[^>]+>/g, '');
const ring = () => parseKeyRing(localSecretValue('ACTION_LINK_KEYS'));

/** The revision's documents as the salesperson's link shows them, downloaded. */
async function documentsOf(id: string, revision: number) {
  const token = signActionLink(ring(), { p: 'SALES_CONFIRMATION', c: id, r: revision, s: 'sales.li', e: Math.floor(Date.now() / 1000) + 600 });
  const seen = await cloud.api('POST', '/action-links/inspect', { body: { token } });
  expect(seen.status, JSON.stringify(seen.body)).toBe(200);
  const files = await Promise.all(seen.body.response.documents.map(async (d: any) => ({ ...d, bytes: new Uint8Array(await (await fetch(d.url)).arrayBuffer()) })));
  return { response: seen.body.response, files: files as { name: string; contentType: string; sha256: string; bytes: Uint8Array }[] };
}

async function setFormat(customerCode: string, format: '8D' | 'LETTER') {
  const res = await cloud.api('PUT', `/customers/${customerCode}/response-format`, { as: 'quality.liu', body: { format } });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}

describe('the response in the customer\'s own format', () => {
  it('drafts an 8D report with the seed\'s root cause and preventive action, sends exactly the confirmed bytes, and marks the action fed back', async () => {
    await setFormat('SY001', '8D');
    try {
      // Zhang Wei (SY001's purchasing contact, with an email) complained about the cracked screen.
      const id = await drive.create({ contactName: 'Zhang Wei', contactPhone: '138 0013 8000' });
      await drive.plan(id, [{ title: 'Find the root cause', assigneeId: 'tech.zhou', dueInSeconds: 7 * 86_400, investigation: true }], { capa: false });
      expect((await cloud.api('PUT', `/complaints/${id}/capa`, { as: 'tech.zhou', body: { capa: seedCapa(), expectedVersion: 0 } })).status).toBe(200);
      await drive.complete(id, 'T1', 'tech.zhou', 'Cartons were stacked without padding');
      const drafted = await drive.waitFor(id, (r) => r.complaint.status === 'AWAITING_SALES_CONFIRMATION');
      expect(drafted.complaint.response).toMatchObject({ revision: 1, format: '8D', preventiveActionIds: ['PA1'] });

      const { response, files } = await documentsOf(id, 1);
      expect(files.map((f) => f.name)).toEqual([`${id}-8D.docx`, `${id}-8D.pdf`]);
      for (const f of files) expect(sha256(f.bytes)).toBe(f.sha256);
      const text = docxText(files[0]!.bytes);
      expect(text).toContain('No shock protection in transport');
      expect(text).toContain('Foam around the cartons on each pallet');
      expect(text.indexOf('No shock protection')).toBeLessThan(text.indexOf('Foam around the cartons'));

      await drive.decide(id, 'CONFIRM');
      const closed = await drive.waitFor(id, (r) => r.complaint.status === 'CLOSED');
      const confirmed = closed.timeline.find((e: any) => e.type === 'RESPONSE_CONFIRMED');
      expect(confirmed.detail.contentHash).toBe(response.contentHash);

      // The email to Zhang Wei carries the two documents, byte for byte what was confirmed.
      const [mail] = (await drive.emails(id)).filter((m) => m.destination.to.includes('zhang.wei@sy-precision.example'));
      const attached = (mail as any).attachments.map((a: any) => ({ name: a.filename, sha: sha256(Buffer.from(a.content, 'base64')) }));
      expect(attached).toEqual(files.map((f) => ({ name: f.name, sha: f.sha256 })));
      expect(mail!.body.text).toContain(id);

      // Delivered: the preventive action the documents contain is fed back to the customer.
      const capa = (await cloud.api('GET', `/complaints/${id}/capa`, { as: 'quality.liu' })).body;
      expect(capa.capa.preventiveActions[0]).toMatchObject({ id: 'PA1', fedBackRevision: 1, fedBackAt: closed.complaint.respondedAt });
      expect(closed.timeline.find((e: any) => e.type === 'RESPONDED').detail).toMatchObject({ contentHash: response.contentHash, delivery: 'SENT' });
    } finally {
      await setFormat('SY001', 'LETTER');
    }
  });

  it('fills a customer\'s own DOCX template, every placeholder, and sends it by SMS as a signed download link', async () => {
    // BJ002's form, uploaded and checked like an attachment.
    const template = everyPlaceholderTemplate();
    const announced = await cloud.api('POST', '/customers/BJ002/response-template', { as: 'admin.ma', body: { fileName: 'northwind-8d.docx', sizeBytes: template.length } });
    expect(announced.status, JSON.stringify(announced.body)).toBe(201);
    expect((await fetch(announced.body.upload.url, { method: 'PUT', headers: announced.body.upload.headers, body: template })).status).toBe(200);
    const checked = await cloud.api('POST', `/customers/BJ002/response-template/${announced.body.uploadId}/confirm`, { as: 'admin.ma', body: { fileName: 'northwind-8d.docx' } });
    expect(checked.status, JSON.stringify(checked.body)).toBe(200);
    expect(checked.body).toMatchObject({ format: 'TEMPLATE', template: { fileName: 'northwind-8d.docx', sha256: sha256(template) } });

    try {
      const { putDocument, getCustomer, putCustomer } = await import('../../shared/store/master-data.ts');
      const { sampleDocuments } = await import('../../infra/local/sample-data.ts');
      // A contact reachable by phone only: the response goes by SMS, with a link to the document.
      const customer = (await getCustomer('BJ002'))!;
      await putCustomer({ ...customer, contacts: [...customer.contacts, { name: 'Li Qiang', phone: '+8613912345678' }] });
      await putDocument({ ...sampleDocuments.find((d) => d.customerCode === 'BJ002')!, number: 'SO-TEMPLATE-1', serialNumber: 'SN-TEMPLATE-1' });
      const { complaintId: id } = (await cloud.api('POST', '/complaints', {
        as: 'agent.wang',
        body: { documentNumber: 'SO-TEMPLATE-1', description: 'The monitor flickers after an hour', customerRequirements: 'Replace it', contactName: 'Li Qiang', contactPhone: '139 1234 5678', urgency: 'NORMAL', category: 'PRODUCT_QUALITY' },
      })).body;
      await drive.waitFor(id, (r) => r.complaint.status === 'AWAITING_PLAN');
      await drive.plan(id, [{ title: 'Swap the panel', assigneeId: 'tech.zhou', dueInSeconds: 86_400 }]);
      await drive.complete(id, 'T1', 'tech.zhou', 'Panel swapped');
      await drive.waitFor(id, (r) => r.complaint.status === 'AWAITING_SALES_CONFIRMATION');

      const { files } = await documentsOf(id, 1);
      expect(files.map((f) => f.name)).toEqual([`${id}-response.docx`]);
      const filled = docxText(files[0]!.bytes);
      expect(filled).not.toMatch(/[{}]/);
      // Every field of the vocabulary was in the form and came out as a value (empty only where the
      // complaint has none, e.g. a planned action's verification).
      for (const name of FIELD_NAMES) expect(filled).toMatch(new RegExp(`${name}=«[^«»]*»`));
      expect(filled).toContain('customerName=«Beijing Northwind Trading Ltd.»');
      expect(filled).toContain('serialNumber=«SN-TEMPLATE-1»');
      expect(filled).toContain(`complaintId=«${id}»`);
      expect(filled).toContain('rootCause=«No shock protection in transport»');
      expect(filled).toContain('pa.description=«Foam around the cartons on each pallet»');

      await drive.decide(id, 'CONFIRM');
      const closed = await drive.waitFor(id, (r) => r.complaint.status === 'CLOSED');
      expect(closed.complaint.response.sentTo).toMatchObject({ channel: 'SMS', address: '+8613912345678' });
      const sms = cloud.smsOutbox.find((m) => m.phoneNumber === '+8613912345678' && m.message.includes(id))!;
      const token = sms.message.match(/#(v1\.[A-Za-z0-9._-]+)/)![1]!;
      const opened = await cloud.api('POST', '/action-links/response-documents', { body: { token } });
      expect(opened.status, JSON.stringify(opened.body)).toBe(200);
      const downloaded = new Uint8Array(await (await fetch(opened.body.documents[0].url)).arrayBuffer());
      expect(sha256(downloaded)).toBe(files[0]!.sha256);
      // A link for another revision, or altered, opens nothing.
      const other = signActionLink(ring(), { p: 'RESPONSE_DOCUMENTS', c: id, r: 2, s: 'BJ002', e: Math.floor(Date.now() / 1000) + 600 });
      expect((await cloud.api('POST', '/action-links/response-documents', { body: { token: other } })).status).toBe(401);
    } finally {
      await setFormat('BJ002', 'LETTER');
    }
  });
});
