import { loadCompanyPolicy, loadConfig, workflowConfig } from '../../shared/config.ts';
import { staffHandler } from '../../shared/lambda/http-handler.ts';
import { completeEmailIntake } from '../../shared/services/inbound-email.ts';

const { STATE_MACHINE_ARN } = loadConfig(workflowConfig);
const policy = loadCompanyPolicy();

export const handler = staffHandler('CompleteEmailIntake', async ({ params, body, actor }) => {
  const result = await completeEmailIntake({ inboundId: params.inboundId, input: body, agent: actor, policy, stateMachineArn: STATE_MACHINE_ARN });
  return { status: result.created ? 201 : 200, body: result };
});
