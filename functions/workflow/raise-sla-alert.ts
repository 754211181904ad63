import { z } from 'zod';
import { loadConfig, messagingConfig } from '../../shared/config.ts';
import { workflowHandler } from '../../shared/lambda/workflow-handler.ts';
import { raiseSlaAlert } from '../../shared/services/sla-alert.ts';

const { SENDER_EMAIL } = loadConfig(messagingConfig);

export const handler = workflowHandler(
  z.object({ complaintId: z.string().min(1), taskId: z.string().min(1) }),
  ({ complaintId, taskId }) => raiseSlaAlert(complaintId, taskId, SENDER_EMAIL),
);
