import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { LambdaHost } from './lambda-host.ts';
import type { LocalModel } from './cloud-model.ts';
import { jsonReply, type Reply } from './http-server.ts';
import { openApiDocument } from '../openapi.ts';
import { jwtAuthorizers } from './jwt-authorizer.ts';

/**
 * The HTTP API (API Gateway v2, payload format 2.0) for the routes in the synthesized template:
 * each request becomes the event API Gateway would send to the route's function. Routes with a
 * JWT authorizer get a 401 without the function running unless the token verifies, as in AWS.
 */
export function httpApi(model: LocalModel, host: LambdaHost, options: { identityEndpoint?: string; allowOrigins: string[] }) {
  const verify = jwtAuthorizers(model, options.identityEndpoint);
  const routes = model.routes.map((route) => {
    const names: string[] = [];
    const pattern = new RegExp(`^${route.path.replace(/\{(\w+)\+?\}/g, (_m, name: string) => {
      names.push(name);
      return '([^/]+)';
    })}$`);
    return { ...route, pattern, names };
  });
  return async (req: IncomingMessage, body: string): Promise<Reply> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = req.method ?? 'GET';
    if (method === 'GET' && url.pathname === '/openapi.json') return jsonReply(200, openApiDocument(`http://${req.headers.host}`));
    // CORS as the template's API configures it: the console's origins only.
    const origin = String(req.headers.origin ?? '');
    const cors: Record<string, string> = options.allowOrigins.includes(origin) ? { 'access-control-allow-origin': origin, vary: 'origin' } : {};
    if (method === 'OPTIONS') {
      return { status: 204, headers: { ...cors, ...(cors['access-control-allow-origin'] ? { 'access-control-allow-headers': 'authorization,content-type,idempotency-key', 'access-control-allow-methods': 'GET,POST,PUT', 'access-control-max-age': '3600' } : {}) }, body: '' };
    }
    for (const route of routes) {
      const match = route.pattern.exec(url.pathname);
      if (!match || route.method !== method) continue;
      let pathParameters: Record<string, string>;
      try {
        pathParameters = Object.fromEntries(route.names.map((n, i) => [n, decodeURIComponent(match[i + 1]!)]));
      } catch {
        return jsonReply(400, { message: 'Bad Request' }, cors); // a malformed %-escape, as API Gateway answers it
      }
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : v ?? '']));
      const claims = route.authorizer ? await verify(route.authorizer, headers) : undefined;
      if (route.authorizer && !claims) return jsonReply(401, { message: 'Unauthorized' }, { ...cors, 'www-authenticate': 'Bearer' });
      const event = {
        version: '2.0',
        routeKey: `${route.method} ${route.path}`,
        rawPath: url.pathname,
        rawQueryString: url.search.slice(1),
        headers,
        // API Gateway (payload 2.0) joins a repeated parameter's values with commas.
        queryStringParameters: url.search ? Object.fromEntries([...new Set(url.searchParams.keys())].map((k) => [k, url.searchParams.getAll(k).join(',')])) : undefined,
        pathParameters: route.names.length ? pathParameters : undefined,
        requestContext: {
          accountId: '000000000000', apiId: 'local', domainName: 'localhost', requestId: randomUUID(), stage: '$default',
          routeKey: `${route.method} ${route.path}`, time: new Date().toISOString(), timeEpoch: Date.now(),
          http: { method, path: url.pathname, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: headers['user-agent'] ?? '' },
          ...(claims ? { authorizer: { jwt: { claims, scopes: null } } } : {}),
        },
        body: body || undefined,
        isBase64Encoded: false,
      };
      const result = await host.invoke(route.functionLogicalId, event) as { statusCode?: number; headers?: Record<string, string>; body?: string } | null;
      return { status: result?.statusCode ?? 200, headers: { ...cors, ...result?.headers }, body: result?.body ?? '' };
    }
    return jsonReply(404, { message: 'Not Found' });
  };
}
