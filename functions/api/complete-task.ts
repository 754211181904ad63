import { z } from 'zod';
import { httpHandler } from '../../shared/lambda/http-handler.ts';
import { TaskCompletion, completeTask } from '../../shared/services/tasks.ts';

export const handler = httpHandler(
  { params: z.object({ complaintId: z.string().min(1).max(64), taskId: z.string().min(1).max(16) }), body: TaskCompletion },
  async ({ params, body, actorId }) => {
    const { stepToken: _token, ...task } = await completeTask(params.complaintId, params.taskId, body.notes, actorId);
    return { body: task };
  },
);
