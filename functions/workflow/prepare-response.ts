import { z } from 'zod';
import { attachmentsConfig, loadCompanyPolicy, loadConfig } from '../../shared/config.ts';
import { workflowHandler } from '../../shared/lambda/workflow-handler.ts';
import { prepareResponse } from '../../shared/services/respond.ts';

const { capaRequiredFor } = loadCompanyPolicy();
const { ATTACHMENTS_BUCKET } = loadConfig(attachmentsConfig);

export const handler = workflowHandler(
  z.object({ complaintId: z.string().min(1) }),
  ({ complaintId }) => prepareResponse(complaintId, capaRequiredFor, ATTACHMENTS_BUCKET),
);
