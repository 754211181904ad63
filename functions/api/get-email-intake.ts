import { staffHandler } from '../../shared/lambda/http-handler.ts';
import { emailIntakeItem } from '../../shared/services/inbound-email.ts';

export const handler = staffHandler('GetEmailIntake', async ({ params }) => ({ body: await emailIntakeItem(params.inboundId) }));
