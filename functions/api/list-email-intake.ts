import { staffHandler } from '../../shared/lambda/http-handler.ts';
import { emailIntakeQueue } from '../../shared/services/inbound-email.ts';

export const handler = staffHandler('ListEmailIntake', async ({ query }) => ({ body: await emailIntakeQueue(query, new Date()) }));
