import { staffHandler } from '../../shared/lambda/http-handler.ts';
import { dismissEmailIntake } from '../../shared/services/inbound-email.ts';

export const handler = staffHandler('DismissEmailIntake', async ({ params, body, actor }) => ({
  body: await dismissEmailIntake(params.inboundId, body.reason, actor),
}));
