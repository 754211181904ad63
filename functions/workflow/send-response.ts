import { z } from 'zod';
import { actionLinkConfig, attachmentsConfig, loadConfig, messagingConfig, toActionLinkConfig } from '../../shared/config.ts';
import { workflowHandler } from '../../shared/lambda/workflow-handler.ts';
import { sendResponse } from '../../shared/services/respond.ts';

const { SENDER_EMAIL, ATTACHMENTS_BUCKET, ...links } = loadConfig({ ...messagingConfig, ...attachmentsConfig, ...actionLinkConfig });

export const handler = workflowHandler(
  z.object({ complaintId: z.string().min(1) }),
  ({ complaintId }) => sendResponse(complaintId, SENDER_EMAIL, ATTACHMENTS_BUCKET, toActionLinkConfig(links)),
);
