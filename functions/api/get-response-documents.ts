import { attachmentsConfig, loadConfig } from '../../shared/config.ts';
import { staffHandler } from '../../shared/lambda/http-handler.ts';
import { currentResponseDocuments } from '../../shared/services/response-documents.ts';

const { ATTACHMENTS_BUCKET } = loadConfig(attachmentsConfig);

export const handler = staffHandler('GetResponseDocuments', async ({ params }) => ({
  body: await currentResponseDocuments(ATTACHMENTS_BUCKET, params.complaintId),
}));
