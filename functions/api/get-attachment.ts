import { z } from 'zod';
import { attachmentsConfig, loadConfig } from '../../shared/config.ts';
import { httpHandler } from '../../shared/lambda/http-handler.ts';
import { attachmentDownload } from '../../shared/services/attachments.ts';

const { ATTACHMENTS_BUCKET } = loadConfig(attachmentsConfig);

export const handler = httpHandler(
  { params: z.object({ complaintId: z.string().min(1).max(64), attachmentId: z.uuid() }) },
  async ({ params, actorId }) => ({ body: await attachmentDownload(ATTACHMENTS_BUCKET, params.complaintId, params.attachmentId, actorId) }),
);
