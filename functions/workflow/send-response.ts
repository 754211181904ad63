import { z } from 'zod';
import { loadConfig, messagingConfig } from '../../shared/config.ts';
import { workflowHandler } from '../../shared/lambda/workflow-handler.ts';
import { sendResponse } from '../../shared/services/respond.ts';

const { SENDER_EMAIL } = loadConfig(messagingConfig);

export const handler = workflowHandler(
  z.object({ complaintId: z.string().min(1) }),
  ({ complaintId }) => sendResponse(complaintId, SENDER_EMAIL),
);
