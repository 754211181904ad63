import { z } from 'zod';
import { attachmentsConfig, loadConfig } from '../../shared/config.ts';
import { AttachmentRequest } from '../../shared/domain/attachments.ts';
import { httpHandler } from '../../shared/lambda/http-handler.ts';
import { startAttachment } from '../../shared/services/attachments.ts';

const { ATTACHMENTS_BUCKET } = loadConfig(attachmentsConfig);

export const handler = httpHandler(
  { params: z.object({ complaintId: z.string().min(1).max(64) }), body: AttachmentRequest },
  async ({ params, body, actorId }) => ({ status: 201, body: await startAttachment(ATTACHMENTS_BUCKET, params.complaintId, body, actorId) }),
);
