import { randomUUID } from 'node:crypto';
import nodemailer from 'nodemailer';
import { inject } from 'vitest';
import { startLocalCloud, type LocalCloud, type LocalCloudOptions } from '../../infra/local/cloud.ts';

/**
 * The local cloud for one test file: the run's synthesized template, its own database in the
 * shared DynamoDB Local, seeded sample data, and retries without waiting.
 */
export async function startTestCloud(options: Partial<LocalCloudOptions> = {}): Promise<LocalCloud & { api: ApiClient }> {
  const cloud = await startLocalCloud({
    templates: JSON.parse(inject('templates')),
    dynamoDbEndpoint: inject('dynamoDbEndpoint'),
    identityEndpoint: inject('identityEndpoint'),
    accessKeyId: `test${randomUUID().replaceAll('-', '').slice(0, 12)}`,
    seed: true,
    retryIntervalMs: 0,
    ...options,
  });
  return Object.assign(cloud, { api: apiClient(cloud.endpoints.api, cloud.signIn) });
}

export type ApiClient = ReturnType<typeof apiClient>;

/**
 * Calls the API as a person would: `as` signs that person in once (a real ID token from the local
 * identity provider) and sends the token with each request. No `as`, no token.
 */
export function apiClient(base: string, signIn: (personId: string) => Promise<string>) {
  const tokens = new Map<string, Promise<string>>();
  const tokenFor = (personId: string) => {
    if (!tokens.has(personId)) tokens.set(personId, signIn(personId));
    return tokens.get(personId)!;
  };
  return async (method: string, path: string, options: { as?: string; body?: unknown; headers?: Record<string, string> } = {}) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: {
        'content-type': 'application/json',
        ...(options.as ? { authorization: `Bearer ${await tokenFor(options.as)}` } : {}),
        ...options.headers,
      },
      body: options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined } as { status: number; body: any };
  };
}

export const laptopComplaint = {
  documentNumber: 'DN-2026-0815',
  description: 'The laptop screen shows a white vertical line',
  customerRequirements: 'Come on site tomorrow morning',
  urgency: 'URGENT',
  category: 'PRODUCT_QUALITY',
} as const;

/** Poll until `test` holds for the complaint record (the workflow runs asynchronously). */
export async function waitForComplaint(api: ApiClient, id: string, test: (record: any) => boolean, seconds = 20): Promise<any> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const { status, body } = await api('GET', `/complaints/${id}`, { as: 'service.zhao' });
    if (status === 200 && test(body)) return body;
    if (Date.now() > deadline) throw new Error(`complaint ${id} never got there; last: ${JSON.stringify(body?.complaint?.status)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Send a raw message to the local SES receiving (its SMTP endpoint), as a mail server would, and
 * wait until the receipt rule's function has handled it. By default to the rule's first address.
 */
export async function sendEmail(cloud: LocalCloud, raw: Buffer, envelope: { from: string; to?: string[] }) {
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port: Number(new URL(cloud.endpoints.smtp).port), secure: false, ignoreTLS: true });
  const info = await transport.sendMail({ envelope: { from: envelope.from, to: envelope.to ?? [cloud.model.mailReceipts[0]!.recipients[0]!] }, raw });
  await cloud.mailSettled();
  return info;
}

export const inSeconds = (s: number) => new Date(Date.now() + s * 1000).toISOString();

/** A call event as the phone system sends it: raw JSON, signed with the local webhook secret (README, Phone-system webhook). */
export async function phoneSystemEvent(cloud: LocalCloud, event: Record<string, unknown>) {
  const { signWebhook } = await import('../../shared/domain/signature.ts');
  const { localSecretValue } = await import('../../infra/local/aws-endpoints.ts');
  const body = JSON.stringify(event);
  const timestamp = Math.floor(Date.now() / 1000);
  const res = await fetch(`${cloud.endpoints.api}/phone-system/call-events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-pbx-timestamp': String(timestamp), 'x-pbx-signature': signWebhook(localSecretValue('PHONE_WEBHOOK_SECRET'), timestamp, body) },
    body,
  });
  return { status: res.status, body: await res.json() as any };
}
