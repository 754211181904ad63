import { attachmentsConfig, loadConfig } from '../../shared/config.ts';
import { staffHandler } from '../../shared/lambda/http-handler.ts';
import { confirmAttachment } from '../../shared/services/attachments.ts';

const { ATTACHMENTS_BUCKET } = loadConfig(attachmentsConfig);

export const handler = staffHandler('ConfirmAttachment', async ({ params }) => ({
  body: await confirmAttachment(ATTACHMENTS_BUCKET, params.complaintId, params.attachmentId),
}));
