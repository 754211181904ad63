import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Reply {
  status: number;
  headers?: Record<string, string>;
  body: string | Buffer;
}

/** A small loopback HTTP server; port 0 picks a free port. Resolves with the server and its URL. */
export async function serve(port: number, handle: (req: IncomingMessage, body: string, raw: Buffer) => Promise<Reply>): Promise<{ server: Server; url: string }> {
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      handle(req, raw.toString('utf8'), raw)
        .catch((error: Error) => ({ status: 500, headers: { 'content-type': 'text/plain' }, body: String(error.stack ?? error) }))
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
