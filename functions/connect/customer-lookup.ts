import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { parser } from '@aws-lambda-powertools/parser/middleware';
import type { Context } from 'aws-lambda';
import { z } from 'zod';
import { loadCompanyPolicy } from '../../shared/config.ts';
import { logger } from '../../shared/lambda/logger.ts';
import { lookupForConnect } from '../../shared/services/connect.ts';

const policy = loadCompanyPolicy();

/** The part of Amazon Connect's ContactFlowEvent we read. */
const ConnectContactFlowEvent = z.object({
  Name: z.literal('ContactFlowEvent'),
  Details: z.object({
    ContactData: z.object({
      ContactId: z.string(),
      CustomerEndpoint: z.object({ Address: z.string().optional(), Type: z.string().optional() }).nullish(),
    }).passthrough(),
    Parameters: z.record(z.string(), z.string()).optional(),
  }),
});

export const handler = middy(async (event: z.infer<typeof ConnectContactFlowEvent>, _context: Context) => {
  const { ContactData } = event.Details;
  logger.appendKeys({ contactId: ContactData.ContactId });
  return lookupForConnect(ContactData.CustomerEndpoint?.Address, policy);
})
  .use(injectLambdaContext(logger))
  .use(parser({ schema: ConnectContactFlowEvent }));
