import { describe, expect, it } from 'vitest';
import { openApiDocument } from '../../infra/openapi.ts';
import { routes } from '../../infra/routes.ts';
import { contract } from '../../shared/api/contract.ts';
import { answers } from '../../shared/api/responses.ts';

describe('API description', () => {
  const doc = openApiDocument('http://127.0.0.1:3000');

  it('describes every route of infra/routes.ts, once', () => {
    const operations = Object.entries(doc.paths).flatMap(([p, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${p}`));
    expect(operations.sort()).toEqual(routes.map((r) => `${r.method} ${r.path}`).sort());
  });

  it('takes request bodies and path parameters from the schemas the handlers validate with', () => {
    const create = doc.paths['/complaints']!.post as any;
    expect(create.requestBody.content['application/json'].schema.required).toEqual(['documentNumber', 'description', 'urgency', 'category']);
    expect(create.requestBody.content['application/json'].schema.properties.urgency.enum).toEqual(['URGENT', 'NORMAL']);
    const complete = doc.paths['/complaints/{complaintId}/tasks/{taskId}/complete']!.post as any;
    expect(complete.parameters.filter((p: any) => p.in === 'path').map((p: any) => p.name)).toEqual(['complaintId', 'taskId']);
    const webhook = doc.paths['/phone-system/call-events']!.post as any;
    expect(webhook.parameters.filter((p: any) => p.required).map((p: any) => p.name)).toEqual(['x-pbx-timestamp', 'x-pbx-signature']);
    for (const route of routes) {
      const op = (doc.paths as any)[route.path][route.method.toLowerCase()];
      expect(Boolean(op.requestBody), route.id).toBe(Boolean((contract[route.id] as { body?: unknown }).body));
    }
  });
});

describe('API description of answers', () => {
  const doc = openApiDocument();
  const schemas = doc.components.schemas as Record<string, any>;
  const resolve = (schema: any): any => (schema?.$ref ? resolve(schemas[schema.$ref.replace('#/components/schemas/', '')]) : schema);
  const operation = (route: (typeof routes)[number]) => (doc.paths as any)[route.path][route.method.toLowerCase()];

  it('gives every operation a non-empty body schema for each of its answers', () => {
    for (const route of routes) {
      // 422 is an answer with a report for imports, an error for creation (a reused Idempotency-Key).
      const documented = Object.keys(operation(route).responses).filter((s) => Number(s) < 400 || (s === '422' && route.id === 'ImportMasterData'));
      expect(documented, route.id).toEqual(Object.keys(answers[route.id]));
      for (const status of documented) {
        const schema = resolve(operation(route).responses[status].content['application/json'].schema);
        expect(schema?.type, `${route.id} ${status}`).toBe('object');
        expect(Object.keys(schema.properties ?? {}).length, `${route.id} ${status}`).toBeGreaterThan(0);
      }
    }
    expect(Object.keys(operation(routes.find((r) => r.id === 'CreateComplaint')!).responses)).toContain('201');
    expect(Object.keys(operation(routes.find((r) => r.id === 'ImportMasterData')!).responses)).toContain('422');
  });

  it('shares one Error schema among the errors (and the gateway\'s {message}), 413 and 404 everywhere, 415 where there is a body, 503 with Retry-After', () => {
    for (const route of routes) {
      const responses = operation(route).responses;
      const errors = Object.keys(responses).filter((s) => Number(s) >= 400 && s !== '422');
      expect(errors, route.id).toEqual(expect.arrayContaining(['400', '401', '404', '413', '500', '503']));
      for (const status of errors) {
        const ref = responses[status].content['application/json'].schema.$ref;
        expect(['#/components/schemas/Error', '#/components/schemas/BadRequest', '#/components/schemas/SignInRefused', '#/components/schemas/GatewayOrError'], `${route.id} ${status}`).toContain(ref);
      }
      const hasBody = Boolean((contract[route.id] as { body?: unknown }).body);
      expect(errors.includes('415'), route.id).toBe(hasBody);
      expect(responses['503'].headers['Retry-After'].schema.type).toBe('integer');
      expect(errors.includes('403'), route.id).toBe(route.caller !== 'phoneSystem');
    }
    expect(schemas.Error.required).toEqual(['error', 'message']);
    expect(schemas.BadRequest.anyOf).toEqual([{ $ref: '#/components/schemas/ValidationFailed' }, { $ref: '#/components/schemas/Error' }, { $ref: '#/components/schemas/GatewayMessage' }]);
  });

  it('describes the paged logs with their query parameters and never the task tokens', () => {
    for (const path of ['/complaints/{complaintId}/timeline', '/complaints/{complaintId}/deliveries']) {
      const query = (doc.paths as any)[path].get.parameters.filter((p: any) => p.in === 'query');
      expect(query.map((p: any) => [p.name, p.required])).toEqual([['cursor', false], ['limit', false]]);
      expect(query[1].schema).toMatchObject({ type: 'string', pattern: '^[1-9]\\d{0,2}$', description: expect.stringMatching(/default 50/) });
    }
    expect(schemas.Complaint.properties.stepTokens).toMatchObject({ not: {} });
    expect(schemas.Task.properties.stepToken).toMatchObject({ not: {} });
    expect(resolve(schemas.GetComplaintTimeline200).properties.items.items).toEqual({ $ref: '#/components/schemas/TimelineEntry' });
  });
});

describe('API description of sign-in', () => {
  const doc = openApiDocument();
  it('asks every staff route for the bearer ID token, and no route for a person header', () => {
    for (const route of routes) {
      const op = (doc.paths as any)[route.path][route.method.toLowerCase()];
      expect(op.security, route.id).toEqual(route.caller ? [] : [{ staffSignIn: [] }]);
      expect(op.parameters.map((p: any) => p.name), route.id).not.toContain('x-person-id');
    }
    expect(JSON.stringify(doc)).not.toContain('x-person-id');
  });
});
