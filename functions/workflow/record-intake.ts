import { z } from 'zod';
import { workflowHandler } from '../../shared/lambda/workflow-handler.ts';
import { recordIntake } from '../../shared/services/classify.ts';

export const handler = workflowHandler(
  z.object({ complaintId: z.string().min(1), executionId: z.string().min(1) }),
  ({ complaintId, executionId }) => recordIntake(complaintId, executionId),
);
