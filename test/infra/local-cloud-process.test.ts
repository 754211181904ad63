import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../infra/local/dynamodb-local.ts';

const bin = path.resolve('node_modules/.bin');
const dataDir = mkdtempSync(path.join(tmpdir(), 'local-cloud-process-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('npm start (infra/local/main.ts)', () => {
  it('says in one line that Java is missing, and exits', () => {
    const run = spawnSync(path.join(bin, 'tsx'), ['infra/local/main.ts'], { env: { PATH: bin, HOME: process.env.HOME }, encoding: 'utf8' });
    expect(run.status).toBe(1);
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Java 17 or newer is required for DynamoDB Local/);
  });

  it('refuses, in one line, to start on a port another process holds (an orphaned DynamoDB Local)', async () => {
    const port = await freePort();
    const squatter = createServer().listen(port, '127.0.0.1');
    await new Promise((r) => squatter.once('listening', r));
    try {
      const run = spawnSync(path.join(bin, 'tsx'), ['infra/local/main.ts'], {
        env: { ...process.env, LOCAL_DYNAMODB_PORT: String(port), LOCAL_DATA_DIR: dataDir }, encoding: 'utf8', timeout: 60_000,
      });
      expect(run.status).toBe(1);
      expect(run.stderr.trim().split('\n')).toEqual([expect.stringMatching(new RegExp(`^The local cloud could not start: port ${port} \\(DynamoDB Local\\) is in use.*LOCAL_DYNAMODB_PORT`))]);
    } finally {
      squatter.close();
    }
  });

  it('prints its URLs, and Ctrl-C stops it and every child process', async () => {
    const ports = Object.fromEntries(await Promise.all(['API', 'SFN', 'SNS', 'SES', 'DYNAMODB', 'SECRETS', 'S3', 'SMTP', 'CONSOLE']
      .map(async (name) => [`LOCAL_${name}_PORT`, String(await freePort())])));
    const child = spawn(path.join(bin, 'tsx'), ['infra/local/main.ts'], { env: { ...process.env, ...ports, LOCAL_DATA_DIR: dataDir }, stdio: 'pipe' });
    let output = '';
    child.stdout.on('data', (d: Buffer) => { output += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { output += d.toString(); });
    await expect.poll(() => output, { timeout: 60_000, interval: 200 }).toContain('Stop: Ctrl-C');
    expect(output).toContain(`HTTP API         http://127.0.0.1:${ports.LOCAL_API_PORT}`);
    expect(output).toContain(`SES receiving    smtp://127.0.0.1:${ports.LOCAL_SMTP_PORT}`);
    // The console, built and served, knows where the API and the identity provider are.
    expect(output).toContain(`Console          http://localhost:${ports.LOCAL_CONSOLE_PORT}`);
    const config = await (await fetch(`http://127.0.0.1:${ports.LOCAL_CONSOLE_PORT}/config.json`)).json() as { apiUrl: string; identity: { clientId: string } };
    expect(config).toMatchObject({ apiUrl: '/api', identity: { clientId: expect.any(String) } });
    expect((await fetch(`http://127.0.0.1:${ports.LOCAL_CONSOLE_PORT}/`)).headers.get('content-security-policy')).toContain("default-src 'self'");
    const javaChildren = () => spawnSync('pgrep', ['-f', `DynamoDBLocal.jar.*-port ${ports.LOCAL_DYNAMODB_PORT}`], { encoding: 'utf8' }).stdout.trim();
    expect(javaChildren()).not.toBe('');

    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    await expect.poll(javaChildren, { timeout: 10_000 }).toBe('');
    await expect(fetch(`http://127.0.0.1:${ports.LOCAL_API_PORT}/openapi.json`)).rejects.toThrow();
  });
});
