import { staffHandler } from '../../shared/lambda/http-handler.ts';
import { lookupDocument } from '../../shared/services/intake.ts';

export const handler = staffHandler('LookupDocument', async ({ params }) => ({ body: await lookupDocument(params.documentNumber) }));
