import { z } from 'zod';
import { actionLinkConfig, loadCompanyPolicy, loadConfig, messagingConfig, toActionLinkConfig } from '../../shared/config.ts';
import { workflowHandler } from '../../shared/lambda/workflow-handler.ts';
import { parkHumanStep } from '../../shared/services/human-steps.ts';

const { SENDER_EMAIL, ...links } = loadConfig({ ...messagingConfig, ...actionLinkConfig });
const policy = loadCompanyPolicy();

export const handler = workflowHandler(
  z.object({
    taskToken: z.string().min(1),
    complaintId: z.string().min(1),
    step: z.enum(['PLAN', 'TASK', 'CAPA', 'SALES_CONFIRMATION', 'RESPONSE_REVISION', 'FOLLOW_UP']),
    taskId: z.string().min(1).optional(),
    holdVersion: z.number().int().min(0).optional(),
  }).refine((p) => p.step !== 'TASK' || p.taskId, { message: 'a TASK step needs its taskId', path: ['taskId'] }),
  (request) => parkHumanStep(request, SENDER_EMAIL, toActionLinkConfig(links), policy),
);
