import { z } from 'zod';
import { loadConfig, messagingConfig } from '../../shared/config.ts';
import { workflowHandler } from '../../shared/lambda/workflow-handler.ts';
import { announce } from '../../shared/services/announce.ts';

const { SENDER_EMAIL } = loadConfig(messagingConfig);

export const handler = workflowHandler(
  z.object({
    complaintId: z.string().min(1),
    announcement: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('PLAN') }),
      z.object({ kind: z.literal('PLAN_OVERDUE') }),
      z.object({ kind: z.literal('TASK_DONE'), taskId: z.string().min(1) }),
      z.object({ kind: z.literal('RESPONSE_REJECTED'), revision: z.number().int().min(1) }),
      z.object({ kind: z.literal('CAPA_REQUIRED') }),
      z.object({ kind: z.literal('CLOSED') }),
      z.object({ kind: z.literal('FOLLOW_UP_LOW_SCORE'), round: z.number().int().min(1) }),
    ]),
  }),
  ({ complaintId, announcement }) => announce(complaintId, announcement, SENDER_EMAIL),
);
