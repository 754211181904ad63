import { z } from 'zod';
import { workflowHandler } from '../../shared/lambda/workflow-handler.ts';
import { classify } from '../../shared/services/classify.ts';

export const handler = workflowHandler(z.object({ complaintId: z.string().min(1) }), ({ complaintId }) => classify(complaintId));
