import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { parser } from '@aws-lambda-powertools/parser/middleware';
import type { Context } from 'aws-lambda';
import type { z } from 'zod';
import { logger } from './logger.ts';

/**
 * A state machine step: the payload is validated against `schema` (an invalid payload fails the
 * step, which is a bug in the definition, not user input), then handed to the domain function.
 */
export function workflowHandler<S extends z.ZodType, R>(schema: S, step: (input: z.infer<S>) => Promise<R>) {
  return middy(async (input: z.infer<S>, _context: Context) => step(input))
    .use(injectLambdaContext(logger))
    .use(parser({ schema }));
}
