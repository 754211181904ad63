import { attachmentsConfig, loadConfig } from '../../shared/config.ts';
import { staffHandler } from '../../shared/lambda/http-handler.ts';
import { attachmentDownload } from '../../shared/services/attachments.ts';

const { ATTACHMENTS_BUCKET } = loadConfig(attachmentsConfig);

export const handler = staffHandler('GetAttachment', async ({ params }) => ({
  body: await attachmentDownload(ATTACHMENTS_BUCKET, params.complaintId, params.attachmentId),
}));
