import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { z } from 'zod';
import type { StaffRouteId } from '../api/access.ts';
import { contract, DEFAULT_MAX_BODY_BYTES, type RouteContract, type RouteId } from '../api/contract.ts';
import { PERSON_ID_CLAIM } from '../api/identity.ts';
import type { RouteAnswer } from '../api/responses.ts';
import { DomainError, ValidationFailed } from '../domain/errors.ts';
import type { Person } from '../domain/model.ts';
import { authorize, signedInPerson } from '../services/people.ts';
import { isThrottled, isTransactionConflict } from '../store/db.ts';
import { logger } from './logger.ts';

type Schemas<R extends RouteId> = (typeof contract)[R];
type Part<R extends RouteId, K extends 'params' | 'query' | 'body'> = Schemas<R> extends { [P in K]: infer S extends z.ZodType } ? z.infer<S> : undefined;

export interface HttpRequest<R extends RouteId> {
  params: Part<R, 'params'>;
  query: Part<R, 'query'>;
  body: Part<R, 'body'>;
  headers: Record<string, string | undefined>;
}

export interface StaffRequest<R extends StaffRouteId> extends HttpRequest<R> {
  /** The signed-in person, as master data has them now (roles, active), already allowed here. */
  actor: Person;
}

export interface HttpResult {
  status?: number;
  body: unknown;
}

/** A report downloaded as CSV instead of JSON (`?format=csv`): the file, and the cursor of the next part. */
export interface CsvAnswer {
  csv: { text: string; fileName: string; next?: string };
}

/**
 * A staff route. In order, before anything else runs: the signed-in person (the verified token's
 * person claim, then the person record: 401 if either is missing or the person is inactive),
 * the path, the access matrix on that person and path (403), and only then the body (400 naming
 * each field). Domain errors map to their status; anything else is a 500 that names no detail.
 */
export function staffHandler<R extends StaffRouteId>(routeId: R, route: (req: StaffRequest<R>) => Promise<RouteAnswer<R> | CsvAnswer>) {
  return handle(routeId, async (event, parse) => {
    const actor = await signedInPerson(personClaim(event));
    const params = parse('params');
    await authorize(routeId, actor, (params ?? {}) as { complaintId?: string; taskId?: string });
    return route({ params, query: parse('query'), body: parse('body'), headers: event.headers ?? {}, actor });
  });
}

/**
 * A route called by a machine that signs its requests instead of signing in (the phone
 * system): `authenticate` sees the raw request before anything is parsed and throws to refuse.
 */
export function signedRequestHandler<R extends RouteId>(
  routeId: R,
  authenticate: (rawBody: string, headers: Record<string, string | undefined>) => Promise<void>,
  route: (req: HttpRequest<R>) => Promise<RouteAnswer<R>>,
) {
  return handle(routeId, async (event, parse) => {
    await authenticate(rawBody(event), event.headers ?? {});
    return route({ params: parse('params'), query: parse('query'), body: parse('body'), headers: event.headers ?? {} });
  });
}

/**
 * A route opened by a signed action link instead of a sign-in: the body (with the link's token)
 * is parsed, and the service checks the link before it acts (shared/services/action-links.ts).
 */
export function actionLinkHandler<R extends RouteId>(routeId: R, route: (req: HttpRequest<R>) => Promise<RouteAnswer<R>>) {
  return handle(routeId, async (event, parse) => route({ params: parse('params'), query: parse('query'), body: parse('body'), headers: event.headers ?? {} }));
}

/**
 * The person id from the claims the JWT authorizer verified (API Gateway in AWS, the local HTTP
 * API on a laptop: the same shape). Nothing else names the person; no header is trusted.
 */
function personClaim(event: APIGatewayProxyEventV2): string | undefined {
  const claims = (event.requestContext as { authorizer?: { jwt?: { claims?: Record<string, unknown> } } }).authorizer?.jwt?.claims;
  const value = claims?.[PERSON_ID_CLAIM];
  return typeof value === 'string' && value.length > 0 && value.length <= 64 ? value : undefined;
}

type Parser<R extends RouteId> = <K extends 'params' | 'query' | 'body'>(part: K) => Part<R, K>;

function handle<R extends RouteId>(routeId: R, run: (event: APIGatewayProxyEventV2, parse: Parser<R>) => Promise<HttpResult | CsvAnswer>) {
  const schemas = contract[routeId] as RouteContract;
  return middy(async (event: APIGatewayProxyEventV2, _context: Context): Promise<APIGatewayProxyStructuredResultV2> => {
    try {
      const parse: Parser<R> = (part) => {
        if (part === 'params') return parsePart('path', schemas.params, event.pathParameters ?? {}) as never;
        if (part === 'query') return parsePart('query', schemas.query ?? NoQuery, event.queryStringParameters ?? {}) as never;
        return parsePart('body', schemas.body, readBody(event, schemas)) as never;
      };
      const result = await run(event, parse);
      if ('csv' in result) return csv(result.csv);
      return json(result.status ?? 200, result.body);
    } catch (error) {
      if (error instanceof ValidationFailed) return json(400, { error: 'ValidationFailed', issues: error.issues });
      if (error instanceof DomainError) {
        return json(error.status, { error: error.code, message: error.message, ...(error.field ? { field: error.field } : {}) },
          error.status === 503 ? { 'retry-after': '2' } : {});
      }
      if (isTransactionConflict(error)) {
        return json(409, { error: 'Conflict', message: 'another change to the same complaint happened at the same moment; nothing was changed, reload and try again' });
      }
      if (isThrottled(error)) {
        return json(503, { error: 'Busy', message: 'the system is saturated; nothing was changed, try again shortly' }, { 'retry-after': '2' });
      }
      logger.error('unhandled error', error as Error);
      return json(500, { error: 'InternalError', message: 'Something went wrong; the request may be retried.' });
    }
  }, {
    // Out of time (an overloaded moment): answer 503 with Retry-After before Lambda cuts us off
    // with a bare 500. The work may still finish; a retry with the same Idempotency-Key (or the
    // same decision) is answered with what was done, never done twice.
    timeoutEarlyInMillis: 500,
    timeoutEarlyResponse: () => json(503, {
      error: 'Busy', message: 'the system is saturated and this request ran out of time; it may have been done: retry it (the same request is never done twice)',
    }, { 'retry-after': '5' }),
  }).use(injectLambdaContext(logger));
}

function parsePart(where: string, schema: z.ZodType | undefined, value: unknown): unknown {
  if (!schema) return undefined;
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

/** A route that reads no query parameters refuses any, so a misspelt one is not silently ignored. */
const NoQuery = z.object({}).strict();

/**
 * The body as JSON: within the route's size cap (413), sent as JSON (415), parseable (400). A
 * route without a body refuses one rather than ignore it.
 */
function readBody(event: APIGatewayProxyEventV2, schemas: RouteContract): unknown {
  const text = rawBody(event);
  if (!schemas.body) {
    if (text) throw new ValidationFailed([{ path: 'body', message: 'this route takes no body' }]);
    return undefined;
  }
  const limit = schemas.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  if (Buffer.byteLength(text, 'utf8') > limit) {
    throw new DomainError('PayloadTooLarge', `the body is larger than ${limit} bytes`, 413, 'body');
  }
  if (!text) return undefined;
  const contentType = Object.entries(event.headers ?? {}).find(([name]) => name.toLowerCase() === 'content-type')?.[1] ?? '';
  // JSON is UTF-8 (RFC 8259): another declared charset would be read wrongly.
  if (!/^application\/json\s*(;\s*charset="?utf-8"?\s*)?$/i.test(contentType.trim())) {
    throw new DomainError('UnsupportedMediaType', 'send the body as JSON with content-type: application/json', 415, 'header.content-type');
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new ValidationFailed([{ path: 'body', message: 'not valid JSON' }]);
  }
  // zod drops a "__proto__" key of a record without a word (it guards against prototype
  // pollution); refused here like any other key the schema does not allow.
  const polluting = protoKeyPath(body, 'body');
  if (polluting) throw new ValidationFailed([{ path: polluting, message: 'the key "__proto__" is not allowed' }]);
  return body;
}

/**
 * Where a "__proto__" key is in a parsed body (JSON.parse makes it an own property), if anywhere.
 * Iterative, and paths are built only for a find: a body may nest 50,000 levels deep.
 */
function protoKeyPath(body: unknown, root: string): string | undefined {
  const nodes: { value: unknown; parent: number; key: string }[] = [{ value: body, parent: -1, key: root }];
  const pathOf = (i: number, last: string) => {
    const parts = [last];
    for (let at = i; at >= 0; at = nodes[at]!.parent) parts.push(nodes[at]!.key);
    return parts.reverse().join('.');
  };
  for (let i = 0; i < nodes.length; i += 1) {
    const { value } = nodes[i]!;
    if (value === null || typeof value !== 'object') continue;
    for (const [k, v] of Object.entries(value)) {
      if (k === '__proto__') return pathOf(i, k);
      if (v !== null && typeof v === 'object') nodes.push({ value: v, parent: i, key: k });
    }
  }
  return undefined;
}

function csv(file: CsvAnswer['csv']): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode: 200,
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${file.fileName}"`,
      ...(file.next ? { 'x-next-cursor': file.next } : {}),
    },
    // A byte-order mark, so that spreadsheet programs read the UTF-8 (Chinese names) as UTF-8.
    body: `\uFEFF${file.text}`,
  };
}

function json(statusCode: number, body: unknown, headers: Record<string, string> = {}): APIGatewayProxyStructuredResultV2 {
  return { statusCode, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) };
}
