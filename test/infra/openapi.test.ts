import { describe, expect, it } from 'vitest';
import { openApiDocument } from '../../infra/openapi.ts';
import { routes } from '../../infra/routes.ts';
import { contract } from '../../shared/api/contract.ts';

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
