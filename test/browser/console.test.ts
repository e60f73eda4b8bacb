// The console in a real browser: playwright-core drives the system's Chromium (/usr/bin/chromium,
// the Debian package .ci/run installs) against a live specshift on the manual clock. The SDK calls
// are the official SDKs'; the console shows what they did. Screenshots of the main pages go to a
// temporary directory, or with SPECSHIFT_UPDATE_SCREENSHOTS=1 to docs/console-*.png (the README
// shows them): a test run must not leave the checkout changed.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ecs from '@alicloud/ecs20140526';
import OpenApi from '@alicloud/openapi-client';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { startLiveServer, type LiveServer } from '../helpers/live-server.js';
import { DEMO } from '../helpers/demo.js';
import { attempt, ecsClient, ecsSdk } from '../helpers/huawei-sdk.js';

const CHROMIUM = process.env.SPECSHIFT_CHROMIUM ?? '/usr/bin/chromium';
const SHOTS = process.env.SPECSHIFT_UPDATE_SCREENSHOTS === '1' ? fileURLToPath(new URL('../../../docs/', import.meta.url)) : mkdtempSync(join(tmpdir(), 'specshift-console-shots-'));
const ALI = { ak: 'LTAIspecshiftDemo0001', sk: 'specshiftDemoAliyunSecret000000001', region: 'cn-hangzhou', db01: 'i-bp1specshiftdemo0003' };

let live: LiveServer;
let browser: BrowserContext;
let page: Page;
let profile: string;

const aliyun = (port: number) =>
  new Ecs.default(new OpenApi.Config({ accessKeyId: ALI.ak, accessKeySecret: ALI.sk, endpoint: `127.0.0.1:${port}`, protocol: 'http' }) as unknown as ConstructorParameters<typeof Ecs.default>[0]);

const shot = (name: string) => page.screenshot({ path: join(SHOTS, `console-${name}.png`) });

/** Waits until `check` holds, advancing the manual clock by `stepS` between looks. */
async function until(check: () => Promise<boolean>, what: string | (() => Promise<string>), stepS = 0): Promise<void> {
  // the console re-reads every second or so: each look leaves it time to
  for (let i = 0; i < 150; i++) {
    if (await check()) return;
    if (stepS > 0 && i < 30) await live.control('clock/advance', { seconds: stepS });
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`timed out waiting for ${typeof what === 'string' ? what : await what()}`);
}

const text = (sel: string) => page.locator(sel).first().innerText().catch(() => '');

describe('the console in Chromium', { skip: !existsSync(CHROMIUM) && `no Chromium at ${CHROMIUM} (apt-get install chromium)` }, () => {
  before(async () => {
    live = await startLiveServer({ timing: 'manual' });
    profile = mkdtempSync(join(tmpdir(), 'specshift-chromium-'));
    // a fresh profile every run (playwright passes it as --user-data-dir)
    browser = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      viewport: { width: 1400, height: 760 },
    });
    page = await browser.newPage();
    // offline: the page may reach specshift and nothing else
    await page.route('**/*', (route) => (route.request().url().startsWith(live.endpoint) ? route.continue() : route.abort()));
  });
  after(async () => {
    await browser?.close();
    await live?.close();
    rmSync(profile, { recursive: true, force: true });
    if (process.env.SPECSHIFT_UPDATE_SCREENSHOTS !== '1') rmSync(SHOTS, { recursive: true, force: true });
  });

  test('a resize through the SDK shows RESIZE, then the new flavor', async () => {
    await page.goto(`${live.endpoint}/_specshift/console#servers`);
    await page.getByTestId('server-search').fill(DEMO.servers.web01);
    const row = page.getByTestId(`server-${DEMO.servers.web01}`);
    await row.waitFor();
    assert.equal(await row.getByTestId('flavor').innerText(), 's6.large.2');
    const ecs = ecsClient(live.endpoint, DEMO.ak, DEMO.sk, DEMO.project);
    await ecs.resizeServer(
      new ecsSdk.ResizeServerRequest().withServerId(DEMO.servers.web01).withBody(new ecsSdk.ResizeServerRequestBody().withResize(new ecsSdk.ResizePrePaidServerOption().withFlavorRef('s6.xlarge.2'))),
    );
    // the job's first step (after the dispatch delay) puts the server in resize_prep: RESIZE
    await live.control('clock/advance', { ms: 600 });
    await until(async () => (await row.getByTestId('status').innerText()) === 'RESIZE', 'the console to show RESIZE');
    await row.click();
    await page.getByTestId('server-detail').waitFor();
    await shot('servers');
    // the rest of the walk: resize_prep, resize_migrating, resize_migrated, resize_finish
    await live.control('clock/advance', { seconds: 20 });
    await until(async () => (await row.getByTestId('flavor').innerText()) === 's6.xlarge.2', 'the new flavor');
    assert.equal(await row.getByTestId('status').innerText(), 'SHUTOFF');
  });

  test('paying an Alibaba subscription order with the button changes the instance', async () => {
    const ecs = aliyun(live.port);
    const placed = await ecs.modifyPrepayInstanceSpec(new Ecs.ModifyPrepayInstanceSpecRequest({ regionId: ALI.region, instanceId: ALI.db01, instanceType: 'ecs.r6.xlarge', autoPay: false }));
    const orderId = placed.body!.orderId!;
    await page.goto(`${live.endpoint}/_specshift/console#orders`);
    const row = page.getByTestId(`order-${orderId}`);
    await row.waitFor();
    assert.equal(await row.getByTestId('order-status').innerText(), 'pending_payment');
    await shot('orders');
    await row.getByTestId('pay').click();
    await until(async () => (await row.getByTestId('order-status').innerText()) === 'completed', 'the order to show completed');
    const type = async () => (await ecs.describeInstances(new Ecs.DescribeInstancesRequest({ regionId: ALI.region, instanceIds: JSON.stringify([ALI.db01]) }))).body!.instances!.instance![0]!.instanceType;
    await until(async () => (await type()) === 'ecs.r6.xlarge', 'the new instance type', 1);
    // and the console's server list says so too
    await page.goto(`${live.endpoint}/_specshift/console#servers`);
    await page.getByTestId('server-search').fill(ALI.db01);
    await until(async () => (await text(`[data-testid="server-${ALI.db01}"] [data-testid="flavor"]`)) === 'ecs.r6.xlarge', 'the console to show the new type');
  });

  test('a fault armed in the console fails the job', async () => {
    await page.goto(`${live.endpoint}/_specshift/console#faults`);
    await page.getByTestId('fail-resource').fill(DEMO.servers.web02);
    await page.getByTestId('fail-submit').click();
    await page.getByTestId('fault-rules').getByText(DEMO.servers.web02).waitFor();
    await shot('faults');
    const ecs = ecsClient(live.endpoint, DEMO.ak, DEMO.sk, DEMO.project);
    const { job_id } = await ecs.resizeServer(
      new ecsSdk.ResizeServerRequest()
        .withServerId(DEMO.servers.web02)
        .withBody(new ecsSdk.ResizeServerRequestBody().withResize(new ecsSdk.ResizePrePaidServerOption().withFlavorRef('s6.xlarge.2').withMode('withStopServer'))),
    );
    await page.goto(`${live.endpoint}/_specshift/console#jobs`);
    const row = page.getByTestId(`job-${job_id}`);
    await row.waitFor();
    await until(async () => (await row.getByTestId('job-status').innerText()) === 'FAIL', async () => `the job to fail (${JSON.stringify(await live.control(`jobs/${job_id}`))}, row ${await row.innerText()})`, 2);
    assert.equal(await row.getByTestId('job-error').innerText(), 'Ecs.0207');
    await row.click();
    await page.getByTestId('job-detail').waitFor();
    await shot('jobs');
  });

  test('a refused call is in the request log with its reason', async () => {
    await page.goto(`${live.endpoint}/_specshift/console#requests`);
    await page.getByTestId('filter-status').fill('401');
    await page.getByTestId('filter-status').press('Enter');
    await until(async () => (await text('[data-testid="stream-state"]')) === 'live', 'the stream');
    const wrong = ecsClient(live.endpoint, DEMO.ak, `${DEMO.sk}x`, DEMO.project);
    const r = await attempt(() => wrong.showServer(new ecsSdk.ShowServerRequest().withServerId(DEMO.servers.web01)));
    assert.equal(r.ok, false);
    const row = page.locator('[data-testid^="request-"]').filter({ hasText: 'ShowServer' }).first();
    await row.waitFor();
    await row.click();
    const reason = page.getByTestId('request-reason');
    await reason.waitFor();
    assert.match(await reason.innerText(), /signature mismatch/);
    const sent = await page.getByTestId('request-sent').innerText();
    assert.match(sent, /Signature=\[redacted\]/);
    assert.ok(!sent.includes(DEMO.sk), 'the secret key never shows');
    await shot('requests');
  });
});
