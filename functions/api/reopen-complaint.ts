import { loadConfig, workflowConfig } from '../../shared/config.ts';
import { staffHandler } from '../../shared/lambda/http-handler.ts';
import { reopenComplaint } from '../../shared/services/reopen.ts';

const { STATE_MACHINE_ARN } = loadConfig(workflowConfig);

export const handler = staffHandler('ReopenComplaint', async ({ params, body, actor }) => ({
  body: await reopenComplaint(params.complaintId, body, actor, STATE_MACHINE_ARN),
}));
