import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { z } from 'zod';
import { DomainError, ValidationFailed } from '../domain/errors.ts';
import { logger } from './logger.ts';

export interface HttpRequest<P, B> {
  params: P;
  body: B;
  /** The person making the request (see README: Authentication). */
  actorId: string | undefined;
  headers: Record<string, string | undefined>;
}

export interface HttpResult {
  status?: number;
  body: unknown;
}

const ActorHeader = z.string().trim().min(1).max(64);

/**
 * An HTTP API route: path parameters and JSON body validated with zod (a 400 names each field
 * path and reason, and nothing runs), domain errors mapped to their status, the rest a 500.
 */
export function httpHandler<P extends z.ZodType, B extends z.ZodType>(
  schemas: {
    params?: P;
    body?: B;
    /** Documents the headers the route reads (shared/api/contract.ts); not validated here. */
    headers?: Record<string, string>;
    /** Runs on the raw request before anything is parsed (e.g. a webhook signature); throws to refuse. */
    authenticate?: (rawBody: string, headers: Record<string, string | undefined>) => Promise<void>;
  },
  route: (req: HttpRequest<z.infer<P>, z.infer<B>>) => Promise<HttpResult>,
) {
  return middy(async (event: APIGatewayProxyEventV2, _context: Context): Promise<APIGatewayProxyStructuredResultV2> => {
    try {
      await schemas.authenticate?.(rawBody(event), event.headers ?? {});
      const params = parsePart('path', schemas.params, event.pathParameters ?? {});
      const body = parsePart('body', schemas.body, schemas.body ? readJson(event) : undefined);
      const claims = (event.requestContext as { authorizer?: { jwt?: { claims?: Record<string, string> } } }).authorizer?.jwt?.claims;
      const actorRaw = claims?.['custom:personId'] ?? event.headers?.['x-person-id'];
      const actor = actorRaw === undefined ? undefined : ActorHeader.safeParse(actorRaw);
      if (actor && !actor.success) throw new ValidationFailed([{ path: 'header.x-person-id', message: actor.error.issues[0]!.message }]);
      const result = await route({ params, body, actorId: actor?.data, headers: event.headers ?? {} });
      return json(result.status ?? 200, result.body);
    } catch (error) {
      if (error instanceof ValidationFailed) return json(400, { error: 'ValidationFailed', issues: error.issues });
      if (error instanceof DomainError) {
        return json(error.status, { error: error.code, message: error.message, ...(error.field ? { field: error.field } : {}) });
      }
      logger.error('unhandled error', error as Error);
      return json(500, { error: 'InternalError', message: 'Something went wrong; the request may be retried.' });
    }
  }).use(injectLambdaContext(logger));
}

function parsePart<S extends z.ZodType>(where: string, schema: S | undefined, value: unknown): z.infer<S> {
  if (!schema) return undefined as z.infer<S>;
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new ValidationFailed(parsed.error.issues.map((i) => ({
    path: [where, ...i.path.map(String)].join('.'),
    message: i.message,
  })));
}

function rawBody(event: APIGatewayProxyEventV2): string {
  if (!event.body) return '';
  return event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
}

function readJson(event: APIGatewayProxyEventV2): unknown {
  const text = rawBody(event);
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new ValidationFailed([{ path: 'body', message: 'not valid JSON' }]);
  }
}

function json(statusCode: number, body: unknown): APIGatewayProxyStructuredResultV2 {
  return { statusCode, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}
