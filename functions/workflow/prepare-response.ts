import { z } from 'zod';
import { workflowHandler } from '../../shared/lambda/workflow-handler.ts';
import { prepareResponse } from '../../shared/services/respond.ts';

export const handler = workflowHandler(z.object({ complaintId: z.string().min(1) }), ({ complaintId }) => prepareResponse(complaintId));
