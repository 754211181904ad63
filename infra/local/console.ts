import { existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import path from 'node:path';
import { repoRoot } from './synth.ts';
import { consoleConfigFor, consoleContentSecurityPolicy } from '../../shared/api/console-config.ts';
import { parseCompanyPolicy } from '../../shared/domain/company-policy.ts';

/**
 * The web console on this machine: built once with Vite (web/, half a second), served from the
 * built files with the same security headers CloudFront adds in AWS, with /config.json telling
 * it where the API and the identity provider are. The API is proxied under /api on the
 * console's own origin, so the console works on any port (the API's CORS names one origin).
 */
export const CONSOLE_SOURCE = path.join(repoRoot, 'web');

export async function buildConsole(outDir: string): Promise<string> {
  const { build } = await import('vite');
  await build({ configFile: path.join(CONSOLE_SOURCE, 'vite.config.ts'), build: { outDir, emptyOutDir: true }, logLevel: 'warn' });
  return outDir;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.json': 'application/json', '.map': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon',
};

export interface ConsoleServer { url: string; close(): Promise<void> }

export async function serveConsole(options: {
  distDir: string; apiUrl: string; identity: { endpoint: string; clientId: string };
  /** The company policy the functions are given (LocalModel.companyPolicy). */
  policy: Record<string, unknown>;
  /** Where the console may upload evidence: the local S3. */
  s3Url: string;
  port?: number; host?: string;
}): Promise<ConsoleServer> {
  const config = JSON.stringify(consoleConfigFor(options.identity, parseCompanyPolicy(options.policy)));
  const headers = {
    'content-security-policy': consoleContentSecurityPolicy([new URL(options.identity.endpoint).origin, new URL(options.s3Url).origin]),
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'x-frame-options': 'DENY',
  };
  const server = createServer((req, res) => {
    handle(req, res).catch((error: Error) => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`local console: ${error.message}`);
    });
  });
  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname.startsWith('/api/')) return proxy(req, res, `${options.apiUrl}${url.pathname.slice(4)}${url.search}`);
    if (url.pathname === '/config.json') {
      res.writeHead(200, { ...headers, 'content-type': 'application/json', 'cache-control': 'no-store' });
      return void res.end(config);
    }
    const file = path.normalize(path.join(options.distDir, decodeURIComponent(url.pathname)));
    const inside = file.startsWith(path.normalize(options.distDir + path.sep));
    const target = inside && existsSync(file) && !file.endsWith(path.sep) && path.extname(file) ? file : path.join(options.distDir, 'index.html');
    // As in AWS: hashed chunks cached for good, everything else revalidated on every load.
    const caching = target.startsWith(path.join(options.distDir, 'assets') + path.sep) ? 'public, max-age=31536000, immutable' : 'no-cache';
    res.writeHead(200, { ...headers, 'content-type': TYPES[path.extname(target)] ?? 'application/octet-stream', 'cache-control': caching });
    res.end(readFileSync(target));
  }
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://localhost:${port}`,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

/** The API under /api: the request as the browser sent it, the answer as the API gave it. */
async function proxy(req: IncomingMessage, res: ServerResponse, target: string) {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const forward = ['authorization', 'content-type', 'idempotency-key'];
  const answer = await fetch(target, {
    method: req.method,
    headers: Object.fromEntries(forward.flatMap((h) => (req.headers[h] ? [[h, String(req.headers[h])]] : []))),
    body: chunks.length && req.method !== 'GET' && req.method !== 'HEAD' ? Buffer.concat(chunks) : undefined,
  });
  const keep = ['content-type', 'x-next-cursor', 'content-disposition', 'retry-after'];
  res.writeHead(answer.status, Object.fromEntries(keep.flatMap((h) => (answer.headers.get(h) ? [[h, answer.headers.get(h)!]] : []))));
  res.end(Buffer.from(await answer.arrayBuffer()));
}
