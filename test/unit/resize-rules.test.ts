// The resize rules as pure functions, without HTTP or a store.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkResize, isResizeTarget, type ResizeRequest } from '../../src/providers/huawei/ecs/rules/resize-rules.js';
import { proratedDifferenceCents } from '../../src/core/orders/proration.js';
import { parseAzStates, saleStateIn } from '../../src/providers/huawei/ecs/rules/flavor-availability.js';
import { serverStatus } from '../../src/providers/huawei/ecs/rules/server-status.js';
import { DomainError } from '../../src/core/errors.js';
import type { Flavor, Server } from '../../src/core/model/types.js';

const flavor = (id: string, vcpus: number, ramMb: number, extra: Record<string, string> = {}): Flavor => ({
  cloud: 'huawei', id, family: id.split('.')[0]!, vcpus, ramMb,
  extraSpecs: { 'ecs:instance_architecture': 'x86', 'ecs:virtualization_env_types': 'CloudCompute', ...extra },
  pricePerHourCents: vcpus * 5, pricePerMonthCents: vcpus * 2000,
});
const small = flavor('s6.large.2', 2, 4096);
const big = flavor('s6.xlarge.2', 4, 8192);
const server = (patch: Partial<Server> = {}): Server => ({
  cloud: 'huawei', id: 'srv', accountId: 'a', projectId: 'p', region: 'r', az: 'az1', name: 'n', flavorId: big.id,
  vmState: 'stopped', taskState: null, billing: 'postpaid', spot: false, osType: 'Linux', imageId: 'i', imageName: 'i',
  imageType: 'gold', dedicatedHostId: null, tags: {}, enterpriseProjectId: '0', locked: false, frozen: false, cpuThreads: null,
  busyJobId: null, expiresAt: null, createdAt: 0, updatedAt: 0, version: 1, ...patch,
});
const req = (patch: Partial<ResizeRequest> = {}): ResizeRequest => ({ api: 'v1.1', flavorRef: small.id, withStopServer: false, cpuThreads: null, dedicatedHostId: null, autoPay: false, ...patch });

function reason(fn: () => void): string | null {
  try {
    fn();
    return null;
  } catch (e) {
    assert.ok(e instanceof DomainError);
    return e.reason;
  }
}

describe('checkResize', () => {
  test('normal accounts may downsize; partners may not (seed 002)', () => {
    assert.equal(reason(() => checkResize(server(), big, small, 'normal', req())), null);
    assert.equal(reason(() => checkResize(server(), big, small, 'partner', req())), 'flavor.downsize');
    assert.equal(reason(() => checkResize(server(), big, small, 'partner_customer', req())), 'flavor.downsize');
    const moreCpuLessRam = flavor('c6.xlarge.1', 4, 4096);
    assert.equal(reason(() => checkResize(server(), big, moreCpuLessRam, 'partner', req({ flavorRef: moreCpuLessRam.id }))), 'flavor.downsize');
  });

  test('state rules come before flavor rules, and each has its reason', () => {
    assert.equal(reason(() => checkResize(server({ osType: 'Windows', spot: true }), big, undefined, 'normal', req())), 'server.windows');
    assert.equal(reason(() => checkResize(server({ spot: true }), big, small, 'normal', req())), 'server.spot');
    assert.equal(reason(() => checkResize(server({ billing: 'prepaid' }), big, small, 'normal', req({ api: 'v1' }))), 'server.prepaid');
    assert.equal(reason(() => checkResize(server({ billing: 'prepaid' }), big, small, 'normal', req())), null);
    assert.equal(reason(() => checkResize(server({ locked: true }), big, small, 'normal', req())), 'server.locked');
    assert.equal(reason(() => checkResize(server({ busyJobId: 'j' }), big, small, 'normal', req())), 'server.busy');
    assert.equal(reason(() => checkResize(server({ taskState: 'powering-on' }), big, small, 'normal', req())), 'server.busy');
    assert.equal(reason(() => checkResize(server({ vmState: 'active' }), big, small, 'normal', req())), 'server.not-stopped');
    assert.equal(reason(() => checkResize(server({ vmState: 'active' }), big, small, 'normal', req({ withStopServer: true }))), null);
    assert.equal(reason(() => checkResize(server({ vmState: 'error' }), big, small, 'normal', req({ withStopServer: true }))), 'server.not-stopped');
  });

  test('DeH: dedicated_host_id is needed, and batches refuse DeH servers', () => {
    assert.equal(reason(() => checkResize(server({ dedicatedHostId: 'h' }), big, small, 'normal', req())), 'server.dedicated-host-required');
    assert.equal(reason(() => checkResize(server({ dedicatedHostId: 'h' }), big, small, 'normal', req({ dedicatedHostId: 'h2' }))), null);
    assert.equal(reason(() => checkResize(server({ dedicatedHostId: 'h' }), big, small, 'normal', req({ api: 'batch' }))), 'server.on-dedicated-host');
  });

  test('flavor availability per AZ', () => {
    const soldHere = flavor('c7.large.2', 2, 4096, { 'cond:operation:az': 'az1(sellout), az2(normal)' });
    assert.equal(reason(() => checkResize(server(), big, soldHere, 'normal', req({ flavorRef: soldHere.id }))), 'flavor.sold-out');
    assert.equal(reason(() => checkResize(server({ az: 'az2' }), big, soldHere, 'normal', req({ flavorRef: soldHere.id }))), null);
    const gone = flavor('m6.large.8', 2, 16384, { 'cond:operation:status': 'abandon' });
    assert.equal(reason(() => checkResize(server(), big, gone, 'normal', req({ flavorRef: gone.id }))), 'flavor.abandoned');
    const arm = flavor('kc1.large.2', 2, 4096, { 'ecs:instance_architecture': 'arm64' });
    assert.equal(reason(() => checkResize(server(), big, arm, 'normal', req({ flavorRef: arm.id }))), 'flavor.not-offered');
    assert.equal(reason(() => checkResize(server(), big, big, 'normal', req({ flavorRef: big.id }))), 'flavor.same');
    assert.equal(reason(() => checkResize(server(), big, undefined, 'normal', req({ flavorRef: 'nope' }))), 'flavor.not-found');
  });

  test('hw:cpu_threads=1 needs dedicated + 2 threads', () => {
    const ded = flavor('c7.xlarge.2', 4, 8192, { 'hw:cpu_policy': 'dedicated', 'hw:cpu_threads': '2' });
    const dedNoThreads = flavor('c6.xlarge.2', 4, 8192, { 'hw:cpu_policy': 'dedicated' });
    assert.equal(reason(() => checkResize(server({ flavorId: small.id }), small, ded, 'normal', req({ flavorRef: ded.id, cpuThreads: 1 }))), null);
    assert.equal(reason(() => checkResize(server({ flavorId: small.id }), small, dedNoThreads, 'normal', req({ flavorRef: dedNoThreads.id, cpuThreads: 1 }))), 'cpu-options.invalid');
    assert.equal(reason(() => checkResize(server({ flavorId: small.id }), small, dedNoThreads, 'normal', req({ flavorRef: dedNoThreads.id, cpuThreads: 2 }))), null);
  });
});

describe('helpers', () => {
  test('cond:operation:az parsing tolerates spacing and ignores garbage', () => {
    assert.deepEqual([...parseAzStates(' az1(normal),az2( sellout ), junk, az3()')], [['az1', 'normal'], ['az2', 'sellout']]);
    assert.equal(saleStateIn(flavor('x', 1, 1, { 'cond:operation:status': 'obt' }), 'az9'), 'obt');
  });

  test('isResizeTarget excludes the source and withdrawn flavors', () => {
    assert.equal(isResizeTarget(small, small), false);
    assert.equal(isResizeTarget(small, big), true);
    assert.equal(isResizeTarget(small, flavor('y', 8, 1, { 'cond:operation:status': 'abandon' })), false);
  });

  test('the price difference is prorated over the rest of the period', () => {
    const month = 30 * 24 * 3600 * 1000;
    assert.equal(proratedDifferenceCents(small, big, 0, month), 4000);
    assert.equal(proratedDifferenceCents(small, big, 0, month / 2), 2000);
    assert.equal(proratedDifferenceCents(big, small, 0, month), -4000);
    assert.equal(proratedDifferenceCents(small, big, month, 0), 0, 'an expired period costs nothing more');
  });

  test('status is derived from vm_state and task_state', () => {
    for (const t of ['resize_prep', 'resize_migrating', 'resize_migrated', 'resize_finish'] as const) assert.equal(serverStatus('stopped', t), 'RESIZE', t);
    assert.equal(serverStatus('active', 'powering-off'), 'ACTIVE');
    assert.equal(serverStatus('stopped', 'powering-on'), 'SHUTOFF');
    assert.equal(serverStatus('error', null), 'ERROR');
  });
});
