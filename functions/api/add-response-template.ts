import { attachmentsConfig, loadConfig } from '../../shared/config.ts';
import { staffHandler } from '../../shared/lambda/http-handler.ts';
import { startTemplateUpload } from '../../shared/services/response-formats.ts';

const { ATTACHMENTS_BUCKET } = loadConfig(attachmentsConfig);

export const handler = staffHandler('AddResponseTemplate', async ({ params, body }) => ({
  status: 201, body: await startTemplateUpload(ATTACHMENTS_BUCKET, params.customerCode, body),
}));
