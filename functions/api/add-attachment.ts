import { contract } from '../../shared/api/contract.ts';
import { attachmentsConfig, loadConfig } from '../../shared/config.ts';
import { httpHandler } from '../../shared/lambda/http-handler.ts';
import { startAttachment } from '../../shared/services/attachments.ts';

const { ATTACHMENTS_BUCKET } = loadConfig(attachmentsConfig);

export const handler = httpHandler(
  contract.AddAttachment,
  async ({ params, body, actorId }) => ({ status: 201, body: await startAttachment(ATTACHMENTS_BUCKET, params.complaintId, body, actorId) }),
);
