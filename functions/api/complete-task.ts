import { contract } from '../../shared/api/contract.ts';
import { httpHandler } from '../../shared/lambda/http-handler.ts';
import { completeTask } from '../../shared/services/tasks.ts';

export const handler = httpHandler(contract.CompleteTask, async ({ params, body, actorId }) => {
  const { stepToken: _token, ...task } = await completeTask(params.complaintId, params.taskId, body.notes, actorId);
  return { body: task };
});
