import { z } from 'zod';
import { loadCompanyPolicy, loadConfig, workflowConfig } from '../../shared/config.ts';
import { httpHandler } from '../../shared/lambda/http-handler.ts';
import { NewComplaint, createComplaint } from '../../shared/services/intake.ts';

const { STATE_MACHINE_ARN } = loadConfig(workflowConfig);
const policy = loadCompanyPolicy();
const IdempotencyKey = z.string().trim().min(8).max(128).optional();

export const handler = httpHandler({ body: NewComplaint }, async ({ body, actorId, headers }) => {
  const idempotencyKey = IdempotencyKey.safeParse(headers['idempotency-key']);
  const result = await createComplaint({
    input: body, actorId, policy, stateMachineArn: STATE_MACHINE_ARN,
    idempotencyKey: idempotencyKey.success ? idempotencyKey.data : undefined,
  });
  return { status: result.created ? 201 : 200, body: result };
});
