import { z } from 'zod';
import { loadConfig, messagingConfig } from '../../shared/config.ts';
import { workflowHandler } from '../../shared/lambda/workflow-handler.ts';
import { runTaskCheckpoints } from '../../shared/services/task-checkpoints.ts';

const { SENDER_EMAIL } = loadConfig(messagingConfig);

export const handler = workflowHandler(
  z.object({ complaintId: z.string().min(1), taskId: z.string().min(1) }),
  ({ complaintId, taskId }) => runTaskCheckpoints(complaintId, taskId, SENDER_EMAIL),
);
