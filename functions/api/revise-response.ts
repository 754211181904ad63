import { attachmentsConfig, loadConfig } from '../../shared/config.ts';
import { staffHandler } from '../../shared/lambda/http-handler.ts';
import { reviseResponse } from '../../shared/services/sales.ts';

const { ATTACHMENTS_BUCKET } = loadConfig(attachmentsConfig);

export const handler = staffHandler('ReviseResponse', async ({ params, body, actor }) => ({
  body: await reviseResponse(params.complaintId, body.text, actor, ATTACHMENTS_BUCKET),
}));
