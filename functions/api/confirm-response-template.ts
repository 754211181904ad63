import { attachmentsConfig, loadConfig } from '../../shared/config.ts';
import { staffHandler } from '../../shared/lambda/http-handler.ts';
import { confirmTemplate } from '../../shared/services/response-formats.ts';

const { ATTACHMENTS_BUCKET } = loadConfig(attachmentsConfig);

export const handler = staffHandler('ConfirmResponseTemplate', async ({ params, body, actor }) => ({
  body: await confirmTemplate(ATTACHMENTS_BUCKET, params.customerCode, params.uploadId, body.fileName, actor),
}));
