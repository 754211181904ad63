import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import path from 'node:path';
import type { Reply } from './http-server.ts';
import type { CorsRule } from './cloud-model.ts';

interface StoredObject { body: Buffer; contentType: string; etag: string; lastModified: string }

const xmlError = (status: number, code: string, message: string): Reply => ({
  status, headers: { 'content-type': 'application/xml' },
  body: `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`,
});

/** The bucket's CORS rule that lets this origin use this method with these headers, as S3 matches them. */
function corsRule(rules: readonly CorsRule[], origin: string, method: string, headers: readonly string[]): CorsRule | undefined {
  return rules.find((r) => (r.allowedOrigins.includes('*') || r.allowedOrigins.includes(origin)) && r.allowedMethods.includes(method)
    && headers.every((h) => r.allowedHeaders.includes('*') || r.allowedHeaders.includes(h)));
}

/**
 * S3 for signed-link uploads and downloads (path style: /bucket/key): PUT, HEAD, GET and DELETE
 * of single objects, with the link's expiry enforced, and the bucket's CORS rules from the
 * template for browsers (the console uploads evidence). Objects live in `dir` (kept across
 * restarts) or in memory.
 */
export function s3Api(buckets: readonly string[], dir?: string, cors: ReadonlyMap<string, readonly CorsRule[]> = new Map()) {
  const memory = new Map<string, StoredObject>();
  const file = (id: string) => path.join(dir!, createHash('sha256').update(id).digest('hex'));
  const load = (id: string): StoredObject | undefined => {
    if (!dir) return memory.get(id);
    if (!existsSync(`${file(id)}.json`)) return undefined;
    return { ...JSON.parse(readFileSync(`${file(id)}.json`, 'utf8')), body: readFileSync(file(id)) };
  };
  const save = (id: string, object: StoredObject) => {
    if (!dir) return void memory.set(id, object);
    mkdirSync(dir, { recursive: true });
    writeFileSync(file(id), object.body);
    writeFileSync(`${file(id)}.json`, JSON.stringify({ ...object, body: undefined }));
  };
  const remove = (id: string) => {
    if (!dir) return void memory.delete(id);
    rmSync(file(id), { force: true });
    rmSync(`${file(id)}.json`, { force: true });
  };

  return async (req: IncomingMessage, _body: string, raw?: Buffer): Promise<Reply> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const [bucket, ...rest] = url.pathname.slice(1).split('/');
    const objectKey = decodeURIComponent(rest.join('/'));
    if (!bucket || !buckets.includes(bucket)) return xmlError(404, 'NoSuchBucket', `no bucket ${bucket}`);
    const origin = req.headers.origin;
    if (req.method === 'OPTIONS') {
      const method = String(req.headers['access-control-request-method'] ?? '');
      const asked = String(req.headers['access-control-request-headers'] ?? '').split(',').map((h) => h.trim().toLowerCase()).filter(Boolean);
      const rule = origin ? corsRule(cors.get(bucket) ?? [], origin, method, asked) : undefined;
      if (!rule) return xmlError(403, 'AccessForbidden', 'CORSResponse: This CORS request is not allowed.');
      return { status: 200, headers: {
        'access-control-allow-origin': rule.allowedOrigins.includes('*') ? '*' : origin!, 'access-control-allow-methods': rule.allowedMethods.join(', '),
        ...(asked.length ? { 'access-control-allow-headers': asked.join(', ') } : {}), ...(rule.maxAge ? { 'access-control-max-age': String(rule.maxAge) } : {}), vary: 'Origin',
      }, body: '' };
    }
    const reply = await answer(req, bucket, objectKey, url, raw);
    const rule = origin ? corsRule(cors.get(bucket) ?? [], origin, req.method ?? '', []) : undefined;
    return rule ? { ...reply, headers: { ...reply.headers, 'access-control-allow-origin': rule.allowedOrigins.includes('*') ? '*' : origin!, vary: 'Origin' } } : reply;
  };

  async function answer(req: IncomingMessage, bucket: string, objectKey: string, url: URL, raw?: Buffer): Promise<Reply> {
    const signedAt = url.searchParams.get('X-Amz-Date');
    const expires = Number(url.searchParams.get('X-Amz-Expires') ?? 0);
    if (signedAt && expires) {
      const at = Date.parse(signedAt.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, '$1-$2-$3T$4:$5:$6Z'));
      if (Date.now() > at + expires * 1000) return xmlError(403, 'AccessDenied', 'Request has expired');
    }
    const id = `${bucket}/${objectKey}`;
    switch (req.method) {
      case 'PUT': {
        const body = raw ?? Buffer.alloc(0);
        const object = { body, contentType: String(req.headers['content-type'] ?? 'binary/octet-stream'), etag: `"${createHash('md5').update(body).digest('hex')}"`, lastModified: new Date().toUTCString() };
        save(id, object);
        return { status: 200, headers: { etag: object.etag }, body: '' };
      }
      case 'HEAD':
      case 'GET': {
        const object = load(id);
        if (!object) return req.method === 'HEAD' ? { status: 404, body: '' } : xmlError(404, 'NoSuchKey', 'The specified key does not exist.');
        const headers = { 'content-type': object.contentType, 'content-length': String(object.body.length), etag: object.etag, 'last-modified': object.lastModified };
        return { status: 200, headers, body: req.method === 'HEAD' ? '' : object.body };
      }
      case 'DELETE':
        remove(id);
        return { status: 204, body: '' };
      default:
        return xmlError(405, 'MethodNotAllowed', `${req.method} is not offered locally`);
    }
  }
}
