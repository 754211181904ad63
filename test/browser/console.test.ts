import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildConsole, serveConsole, type ConsoleServer } from '../../infra/local/console.ts';
import { LOCAL_PASSWORD } from '../../infra/local/identity.ts';
import { repoRoot } from '../../infra/local/synth.ts';
import { lifecycleDriver } from '../support/lifecycle-driver.ts';
import { mimeMessage } from '../support/mime-fixtures.ts';
import { phoneSystemEvent, sendEmail, startTestCloud } from '../support/test-cloud.ts';

/**
 * The web console in a real browser (Debian's Chromium, driven by playwright-core): built from
 * web/, served as `npm start` serves it, signed in against the local identity provider with a
 * real token, reading the real API. Every screen is checked with axe and photographed under
 * .local/screenshots/.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SCREENSHOTS = path.join(repoRoot, '.local', 'screenshots');

let cloud: Awaited<ReturnType<typeof startTestCloud>>;
let consoleServer: ConsoleServer;
let context: BrowserContext;
let page: Page;
let complaintId: string;
let withTask: string;
let forSales: string;
let forLink: string;
/** The complaint the seed scenario makes at the agent's desk and carries through every role's screen. */
let seedComplaint: string;
const dirs: string[] = [];

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`The browser tests need Chromium at ${CHROMIUM} (apt-get install -y chromium fonts-wqy-microhei; or set CHROMIUM_PATH): see README, Tests.`);
  }
  cloud = await startTestCloud();
  const drive = lifecycleDriver(cloud);
  complaintId = await drive.create();
  withTask = await drive.create();
  await drive.plan(withTask, [{ title: 'Replace the screen on site', assigneeId: 'tech.zhou', dueInSeconds: 3 * 86_400 }], { capa: false });
  forSales = await drive.create();
  const { tasks } = await drive.plan(forSales, [{ title: 'Swap the unit', assigneeId: 'tech.zhou', dueInSeconds: 3 * 86_400 }]);
  await drive.complete(forSales, tasks[0].taskId, 'tech.zhou');
  await drive.waitFor(forSales, (r) => r.complaint.status === 'AWAITING_SALES_CONFIRMATION');
  forLink = await drive.create();
  const linkTasks = (await drive.plan(forLink, [{ title: 'Swap the unit', assigneeId: 'tech.zhou', dueInSeconds: 3 * 86_400 }])).tasks;
  await drive.complete(forLink, linkTasks[0].taskId, 'tech.zhou');
  await drive.waitFor(forLink, (r) => r.complaint.status === 'AWAITING_SALES_CONFIRMATION');
  await sendEmail(cloud, mimeMessage({ messageId: 'console@sy-precision.example', subject: '显示器闪烁', text: '显示器使用十分钟后闪烁。' }), { from: 'zhang.wei@sy-precision.example' });
  await cloud.streamsSettled();
  const distDir = mkdtempSync(path.join(tmpdir(), 'console-dist-'));
  const userDataDir = mkdtempSync(path.join(tmpdir(), 'console-chromium-'));
  dirs.push(distDir, userDataDir);
  consoleServer = await serveConsole({
    distDir: await buildConsole(distDir), apiUrl: cloud.endpoints.api,
    identity: { endpoint: cloud.endpoints.identity, clientId: cloud.identity.clientId }, policy: cloud.model.companyPolicy, s3Url: cloud.endpoints.s3,
  });
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM, headless: true, locale: 'zh-CN', viewport: { width: 1280, height: 800 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  page = context.pages()[0] ?? await context.newPage();
  mkdirSync(SCREENSHOTS, { recursive: true });
});

afterAll(async () => {
  await context?.close();
  await consoleServer?.close();
  await cloud?.stop();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** axe on the screen as it is: no serious or critical violation. */
async function accessible(name: string) {
  const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), name).toEqual([]);
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

describe('the web console', () => {
  it('refuses a wrong password with a message on the form, then signs the quality manager in to the open complaints', async () => {
    await page.goto(consoleServer.url);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('客诉处理台');
    await accessible('sign-in');
    await page.getByLabel('用户名').fill('quality.liu');
    await page.getByLabel('密码').fill('not the password');
    await page.getByRole('button', { name: '登录' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('用户名或密码不正确');

    await page.getByLabel('密码').fill(LOCAL_PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('未结投诉');
    await expect.poll(() => page.getByRole('link', { name: complaintId }).count()).toBe(1);
    await accessible('open-complaints');
  });

  it('serves index.html to be revalidated on every load and the hashed chunks to be cached for good (as CloudFront does)', async () => {
    const index = await fetch(consoleServer.url);
    expect(index.headers.get('cache-control')).toBe('no-cache');
    const chunk = /src="(\/assets\/[^"]+\.js)"/.exec(await index.text())![1]!;
    expect((await fetch(`${consoleServer.url}${chunk}`)).headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect((await fetch(`${consoleServer.url}/config.json`)).headers.get('cache-control')).toBe('no-store');
  });

  it('opens a complaint: status, SLA clock, tasks, timeline and messages', async () => {
    await page.getByRole('link', { name: complaintId }).click();
    await expect.poll(() => page.getByTestId('status').getAttribute('data-code')).toBe('AWAITING_PLAN');
    expect(await page.getByTestId('status').textContent()).toBe('待制定方案');
    await expect.poll(() => page.locator('.sla').textContent()).toMatch(/剩余|已超时/);
    expect(await page.getByText('尚无任务，由质量经理制定处理方案。').count()).toBe(1);
    expect(await page.locator('.timeline li').count()).toBeGreaterThan(0);
    await accessible('complaint');
  });

  it('lets the quality manager plan the complaint, the API\'s refusal shown on the task\'s field', async () => {
    const tomorrow = new Date(Date.now() + 86_400_000);
    const local = `${tomorrow.getFullYear()}-${String(tomorrow.getMonth() + 1).padStart(2, '0')}-${String(tomorrow.getDate()).padStart(2, '0')}T10:00`;
    await page.locator('#plan-summary').fill('Send a technician; replace the screen');
    await page.locator('#task-0-title').fill('Site visit and screen replacement');
    await page.locator('#task-0-assignee').fill('nobody.here');
    await page.locator('#task-0-due').fill(local);
    await page.getByRole('button', { name: '提交方案' }).click();
    await expect.poll(() => page.locator('#task-0-assignee').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#task-0-assignee-error').textContent()).toContain('nobody.here');
    await accessible('plan-refused');
    await page.locator('#task-0-assignee').fill('tech.zhou');
    await page.getByRole('button', { name: '提交方案' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: '方案已提交' }).count()).toBe(1);
    await lifecycleDriver(cloud).waitFor(complaintId, (r) => r.tasks.length === 1 && r.tasks[0].assigneeId === 'tech.zhou');
  });

  it('speaks English when asked, and remembers it', async () => {
    await page.getByLabel('语言').selectOption('en');
    await expect.poll(() => page.getByRole('heading', { level: 2, name: 'Timeline' }).count()).toBe(1);
    await page.reload();
    await expect.poll(() => page.getByRole('heading', { level: 2, name: 'Timeline' }).count()).toBe(1);
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
  });

  it('says what went wrong and offers to try again, never a blank screen', async () => {
    await page.goto(`${consoleServer.url}/#/complaints/CMP-2099-999999`);
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Not found');
    expect(await page.getByRole('button', { name: 'Try again' }).count()).toBe(1);
  });

  it('asks to sign in again when the API no longer takes the token, saying why', async () => {
    // A token the API refuses (as after it expires): the person is signed out with a message, not left with a broken screen.
    await page.evaluate(`(() => {
      const key = 'complaint-desk.session';
      const session = JSON.parse(sessionStorage.getItem(key));
      sessionStorage.setItem(key, JSON.stringify({ ...session, idToken: session.idToken.slice(0, -4) + 'AAAA' }));
    })()`);
    await page.goto(`${consoleServer.url}/#/complaints`);
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Your session ended. Sign in again.' }).count()).toBe(1);
    await signInAs('quality.liu');
  });

  it('renews the ID token with the refresh token before it expires, without signing the person out', async () => {
    // As a minute before the hour is up: the next request first gets a new ID token.
    const soon = await page.evaluate(`(() => {
      const key = 'complaint-desk.session';
      const session = JSON.parse(sessionStorage.getItem(key));
      const expiresAt = Math.floor(Date.now() / 1000) + 60;
      sessionStorage.setItem(key, JSON.stringify({ ...session, expiresAt }));
      return expiresAt;
    })()`) as number;
    await page.reload(); // the list asks the API again: with a renewed token
    await expect.poll(() => page.getByRole('link', { name: complaintId }).count()).toBe(1);
    const renewed = await page.evaluate(`JSON.parse(sessionStorage.getItem('complaint-desk.session'))`) as { expiresAt: number; refreshToken?: string };
    expect(renewed.refreshToken).toBeTruthy();
    expect(renewed.expiresAt).toBeGreaterThan(soon + 30 * 60); // the browser's clock, as the token's exp
    // A refresh token the provider refuses ends the session with the same message as a refused ID token.
    await page.evaluate(`(() => {
      const key = 'complaint-desk.session';
      const session = JSON.parse(sessionStorage.getItem(key));
      sessionStorage.setItem(key, JSON.stringify({ ...session, expiresAt: Math.floor(Date.now() / 1000) + 60, refreshToken: 'revoked' }));
    })()`);
    await page.reload();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Your session ended. Sign in again.' }).count()).toBe(1);
    await signInAs('quality.liu');
  });

  it('fits a phone, and signs out', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${consoleServer.url}/#/complaints`);
    await expect.poll(() => page.getByRole('link', { name: complaintId }).isVisible()).toBe(true);
    await accessible('open-complaints-phone');
    const { refreshToken } = await page.evaluate(`JSON.parse(sessionStorage.getItem('complaint-desk.session'))`) as { refreshToken: string };
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect.poll(() => page.getByRole('button', { name: 'Sign in' }).count()).toBe(1);
    // Signing out revoked the refresh token: a copy of it no longer gets an ID token.
    const renew = () => fetch(cloud.endpoints.identity, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSCognitoIdentityProviderService.InitiateAuth' },
      body: JSON.stringify({ AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: cloud.identity.clientId, AuthParameters: { REFRESH_TOKEN: refreshToken } }),
    }).then((r) => r.status);
    await expect.poll(renew).toBe(400);
  });

  async function signInAs(personId: string) {
    await page.getByLabel('User name').fill(personId);
    await page.getByLabel('Password').fill(LOCAL_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('button', { name: 'Sign out' }).count()).toBe(1);
  }

  it('lets an assignee complete a task on a phone, showing what the API refuses on the field', async () => {
    await signInAs('tech.zhou');
    // An assignee may not read the open complaints: their first screen is their tasks, not a refusal.
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('My tasks');
    const menu = page.getByRole('navigation');
    expect(await menu.getByRole('link', { name: 'Email intake' }).count()).toBe(0);
    await menu.getByRole('link', { name: 'My tasks' }).click();
    const card = page.getByRole('listitem').filter({ hasText: 'Replace the screen on site' });
    await card.getByRole('button', { name: 'Complete' }).click();
    await card.getByRole('button', { name: 'Complete' }).click();
    // Nothing typed: the API's 400 names body.notes, and the form shows it on the field.
    await expect.poll(() => card.locator('.field-error').textContent()).toBeTruthy();
    expect(await card.getByLabel('What was done').getAttribute('aria-invalid')).toBe('true');
    await accessible('my-tasks-refused');
    await card.getByLabel('What was done').fill('Replaced the screen; the white line is gone');
    await card.getByRole('button', { name: 'Complete' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('Done: T1 Replace the screen on site');
    const record = await cloud.api('GET', `/complaints/${withTask}`, { as: 'quality.liu' });
    expect(record.body.tasks[0]).toMatchObject({ status: 'DONE', notes: 'Replaced the screen; the white line is gone', completedBy: 'tech.zhou' });
    await accessible('my-tasks');
    await page.getByRole('button', { name: 'Sign out' }).click();
  });

  it('lets the salesperson read the response on a phone, send it back with a comment, then confirm the revision', async () => {
    await signInAs('sales.li');
    const open = async () => {
      await page.getByRole('navigation').getByRole('link', { name: 'Awaiting my confirmation' }).click();
      const card = page.getByRole('listitem').filter({ hasText: forSales });
      await card.getByRole('button', { name: 'Review the response' }).click();
      await expect.poll(() => card.locator('.response-text').count()).toBe(1);
      return card;
    };
    let card = await open();
    expect(await card.getByRole('link').filter({ hasText: /\.(docx|pdf)$/ }).count()).toBeGreaterThan(0);
    await accessible('confirmation-review');
    // Sending back needs a comment: the API says so on the field.
    await card.getByRole('button', { name: 'Send back' }).click();
    await expect.poll(() => card.locator('.field-error').textContent()).toBeTruthy();
    await card.getByLabel('Comment (required to send back)').fill('Mention the replacement unit and the new packaging');
    await card.getByRole('button', { name: 'Send back' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain(`Sent back: ${forSales}`);
    await cloud.api('PUT', `/complaints/${forSales}/response`, { as: 'quality.liu', body: { text: 'We replaced the unit on site and now pack every pallet with foam.' } });
    await lifecycleDriver(cloud).waitFor(forSales, (r) => r.complaint.status === 'AWAITING_SALES_CONFIRMATION' && r.complaint.response.revision === 2);
    await page.goto(`${consoleServer.url}/#/complaints`);
    card = await open();
    expect(await card.getByRole('heading', { level: 3, name: 'Revision 2' }).count()).toBe(1);
    await card.getByRole('button', { name: 'Confirm and send' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain(`Confirmed: ${forSales}`);
    await lifecycleDriver(cloud).waitFor(forSales, (r) => ['CONFIRMED', 'RESPONDED', 'CLOSED'].includes(r.complaint.status));
    await accessible('confirmations');
    await page.getByRole('button', { name: 'Sign out' }).click();
  });

  it('opens the salesperson\'s signed link without sign-in, and confirms through it', async () => {
    const mails = await lifecycleDriver(cloud).emails(forLink);
    const token = mails.filter((m) => m.destination.to.includes('li.na@example.com')).map((m) => /#(v1\.[A-Za-z0-9._-]+)/.exec(m.body.text)?.[1]).find(Boolean);
    expect(token, 'the confirmation email carries a signed link').toBeTruthy();
    await page.goto(`${consoleServer.url}/action#${token}`);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(`Complaint ${forLink}`);
    expect(await page.locator('.response-text').count()).toBe(1);
    await accessible('signed-link');
    await page.getByRole('button', { name: 'Confirm and send' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain(`Confirmed: ${forLink}`);
    await lifecycleDriver(cloud).waitFor(forLink, (r) => ['CONFIRMED', 'RESPONDED', 'CLOSED'].includes(r.complaint.status));
    // Used once: opening it again says so.
    await page.reload();
    await expect.poll(() => page.getByRole('alert').count()).toBeGreaterThan(0);
    await page.goto(`${consoleServer.url}/#/complaints`);
  });

  it('shows a manager the reports as charts with their tables, and downloads one as CSV', async () => {
    await cloud.streamsSettled();
    await signInAs('gm.chen');
    // First the answered complaint's page: its root cause and prevention, and the confirmed revision.
    await page.goto(`${consoleServer.url}/#/complaints/${forSales}`);
    const capa = page.getByRole('region', { name: 'Root cause and prevention' });
    await expect.poll(() => capa.textContent()).toContain('Foam around the cartons on each pallet');
    expect(await page.getByRole('region', { name: 'Response to the customer' }).textContent()).toContain('Revision 2 · Decision: Confirmed');
    await accessible('complaint-answered');
    await page.getByRole('navigation').getByRole('link', { name: 'Reports' }).click();
    await expect.poll(() => page.getByRole('img', { name: 'Chart: SLA compliance' }).count()).toBe(1);
    await expect.poll(() => page.getByRole('row').filter({ hasText: 'Shenyang Precision Instruments Co. (SY001)' }).count()).toBe(1);
    expect(await page.getByRole('img', { name: 'Chart: Complaints by customer' }).count()).toBe(1);
    await accessible('reports');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('region', { name: 'SLA compliance' }).getByRole('button', { name: 'Download CSV' }).click(),
    ]);
    const file = await download.path();
    expect(readFileSync(file, 'utf8')).toMatch(/^\uFEFF?month,/);
    await page.getByRole('button', { name: 'Sign out' }).click();
  });

  it('shows the agent the emails waiting, and makes one a complaint, each refusal shown on its field', async () => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await signInAs('agent.wang');
    await page.getByRole('navigation').getByRole('link', { name: 'Email intake' }).click();
    const card = page.getByRole('listitem').filter({ hasText: '显示器闪烁' });
    await expect.poll(() => card.count()).toBe(1);
    expect(await card.textContent()).toContain('zhang.wei@sy-precision.example');
    expect(await card.textContent()).toContain('Shenyang Precision Instruments Co. (SY001)');
    await accessible('email-intake');
    await card.getByRole('button', { name: 'Make a complaint' }).click();
    await card.getByRole('button', { name: 'Create the complaint' }).click();
    // The contract refuses an empty document number; then the company policy wants the customer's requirements.
    await expect.poll(() => card.getByLabel('Order or delivery-note number').getAttribute('aria-invalid')).toBe('true');
    await card.getByLabel('Order or delivery-note number').fill('DN-2026-0815');
    await card.getByRole('button', { name: 'Create the complaint' }).click();
    await expect.poll(() => card.getByLabel("Customer's requirements").getAttribute('aria-invalid')).toBe('true');
    await accessible('email-intake-refused');
    await card.getByLabel("Customer's requirements").fill('Replace the monitor');
    await card.getByRole('button', { name: 'Create the complaint' }).click();
    const made = page.getByRole('status').getByRole('link', { name: /Complaint CMP-\d{4}-\d+ created from the email/ });
    await expect.poll(() => made.count()).toBe(1);
    const complaintFromEmail = (await made.textContent())!.match(/CMP-\d{4}-\d+/)![0];
    const record = await cloud.api('GET', `/complaints/${complaintFromEmail}`, { as: 'agent.wang' });
    expect(record.body.complaint).toMatchObject({ documentNumber: 'DN-2026-0815', customerRequirements: 'Replace the monitor', emailIntakeId: expect.stringMatching(/^EM-/) });
  });

  it("pops up the caller on the agent's desk while the phone rings, and makes the complaint from a delivery with its fields filled in", async () => {
    await page.getByRole('navigation').getByRole('link', { name: 'Calls and new complaints' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Waiting for calls at extension 8001' }).count()).toBe(1);
    const { putDocument } = await import('../../shared/store/master-data.ts');
    const shipped = new Date(Date.now() - 20 * 86_400_000).toISOString().slice(0, 10);
    await putDocument({ number: 'DN-DESK-1', kind: 'DELIVERY_NOTE', customerCode: 'SY001', productCode: 'LT-14P', productName: 'ThinkBook 14 Pro laptop', serialNumber: 'SN-DESK-1', shipDate: shipped, warrantyMonths: 24, salespersonId: 'sales.li' });
    // The phone system says the phone rings at the agent's extension: the desk shows the caller by itself.
    expect((await phoneSystemEvent(cloud, { callId: 'console-call-1', event: 'RINGING', callerNumber: '138 0013 8000', agentExtension: '8001' })).status).toBe(200);
    const pop = page.getByTestId('call-pop');
    await expect.poll(() => pop.getAttribute('data-call-id'), { timeout: 10_000 }).toBe('console-call-1');
    expect(await pop.getByRole('heading', { level: 2 }).textContent()).toBe('Incoming call from +8613800138000');
    expect(await pop.getByRole('heading', { level: 3 }).textContent()).toBe('Shenyang Precision Instruments Co. (SY001)');
    expect(await pop.getByRole('row').filter({ hasText: 'DN-DESK-1' }).textContent()).toContain('In warranty');
    await accessible('agent-call-pop');
    await phoneSystemEvent(cloud, { callId: 'console-call-1', event: 'ANSWERED', callerNumber: '138 0013 8000', agentExtension: '8001' });
    await expect.poll(() => pop.getByRole('heading', { level: 2 }).textContent(), { timeout: 10_000 }).toBe('On the call with +8613800138000');

    await pop.getByRole('button', { name: 'New complaint about DN-DESK-1' }).click();
    const form = page.getByRole('form', { name: 'New complaint' });
    await expect.poll(() => form.getByTestId('auto-customer').textContent()).toBe('Shenyang Precision Instruments Co. (SY001)');
    expect(await form.getByTestId('auto-warranty').textContent()).toContain('In warranty');
    expect(await form.getByLabel('Contact name').inputValue()).toBe('Zhang Wei');
    // The company's required fields are checked on the form before anything is sent.
    await form.getByRole('button', { name: 'Create the complaint' }).click();
    await expect.poll(() => form.getByLabel('Description').getAttribute('aria-invalid')).toBe('true');
    expect(await form.getByLabel("Customer's requirements").getAttribute('aria-invalid')).toBe('true');
    await accessible('new-complaint-refused');
    await form.getByLabel('Description').fill('屏幕出现白色竖线，开机十分钟后出现。');
    await form.getByLabel("Customer's requirements").fill('Replace the screen this week');
    await form.getByLabel('Urgency').selectOption('URGENT');
    await form.getByRole('button', { name: 'Create the complaint' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toMatch(/^Complaint CMP-\d{4}-\d+$/);
    const made = (await page.getByRole('heading', { level: 1 }).textContent())!.replace('Complaint ', '');
    const record = await cloud.api('GET', `/complaints/${made}`, { as: 'agent.wang' });
    expect(record.body.complaint).toMatchObject({ documentNumber: 'DN-DESK-1', callId: 'console-call-1', urgency: 'URGENT', contactName: 'Zhang Wei', customerRequirements: 'Replace the screen this week' });

    // Evidence: a photo straight to storage through its signed link, then checked by the API; a wrong type refused with the reason.
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
    await page.getByLabel(/Add photos or documents/).setInputFiles([
      { name: 'white-line.png', mimeType: 'image/png', buffer: png },
      { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('not evidence') },
    ]);
    await expect.poll(() => page.getByText('Added: white-line.png').count()).toBe(1);
    await expect.poll(() => page.getByText(/notes\.txt was not added/).count()).toBe(1);
    await expect.poll(async () => (await cloud.api('GET', `/complaints/${made}`, { as: 'agent.wang' })).body.attachments.map((a: any) => [a.fileName, a.status]))
      .toEqual([['white-line.png', 'UPLOADED']]);
    await accessible('complaint-with-evidence');
    // The photo opens in a new tab from its signed link, byte for byte.
    const [tab] = await Promise.all([context.waitForEvent('page'), page.getByRole('button', { name: 'Open white-line.png' }).click()]);
    await expect.poll(() => tab.url()).toContain(new URL(cloud.endpoints.s3).host);
    expect(Buffer.from(await (await fetch(tab.url())).arrayBuffer()).equals(png)).toBe(true);
    await tab.close();
    seedComplaint = made;
    await page.getByRole('button', { name: 'Sign out' }).click();
  });

  // The seed scenario goes on from the complaint the agent just made: plan and root cause, the
  // assignee's work on a phone, sales sending back and confirming on a phone, the manager's report.
  const localInput = (at: Date) => `${at.getFullYear()}-${String(at.getMonth() + 1).padStart(2, '0')}-${String(at.getDate()).padStart(2, '0')}T10:00`;

  it('lets the quality manager plan it and record the root cause and the preventive action', async () => {
    await signInAs('quality.liu');
    await page.goto(`${consoleServer.url}/#/complaints/${seedComplaint}`);
    await expect.poll(() => page.getByTestId('status').getAttribute('data-code')).toBe('AWAITING_PLAN');
    await page.locator('#plan-summary').fill('Replace the screen; find out why the panels fail');
    await page.locator('#task-0-title').fill('Replace the screen at the customer');
    await page.locator('#task-0-assignee').fill('tech.zhou');
    await page.locator('#task-0-due').fill(localInput(new Date(Date.now() + 2 * 86_400_000)));
    await page.getByRole('button', { name: 'Submit the plan' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Plan submitted' }).count()).toBe(1);

    await page.getByRole('button', { name: 'Record root cause and prevention' }).click();
    const form = page.getByRole('form', { name: 'Edit root cause and prevention' });
    await form.getByRole('button', { name: 'Add a preventive action' }).click();
    // Nothing filled in: the API's refusals land on their fields.
    await form.getByRole('button', { name: 'Save root cause and prevention' }).click();
    await expect.poll(() => form.getByLabel('Containment').getAttribute('aria-invalid')).toBe('true');
    expect(await form.locator('#pa-0-owner').getAttribute('aria-invalid')).toBe('true');
    await accessible('capa-refused');
    await form.getByLabel('Containment').fill('Swapped the screen; checked the other units of the batch');
    await form.getByLabel('Root cause category (5M+E)').selectOption('MATERIAL');
    await form.getByLabel('Root cause', { exact: true }).fill('A batch of panels with a weak flex cable');
    await form.locator('#pa-0-description').fill('Incoming inspection bends the flex cable of every panel batch');
    await form.locator('#pa-0-owner').fill('purchasing.sun');
    await form.locator('#pa-0-due').fill(localInput(new Date(Date.now() + 14 * 86_400_000)));
    await form.getByRole('button', { name: 'Save root cause and prevention' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Root cause and prevention saved.' }).count()).toBe(1);
    await expect.poll(() => page.getByRole('region', { name: 'Root cause and prevention' }).textContent()).toContain('Incoming inspection bends the flex cable');
    await accessible('capa-recorded');
    await page.getByRole('button', { name: 'Sign out' }).click();
  });

  it('lets the assignee complete the task on a phone', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await cloud.streamsSettled(); // the task lists are projections of the table's stream
    await signInAs('tech.zhou');
    await page.getByRole('navigation').getByRole('link', { name: 'My tasks' }).click();
    const card = page.getByRole('listitem').filter({ hasText: 'Replace the screen at the customer' });
    await card.getByRole('button', { name: 'Complete' }).click();
    await card.getByLabel('What was done').fill('New screen fitted; no white line after an hour');
    await card.getByRole('button', { name: 'Complete' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('Replace the screen at the customer');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await lifecycleDriver(cloud).waitFor(seedComplaint, (r) => r.complaint.status === 'AWAITING_SALES_CONFIRMATION');
  });

  it('lets the salesperson send the response back on a phone, the quality manager revise it, and the salesperson confirm', async () => {
    await cloud.streamsSettled();
    await signInAs('sales.li');
    const review = async () => {
      await page.getByRole('navigation').getByRole('link', { name: 'Awaiting my confirmation' }).click();
      const card = page.getByRole('listitem').filter({ hasText: seedComplaint });
      await card.getByRole('button', { name: 'Review the response' }).click();
      await expect.poll(() => card.locator('.response-text').count()).toBe(1);
      return card;
    };
    let card = await review();
    await card.getByLabel('Comment (required to send back)').fill('Say that every panel batch is now inspected on arrival');
    await card.getByRole('button', { name: 'Send back' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain(`Sent back: ${seedComplaint}`);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await lifecycleDriver(cloud).waitFor(seedComplaint, (r) => r.complaint.status === 'REVISION_REQUESTED');

    await page.setViewportSize({ width: 1280, height: 800 });
    await signInAs('quality.liu');
    await page.goto(`${consoleServer.url}/#/complaints/${seedComplaint}`);
    const revise = page.getByRole('form', { name: 'Revise the response' });
    await expect.poll(() => revise.count()).toBe(1);
    await revise.getByLabel('Response to the customer').fill('We replaced the screen on site. The cause was a batch of panels with a weak flex cable; every panel batch is now inspected on arrival.');
    await accessible('response-revision');
    await revise.getByRole('button', { name: 'Send the revision to sales' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Revision 2 sent to sales' }).count()).toBe(1);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await lifecycleDriver(cloud).waitFor(seedComplaint, (r) => r.complaint.status === 'AWAITING_SALES_CONFIRMATION' && r.complaint.response.revision === 2);
    await cloud.streamsSettled();

    await page.setViewportSize({ width: 390, height: 844 });
    await signInAs('sales.li');
    card = await review();
    expect(await card.locator('.response-text').textContent()).toContain('inspected on arrival');
    await card.getByRole('button', { name: 'Confirm and send' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain(`Confirmed: ${seedComplaint}`);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await lifecycleDriver(cloud).waitFor(seedComplaint, (r) => ['RESPONDED', 'CLOSED'].includes(r.complaint.status));
  });

  it('shows the manager the preventive action in the preventive-measures report, fed back to the customer', async () => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await cloud.streamsSettled();
    await signInAs('gm.chen');
    await page.getByRole('navigation').getByRole('link', { name: 'Reports' }).click();
    const measures = page.getByRole('region', { name: 'Preventive measures' });
    const row = measures.getByRole('row').filter({ hasText: seedComplaint });
    await expect.poll(() => row.count()).toBe(1);
    const text = await row.textContent();
    expect(text).toContain('Material: A batch of panels with a weak flex cable');
    expect(text).toContain('Incoming inspection bends the flex cable of every panel batch');
    expect(text).toMatch(/Planned.*yes \(/);
    expect(await measures.getByRole('img', { name: 'Chart: Preventive measures' }).count()).toBe(1);
    expect(await page.getByRole('region', { name: 'Task progress by assignee' }).getByRole('row').filter({ hasText: 'tech.zhou' }).count()).toBe(1);
    await accessible('reports-preventive-measures');

    // The queues a general manager may read, each with its rows or its empty state.
    await page.getByRole('navigation').getByRole('link', { name: 'Queues' }).click();
    for (const name of ['At risk of missing the deadline', 'Overdue tasks', 'Follow-up calls due']) {
      await expect.poll(() => page.getByRole('region', { name }).locator('table, .empty').count(), { message: name }).toBe(1);
    }
    await accessible('queues');

    // Reclassification: the reason is required (refused on the field), then the complaint is urgent.
    await page.goto(`${consoleServer.url}/#/complaints/${complaintId}`);
    await page.getByRole('button', { name: 'Change the classification' }).click();
    const form = page.getByRole('form', { name: 'Change the classification' });
    await form.getByLabel('Category').selectOption('DELIVERY');
    await form.getByRole('button', { name: 'Change the classification' }).click();
    await expect.poll(() => form.getByLabel('Why the classification changes').getAttribute('aria-invalid')).toBe('true');
    await form.getByLabel('Why the classification changes').fill('The screen broke in transport, not in use');
    await form.getByRole('button', { name: 'Change the classification' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Classification changed.' }).count()).toBe(1);
    expect((await cloud.api('GET', `/complaints/${complaintId}`, { as: 'gm.chen' })).body.complaint.category).toBe('DELIVERY');
    await page.getByRole('button', { name: 'Sign out' }).click();
  });

  it("lets the master-data administrator import customers with a report per row, and edit the rules with each refusal on its field", async () => {
    await signInAs('admin.ma');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Master data');
    const header = 'code,name,locale,email,phones,contact_name,contact_role,contact_phone,contact_email,address_line1,address_city,address_province,address_postal_code,address_country';
    const csv = [header,
      'GZ010,Guangzhou Harbour Tools Ltd.,zh-CN,info@gz-tools.example,020 8888 0010,Li Ming,Buyer,138 2222 0010,li.ming@gz-tools.example,1 Harbour Road,Guangzhou,Guangdong,510000,CN',
      'GZ011,,zh-CN,x@gz.example,,,,,,2 Harbour Road,Guangzhou,Guangdong,510000,CN'].join('\n');
    const form = page.getByRole('form', { name: 'Import master data' });
    await form.getByLabel('CSV or JSON file').setInputFiles({ name: 'customers.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await form.getByRole('button', { name: 'Import' }).click();
    // All or nothing: one row is wrong, so nothing is written, and the report says which and why.
    await expect.poll(() => page.getByRole('status').textContent()).toContain('Nothing was written: 1 row(s) are wrong');
    const report = page.getByRole('table', { name: 'Report per row' });
    expect(await report.getByRole('row').filter({ hasText: 'GZ011' }).textContent()).toMatch(/Rejected.*name/);
    await accessible('master-data-refused');
    await form.getByLabel('When a row is wrong').selectOption('valid-only');
    await form.getByRole('button', { name: 'Import' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('Imported: 1 written, 0 unchanged, 1 rejected.');
    expect((await cloud.api('GET', '/callers/+862088880010', { as: 'agent.wang' })).body.customers[0].customer.code).toBe('GZ010');

    await page.getByRole('navigation').getByRole('link', { name: 'Rules' }).click();
    const rules = page.getByRole('form', { name: 'Rules' });
    await expect.poll(() => rules.getByLabel(/^Holidays/).count()).toBe(1);
    await rules.getByLabel(/^Holidays/).fill('2027-01-01\n2027-02-30');
    await rules.getByRole('button', { name: 'Save the rules' }).click();
    await expect.poll(() => rules.getByLabel(/^Holidays/).getAttribute('aria-invalid')).toBe('true');
    expect(await rules.locator('#calendar-holidays-error').textContent()).toContain('item 2');
    await accessible('rules-refused');
    await rules.getByLabel(/^Holidays/).fill('2027-01-01\n2027-02-10');
    await rules.getByRole('button', { name: 'Save the rules' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: /Rules saved \(version \d+\)/ }).count()).toBe(1);
    expect((await cloud.api('GET', '/config/rules', { as: 'admin.ma' })).body.rules.calendar.holidays).toEqual(['2027-01-01', '2027-02-10']);
    await accessible('rules');
    await page.getByRole('button', { name: 'Sign out' }).click();
  });
});
