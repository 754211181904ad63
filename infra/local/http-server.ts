import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Reply {
  status: number;
  headers?: Record<string, string>;
  body: string | Buffer;
}

/** API Gateway's HTTP API refuses larger payloads (10 MB) before anything runs. */
export const MAX_REQUEST_BYTES = 10 * 1024 * 1024;

/**
 * A small loopback HTTP server; port 0 picks a free port. Resolves with the server and its URL.
 * Bodies over MAX_REQUEST_BYTES are refused (413) without being buffered; a failure inside is a
 * plain 500 (logged here, never a stack trace to the caller).
 */
export async function serve(port: number, handle: (req: IncomingMessage, body: string, raw: Buffer) => Promise<Reply>): Promise<{ server: Server; url: string }> {
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const tooLarge = () => {
      res.writeHead(413, { 'content-type': 'application/json', connection: 'close' });
      res.end(JSON.stringify({ message: 'Request Entity Too Large' }));
      req.destroy();
    };
    if (Number(req.headers['content-length'] ?? 0) > MAX_REQUEST_BYTES) return tooLarge();
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_REQUEST_BYTES) return tooLarge();
      chunks.push(c);
    });
    req.on('end', () => {
      if (size > MAX_REQUEST_BYTES) return;
      const raw = Buffer.concat(chunks);
      handle(req, raw.toString('utf8'), raw)
        .catch((error: Error) => {
          console.error(`local cloud: ${req.method} ${req.url} failed:`, error);
          return jsonReply(500, { message: 'Internal Server Error' });
        })
        .then((reply) => {
          res.writeHead(reply.status, reply.headers);
          // A HEAD reply carries headers only, even when they announce a length.
          res.end(req.method === 'HEAD' ? undefined : reply.body);
        });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

export const jsonReply = (status: number, body: unknown, headers: Record<string, string> = {}): Reply =>
  ({ status, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
