import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../infra/local/dynamodb-local.ts';
import { startTestCloud } from '../support/test-cloud.ts';

/**
 * `npm start` opens the HTTP API last. A call that reached it while the sample data was still
 * being imported would be answered "no match" and (the phone system's events being idempotent)
 * replayed as such forever; so the first answer the API gives must find the data there.
 */
let cloud: Awaited<ReturnType<typeof startTestCloud>> | undefined;
afterAll(async () => { await cloud?.stop(); });

describe('the local cloud starting', () => {
  it('answers no request before the sample data is in', async () => {
    const port = await freePort();
    let firstAnswer: Promise<unknown> | undefined;
    let polls = 0;
    const poller = setInterval(() => {
      polls++;
      if (firstAnswer) return;
      fetch(`http://127.0.0.1:${port}/openapi.json`).then(() => {
        // The moment the API first answers: is the demo customer there already?
        firstAnswer ??= import('../../shared/store/master-data.ts').then((m) => m.getCustomer('SY001'));
      }, () => { /* not listening yet */ });
    }, 5);
    cloud = await startTestCloud({ ports: { api: port } });
    await expect.poll(() => firstAnswer !== undefined, { timeout: 5000 }).toBe(true);
    clearInterval(poller);
    expect(polls).toBeGreaterThan(20); // it really was polling while the cloud started
    expect(await firstAnswer).toMatchObject({ code: 'SY001' });
  });
});
