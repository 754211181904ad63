import { z } from 'zod';
import { workflowHandler } from '../../shared/lambda/workflow-handler.ts';
import { closeComplaint } from '../../shared/services/respond.ts';

export const handler = workflowHandler(z.object({ complaintId: z.string().min(1) }), ({ complaintId }) => closeComplaint(complaintId));
