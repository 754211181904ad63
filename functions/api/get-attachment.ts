import { contract } from '../../shared/api/contract.ts';
import { attachmentsConfig, loadConfig } from '../../shared/config.ts';
import { httpHandler } from '../../shared/lambda/http-handler.ts';
import { attachmentDownload } from '../../shared/services/attachments.ts';

const { ATTACHMENTS_BUCKET } = loadConfig(attachmentsConfig);

export const handler = httpHandler(
  contract.GetAttachment,
  async ({ params, actorId }) => ({ body: await attachmentDownload(ATTACHMENTS_BUCKET, params.complaintId, params.attachmentId, actorId) }),
);
