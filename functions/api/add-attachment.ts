import { attachmentsConfig, loadConfig } from '../../shared/config.ts';
import { staffHandler } from '../../shared/lambda/http-handler.ts';
import { startAttachment } from '../../shared/services/attachments.ts';

const { ATTACHMENTS_BUCKET } = loadConfig(attachmentsConfig);

export const handler = staffHandler('AddAttachment', async ({ params, body, actor }) => ({
  status: 201,
  body: await startAttachment(ATTACHMENTS_BUCKET, params.complaintId, body, actor),
}));
