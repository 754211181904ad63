import { staffHandler } from '../../shared/lambda/http-handler.ts';
import { completeTask } from '../../shared/services/tasks.ts';

export const handler = staffHandler('CompleteTask', async ({ params, body, actor }) => {
  const { stepToken: _token, ...task } = await completeTask(params.complaintId, params.taskId, body.notes, actor);
  return { body: task };
});
