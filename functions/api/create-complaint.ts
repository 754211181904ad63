import { z } from 'zod';
import { loadCompanyPolicy, loadConfig, workflowConfig } from '../../shared/config.ts';
import { ValidationFailed } from '../../shared/domain/errors.ts';
import { staffHandler } from '../../shared/lambda/http-handler.ts';
import { createComplaint } from '../../shared/services/intake.ts';

const { STATE_MACHINE_ARN } = loadConfig(workflowConfig);
const policy = loadCompanyPolicy();
const IdempotencyKey = z.string().trim().min(8, 'at least 8 characters').max(128).optional();

export const handler = staffHandler('CreateComplaint', async ({ body, actor, headers }) => {
  const idempotencyKey = IdempotencyKey.safeParse(headers['idempotency-key']);
  if (!idempotencyKey.success) throw new ValidationFailed([{ path: 'header.idempotency-key', message: idempotencyKey.error.issues[0]!.message }]);
  const result = await createComplaint({ input: body, agent: actor, policy, stateMachineArn: STATE_MACHINE_ARN, idempotencyKey: idempotencyKey.data });
  return { status: result.created ? 201 : 200, body: result };
});
