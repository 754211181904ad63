import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { jsonReply, type Reply } from './http-server.ts';
import { SfnError, type LocalStepFunctions } from './step-functions.ts';

/**
 * The Step Functions API as the AWS SDK speaks it (JSON 1.0, X-Amz-Target), for the operations
 * the system and its operators use. Errors carry `__type`, which the SDK turns into error names.
 */
export function stepFunctionsApi(sfn: LocalStepFunctions) {
  const epoch = (iso?: string) => (iso ? Date.parse(iso) / 1000 : undefined);
  const operations: Record<string, (input: any) => unknown> = {
    StartExecution: (i) => {
      const e = sfn.startExecution(i.stateMachineArn, i.name ?? randomUUID(), i.input ?? '{}');
      return { executionArn: e.executionArn, startDate: epoch(e.startDate) };
    },
    SendTaskSuccess: (i) => (sfn.sendTaskSuccess(i.taskToken, i.output), {}),
    SendTaskFailure: (i) => (sfn.sendTaskFailure(i.taskToken, i.error, i.cause), {}),
    SendTaskHeartbeat: () => ({}),
    DescribeExecution: (i) => {
      const e = sfn.describeExecution(i.executionArn);
      return { ...e, startDate: epoch(e.startDate), stopDate: epoch(e.stopDate) };
    },
    ListExecutions: () => ({
      executions: sfn.listExecutions().map((e) => ({
        executionArn: e.executionArn, stateMachineArn: e.stateMachineArn, name: e.name, status: e.status,
        startDate: epoch(e.startDate), stopDate: epoch(e.stopDate),
      })),
    }),
    GetExecutionHistory: (i) => ({
      events: sfn.history(i.executionArn).map((h) => ({
        id: h.id, timestamp: epoch(h.timestamp), type: h.type,
        ...(h.name ? { stateEnteredEventDetails: { name: h.name } } : {}),
      })),
    }),
  };
  return async (req: IncomingMessage, body: string): Promise<Reply> => {
    const operation = String(req.headers['x-amz-target'] ?? '').replace('AWSStepFunctions.', '');
    const run = operations[operation];
    if (!run) return jsonReply(400, { __type: 'UnknownOperationException', message: `${operation} is not offered locally` });
    try {
      return jsonReply(200, await run(body ? JSON.parse(body) : {}), { 'content-type': 'application/x-amz-json-1.0' });
    } catch (error) {
      if (error instanceof SfnError) return jsonReply(400, { __type: error.name, message: error.message });
      throw error;
    }
  };
}

export interface SmsRecord {
  messageId: string;
  phoneNumber: string;
  message: string;
  smsType?: string;
  at: string;
}

/**
 * SNS Publish to a phone number (AWS query protocol), recorded in an outbox instead of sent.
 * GET /outbox lists what was "sent".
 */
export interface SnsFaults {
  /** The next `count` Publish calls are throttled (429), as SNS does under load. */
  throttleNext(count: number): void;
}

export function snsApi(outbox: SmsRecord[], onSms?: (sms: SmsRecord) => void) {
  let throttled = 0;
  const faults: SnsFaults = { throttleNext: (count) => { throttled = count; } };
  const handle = async (req: IncomingMessage, body: string): Promise<Reply> => {
    if (req.method === 'GET' && req.url?.startsWith('/outbox')) return jsonReply(200, { sms: outbox });
    const params = new URLSearchParams(body);
    const action = params.get('Action');
    if (action !== 'Publish' || !params.get('PhoneNumber')) {
      return queryError(400, 'InvalidParameter', `local SNS only sends SMS (Publish with PhoneNumber); got ${action}`);
    }
    if (throttled > 0) {
      throttled--;
      return queryError(429, 'Throttled', 'Rate exceeded');
    }
    // As SNS: a number that is not E.164 is refused.
    if (!/^\+[1-9]\d{6,14}$/.test(params.get('PhoneNumber')!)) {
      return queryError(400, 'InvalidParameter', 'Invalid parameter: PhoneNumber Reason: not a valid E.164 number');
    }
    const attributes = new Map<string, string>();
    for (let i = 1; params.has(`MessageAttributes.entry.${i}.Name`); i++) {
      attributes.set(params.get(`MessageAttributes.entry.${i}.Name`)!, params.get(`MessageAttributes.entry.${i}.Value.StringValue`) ?? '');
    }
    const sms: SmsRecord = {
      messageId: randomUUID(), phoneNumber: params.get('PhoneNumber')!, message: params.get('Message') ?? '',
      smsType: attributes.get('AWS.SNS.SMS.SMSType'), at: new Date().toISOString(),
    };
    outbox.push(sms);
    onSms?.(sms);
    return {
      status: 200,
      headers: { 'content-type': 'text/xml' },
      body: `<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>${sms.messageId}</MessageId></PublishResult><ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></PublishResponse>`,
    };
  };
  return Object.assign(handle, { faults });
}

function queryError(status: number, code: string, message: string): Reply {
  return {
    status,
    headers: { 'content-type': 'text/xml' },
    body: `<ErrorResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`,
  };
}

/** The value the local cloud gives a secret: its environment variable, or a fixed dev value. */
export function localSecretValue(valueEnv: string | undefined): string {
  return (valueEnv && process.env[valueEnv]) || `local-dev-${(valueEnv ?? 'secret').toLowerCase().replaceAll('_', '-')}`;
}

/** Secrets Manager GetSecretValue (JSON 1.1) for the secrets in the template. */
export function secretsManagerApi(secrets: Map<string, { valueEnv?: string }>) {
  return async (req: IncomingMessage, body: string): Promise<Reply> => {
    const operation = String(req.headers['x-amz-target'] ?? '').replace('secretsmanager.', '');
    if (operation !== 'GetSecretValue') return jsonReply(400, { __type: 'UnknownOperationException', message: `${operation} is not offered locally` });
    const { SecretId } = JSON.parse(body || '{}') as { SecretId?: string };
    const secret = SecretId ? secrets.get(SecretId) : undefined;
    if (!secret) return jsonReply(400, { __type: 'ResourceNotFoundException', message: `Secrets Manager can't find the specified secret: ${SecretId}` });
    return jsonReply(200, {
      ARN: SecretId, Name: SecretId!.split(':').pop(), SecretString: localSecretValue(secret.valueEnv),
      VersionId: 'local', VersionStages: ['AWSCURRENT'], CreatedDate: 0,
    }, { 'content-type': 'application/x-amz-json-1.1' });
  };
}
