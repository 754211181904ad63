import { z } from 'zod';
import { Channel } from '../../shared/domain/model.ts';
import { loadConfig, messagingConfig } from '../../shared/config.ts';
import { workflowHandler } from '../../shared/lambda/workflow-handler.ts';
import { notifyComplaintCreated } from '../../shared/services/classify.ts';

const { SENDER_EMAIL } = loadConfig(messagingConfig);

export const handler = workflowHandler(
  z.object({ complaintId: z.string().min(1), notification: z.object({ personId: z.string().min(1), channel: Channel }) }),
  ({ complaintId, notification }) => notifyComplaintCreated(complaintId, notification, SENDER_EMAIL),
);
