import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildConsole, serveConsole, type ConsoleServer } from '../../infra/local/console.ts';
import { LOCAL_PASSWORD } from '../../infra/local/identity.ts';
import { repoRoot } from '../../infra/local/synth.ts';
import { lifecycleDriver } from '../support/lifecycle-driver.ts';
import { startTestCloud } from '../support/test-cloud.ts';

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
const dirs: string[] = [];

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`The browser tests need Chromium at ${CHROMIUM} (apt-get install -y chromium fonts-wqy-microhei; or set CHROMIUM_PATH): see README, Tests.`);
  }
  cloud = await startTestCloud();
  complaintId = await lifecycleDriver(cloud).create();
  await cloud.streamsSettled();
  const distDir = mkdtempSync(path.join(tmpdir(), 'console-dist-'));
  const userDataDir = mkdtempSync(path.join(tmpdir(), 'console-chromium-'));
  dirs.push(distDir, userDataDir);
  consoleServer = await serveConsole({
    distDir: await buildConsole(distDir), apiUrl: cloud.endpoints.api,
    identity: { endpoint: cloud.endpoints.identity, clientId: cloud.identity.clientId },
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

  it('opens a complaint: status, SLA clock, tasks, timeline and messages', async () => {
    await page.getByRole('link', { name: complaintId }).click();
    await expect.poll(() => page.getByTestId('status').textContent()).toBe('AWAITING_PLAN');
    await expect.poll(() => page.locator('.sla').textContent()).toMatch(/剩余|已超时/);
    expect(await page.getByText('尚无任务，由质量经理制定处理方案。').count()).toBe(1);
    expect(await page.locator('.timeline li').count()).toBeGreaterThan(0);
    await accessible('complaint');
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

  it('fits a phone, and signs out', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${consoleServer.url}/#/complaints`);
    await expect.poll(() => page.getByRole('link', { name: complaintId }).isVisible()).toBe(true);
    await accessible('open-complaints-phone');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect.poll(() => page.getByRole('button', { name: 'Sign in' }).count()).toBe(1);
  });
});
