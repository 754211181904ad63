import { z } from 'zod';
import { contract } from '../shared/api/contract.ts';
import { routes } from './routes.ts';

const ErrorBody = {
  type: 'object',
  required: ['error'],
  properties: {
    error: { type: 'string', description: 'ValidationFailed, InvalidField, Unauthorized, Forbidden, NotFound, Conflict, …' },
    message: { type: 'string' },
    field: { type: 'string', description: 'The request field at fault, e.g. body.documentNumber' },
    issues: {
      type: 'array',
      items: { type: 'object', properties: { path: { type: 'string' }, message: { type: 'string' } }, required: ['path', 'message'] },
    },
  },
};

function schemaOf(schema: z.ZodType) {
  const { $schema: _dialect, ...json } = z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' });
  return json;
}

/**
 * OpenAPI 3.1 for every route of infra/routes.ts, generated from the zod schemas the handlers
 * validate with (shared/api/contract.ts).
 */
export function openApiDocument(serverUrl?: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const c = contract[route.id] as { params?: z.ZodType; body?: z.ZodType; headers?: Record<string, string> };
    const params = c.params ? (schemaOf(c.params) as { properties?: Record<string, unknown> }).properties ?? {} : {};
    paths[route.path] ??= {};
    paths[route.path]![route.method.toLowerCase()] = {
      operationId: route.id,
      summary: route.description,
      parameters: [
        ...Object.entries(params).map(([name, schema]) => ({ name, in: 'path', required: true, schema })),
        ...Object.entries(c.headers ?? {}).map(([name, description]) => ({ name, in: 'header', required: name.startsWith('x-pbx'), description, schema: { type: 'string' } })),
      ],
      // Staff routes need the ID token of a signed-in person; the phone system signs instead.
      security: route.caller ? [] : [{ staffSignIn: [] }],
      ...(c.body ? { requestBody: { required: true, content: { 'application/json': { schema: schemaOf(c.body) } } } } : {}),
      responses: {
        [route.method === 'POST' && ['CreateComplaint', 'SubmitPlan', 'AddAttachment'].includes(route.id) ? '201' : '200']: { description: 'Done' },
        ...(route.id === 'ImportMasterData' ? { 422: { description: 'The batch was refused (all-or-nothing with a rejected row): the report per row; nothing was written' } } : {}),
        400: { description: 'Invalid input: every field path and reason; nothing was changed', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
        401: route.caller === 'phoneSystem'
          ? { description: 'Missing, wrong or stale signature; nothing was recorded' }
          : route.caller === 'actionLink'
          ? { description: 'An altered link, one signed with an unknown key, or a person no longer active; nothing was changed' }
          : { description: 'No valid ID token (missing, expired, altered, another issuer or client), or the person is not active; nothing was changed' },
        ...(route.caller === 'actionLink' ? { 410: { description: 'The link has expired; nothing was changed' } } : {}),
        ...(route.caller ? {} : { 403: { description: 'The signed-in person may not do this (see the access matrix); nothing was changed' } }),
        404: { description: 'No such complaint, task or attachment' },
        409: { description: 'Not possible in the current state (a conflict); nothing was changed' },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Complaint desk API', version: '1.0.0', description: 'Customer complaints from the phone call to the close. Errors share one body: see components.schemas.Error.' },
    ...(serverUrl ? { servers: [{ url: serverUrl }] } : {}),
    paths,
    components: {
      schemas: { Error: ErrorBody },
      securitySchemes: {
        staffSignIn: {
          type: 'http', scheme: 'bearer', bearerFormat: 'JWT',
          description: 'The Cognito ID token of the signed-in person (InitiateAuth with the console client); it carries custom:personId',
        },
      },
    },
  };
}
