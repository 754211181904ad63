import { z } from 'zod';
import { contract, type RouteContract } from '../shared/api/contract.ts';
import {
  ActionLinkView, answers, AttachmentView, BadRequestBody, CallerLookup, CallEventAnswer, CheckpointView, ComplaintCreated, ComplaintDetail,
  ComplaintView, DeliveryEntry, ErrorBody, errorBody, GatewayMessage, ImportReport, routeErrors, SalesDecisionTaken, SignInRefusedBody, GatewayOrErrorBody,
  StoredRulesView, TaskView, TimelineEntry, UploadLink, ValidationFailedBody, type ErrorStatus,
} from '../shared/api/responses.ts';
import { routes, type RouteDefinition } from './routes.ts';

function schemaOf(schema: z.ZodType) {
  const { $schema: _dialect, ...json } = z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' });
  return json;
}

/** Schemas shared by several answers, under these names in components.schemas. */
const named = new Map<z.ZodType, string>([
  [ComplaintView, 'Complaint'], [TaskView, 'Task'], [CheckpointView, 'Checkpoint'], [AttachmentView, 'Attachment'],
  [TimelineEntry, 'TimelineEntry'], [DeliveryEntry, 'DeliveryEntry'], [ImportReport, 'ImportReport'], [ComplaintDetail, 'ComplaintDetail'],
  [ComplaintCreated, 'ComplaintCreated'], [CallerLookup, 'CallerLookup'], [CallEventAnswer, 'CallEventAnswer'], [UploadLink, 'UploadLink'],
  [SalesDecisionTaken, 'SalesDecisionTaken'], [StoredRulesView, 'StoredRules'], [ActionLinkView, 'ActionLink'],
  [ErrorBody, 'Error'], [ValidationFailedBody, 'ValidationFailed'], [GatewayMessage, 'GatewayMessage'],
  [BadRequestBody, 'BadRequest'], [SignInRefusedBody, 'SignInRefused'], [GatewayOrErrorBody, 'GatewayOrError'],
]);

/**
 * Response bodies as components, converted in one go (io 'output': what the server sends), so a
 * schema used by several answers is one component that the others reference.
 */
function responseComponents() {
  const registry = z.registry<{ id: string }>();
  const idOf = new Map<z.ZodType, string>();
  const register = (schema: z.ZodType, fallback: string) => {
    const id = idOf.get(schema) ?? named.get(schema) ?? fallback;
    if (!idOf.has(schema)) { registry.add(schema, { id }); idOf.set(schema, id); }
    return id;
  };
  for (const [schema, name] of named) register(schema, name);
  for (const route of routes) {
    for (const [status, schema] of Object.entries(answers[route.id] as Record<string, z.ZodType>)) register(schema, `${route.id}${status}`);
  }
  const { schemas } = z.toJSONSchema(registry, { target: 'draft-2020-12', io: 'output', unrepresentable: 'any', uri: (id) => `#/components/schemas/${id}` });
  const clean = Object.fromEntries(Object.entries(schemas).map(([id, { $schema: _d, $id: _i, ...json }]) => [id, json]));
  return { schemas: clean, ref: (schema: z.ZodType) => ({ $ref: `#/components/schemas/${idOf.get(schema)!}` }) };
}

const retryAfter = { 'Retry-After': { description: 'Seconds to wait before trying again', schema: { type: 'integer', minimum: 1 } } };

function errorDescription(route: RouteDefinition, status: ErrorStatus): string {
  switch (status) {
    case 400: return 'Invalid input: every field path and reason (ValidationFailed), or a domain rule refused a field (InvalidField, …); nothing was changed';
    case 401: return route.caller === 'phoneSystem' ? 'Missing, wrong or stale signature; nothing was recorded'
      : route.caller === 'actionLink' ? 'An altered link, one signed with an unknown key, or a person no longer active (InvalidLink); nothing was changed'
      : 'No valid ID token (missing, expired, altered, another issuer or client: the gateway answers {"message":"Unauthorized"}), or the person is unknown or not active; nothing was changed';
    case 403: return route.caller === 'actionLink' ? 'The person the link names may no longer do this; nothing was changed'
      : 'The signed-in person may not do this (see the access matrix); nothing was changed';
    case 404: return 'No such complaint, task or attachment';
    case 409: return route.caller === 'actionLink' ? 'The link was used already (LinkUsed), or its response is no longer waiting; nothing was changed'
      : 'Not possible in the current state, or another write to the same item happened at the same moment (Conflict); nothing was changed';
    case 410: return 'The link has expired (LinkExpired); nothing was changed';
    case 422: return 'The Idempotency-Key was used before for a different request (IdempotencyKeyReused); nothing was recorded: use a new key for a new complaint';
    case 413: return !(contract[route.id] as RouteContract).body ? 'A body over 10 MB (API Gateway, before the function runs)' : `The body is larger than ${(contract[route.id] as RouteContract).maxBodyBytes ?? 256 * 1024} bytes (PayloadTooLarge)`;
    case 415: return 'The body was not sent as content-type: application/json (UnsupportedMediaType)';
    case 500: return 'Something went wrong (InternalError); the request may be retried';
    case 503: return route.id === 'CreateComplaint'
      ? 'Too many complaints are being taken at this moment, or the table is saturated (Busy); nothing was recorded: retry with the same Idempotency-Key after Retry-After'
      : 'The table is saturated (Busy); nothing was changed: retry after Retry-After';
  }
}

/** Every error status the route can answer: the HTTP layer's (shared/lambda/http-handler.ts) and the route's own. */
export function errorStatuses(route: RouteDefinition): ErrorStatus[] {
  const hasBody = Boolean((contract[route.id] as RouteContract).body);
  const statuses: ErrorStatus[] = [
    400, 401, ...(route.caller === 'phoneSystem' ? [] : [403 as const]), ...routeErrors[route.id],
    // 404 and 413 also come from API Gateway on any route (an unknown path, a body over 10 MB).
    404, 413, ...(hasBody ? [415 as const] : []), 500, 503,
  ];
  return [...new Set(statuses)].sort((a, b) => a - b);
}

const answerDescription: Record<number, string> = {
  200: 'Done', 201: 'Created', 422: 'The batch was refused (all-or-nothing with a rejected row): the report per row; nothing was written',
};

/**
 * OpenAPI 3.1 for every route of infra/routes.ts, generated from the zod schemas the handlers
 * validate requests with (shared/api/contract.ts) and type their answers with
 * (shared/api/responses.ts).
 */
export function openApiDocument(serverUrl?: string) {
  const components = responseComponents();
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const c = contract[route.id] as RouteContract;
    const properties = (schema: z.ZodType | undefined) => {
      const json = schema ? schemaOf(schema) as { properties?: Record<string, { description?: string }>; required?: string[] } : {};
      return Object.entries(json.properties ?? {}).map(([name, s]) => ({ name, schema: s, required: json.required?.includes(name) ?? false, description: s.description }));
    };
    const content = (schema: z.ZodType) => ({ 'application/json': { schema: components.ref(schema) } });
    const signedIn = !route.caller;
    // Reports download as CSV with ?format=csv.
    const downloadsCsv = properties(c.query).some((p) => p.name === 'format');
    paths[route.path] ??= {};
    paths[route.path]![route.method.toLowerCase()] = {
      operationId: route.id,
      summary: route.description,
      parameters: [
        ...properties(c.params).map((p) => ({ ...p, in: 'path', required: true })),
        ...properties(c.query).map((p) => ({ ...p, in: 'query' })),
        ...Object.entries(c.headers ?? {}).map(([name, description]) => ({ name, in: 'header', required: name.startsWith('x-pbx'), description, schema: { type: 'string' } })),
      ],
      // Staff routes need the ID token of a signed-in person; the phone system and action links sign instead.
      security: signedIn ? [{ staffSignIn: [] }] : [],
      ...(c.body ? { requestBody: { required: true, content: { 'application/json': { schema: schemaOf(c.body) } } } } : {}),
      responses: {
        ...Object.fromEntries(Object.entries(answers[route.id] as Record<string, z.ZodType>).map(([status, schema]) => [
          status, {
            description: route.id === 'CreateComplaint' && status === '200' ? 'A repeated request (same Idempotency-Key) or a repeat contact linked to an open complaint' : answerDescription[Number(status)],
            content: { ...content(schema), ...(downloadsCsv ? { 'text/csv': { schema: { type: 'string', description: 'With ?format=csv: a header row, then the rows, columns in the order of `columns` (UTF-8 with a byte-order mark)' } } } : {}) },
            ...(downloadsCsv ? { headers: { 'X-Next-Cursor': { description: 'CSV only: the cursor of the next part, when there is one', schema: { type: 'string' } } } } : {}),
          },
        ])),
        ...Object.fromEntries(errorStatuses(route).map((status) => [status, {
          description: errorDescription(route, status),
          ...(status === 503 ? { headers: retryAfter } : {}),
          content: content(errorBody(status, signedIn)),
        }])),
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Complaint desk API',
      version: '1.0.0',
      description: 'Customer complaints from the phone call to the close. Every error body is components.schemas.Error '
        + '(a 400 may be ValidationFailed instead; a 401 from the gateway is {"message":"Unauthorized"}).',
    },
    ...(serverUrl ? { servers: [{ url: serverUrl }] } : {}),
    paths,
    components: {
      schemas: components.schemas,
      securitySchemes: {
        staffSignIn: {
          type: 'http', scheme: 'bearer', bearerFormat: 'JWT',
          description: 'The Cognito ID token of the signed-in person (InitiateAuth with the console client); it carries custom:personId',
        },
      },
    },
  };
}
