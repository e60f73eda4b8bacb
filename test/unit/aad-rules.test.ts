// The AAD change rules, prices and body reader as pure functions, without HTTP or a store.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AadInstance, AadSpec } from '../../src/providers/huawei/aad/aad-instance.js';
import { sameSpec } from '../../src/providers/huawei/aad/aad-instance.js';
import { changeAmountCents, monthlyPriceCents, shippedAadPrices, startedMonthsLeft } from '../../src/providers/huawei/aad/aad-pricing.js';
import type { AadReason } from '../../src/providers/huawei/aad/aad-refusals.js';
import { DomainError } from '../../src/core/errors.js';
import { checkChangeable, plannedSpec, statusAt, type UpgradeData } from '../../src/providers/huawei/aad/aad-upgrade-rules.js';
import { readUpgradeBody } from '../../src/providers/huawei/aad/aad-upgrade-body.js';
import { HuaweiFailure } from '../../src/providers/huawei/shared/huawei-errors.js';

const DAY = 24 * 3600 * 1000;
const NOW = Date.parse('2026-01-10T00:00:00Z');
const prices = shippedAadPrices();

const spec = (over: Partial<AadSpec> = {}): AadSpec => ({
  basicBandwidth: 10,
  elasticBandwidth: 20,
  serviceBandwidth: 100,
  portNum: 50,
  bindDomainNum: 50,
  elasticServiceBandwidthType: 0,
  elasticServiceBandwidth: 0,
  basicQps: 3000,
  ...over,
});

const instance = (over: Partial<AadInstance> = {}): AadInstance => ({
  id: 'aad-1',
  accountId: 'a',
  name: 'aad-1',
  region: 'north_china',
  accessType: 'website',
  status: 'normal',
  expiresAt: NOW + 300 * DAY,
  createdAt: NOW - 30 * DAY,
  enterpriseProjectId: '0',
  qpsEnabled: true,
  spec: spec(),
  ips: [],
  tags: [],
  ...over,
});

function refusedWith(reason: AadReason, fn: () => unknown): void {
  assert.throws(fn, (e: unknown) => e instanceof DomainError && e.reason === reason);
}

const plan = (data: UpgradeData, i: AadInstance = instance()) => plannedSpec(i, data, prices);

describe('status', () => {
  test('an instance is expired once its expiry passes, whatever it was declared', () => {
    assert.equal(statusAt(instance(), NOW), 'normal');
    assert.equal(statusAt(instance({ expiresAt: NOW }), NOW), 'expired');
    assert.equal(statusAt(instance({ status: 'expired' }), NOW), 'expired');
    assert.equal(statusAt(instance({ status: 'frozen', expiresAt: NOW - DAY }), NOW), 'frozen');
  });

  test('frozen, expired and instances with an unpaid change cannot change', () => {
    refusedWith('instance.frozen', () => checkChangeable(instance({ status: 'frozen' }), NOW, null));
    refusedWith('instance.expired', () => checkChangeable(instance({ expiresAt: NOW - 1 }), NOW, null));
    refusedWith('instance.order-pending', () => checkChangeable(instance(), NOW, 'CS2601100000ABCDE'));
    assert.doesNotThrow(() => checkChangeable(instance(), NOW, null));
  });
});

describe('planned spec', () => {
  test('only the given fields change', () => {
    assert.deepEqual(plan({ serviceBandwidth: 300 }), spec({ serviceBandwidth: 300 }));
    assert.ok(sameSpec(plan({}), spec()));
  });

  test('protection bandwidths are the priced tiers; elastic may equal basic but never be lower', () => {
    refusedWith('spec.out-of-range', () => plan({ basicBandwidth: 15 }));
    refusedWith('spec.out-of-range', () => plan({ elasticBandwidth: 0 }));
    refusedWith('spec.elastic-below-basic', () => plan({ basicBandwidth: 30 }));
    assert.equal(plan({ basicBandwidth: 20 }).elasticBandwidth, 20);
    assert.deepEqual(plan({ basicBandwidth: 500, elasticBandwidth: 500 }), spec({ basicBandwidth: 500, elasticBandwidth: 500 }));
  });

  test('downgrades are allowed', () => {
    const big = instance({ spec: spec({ basicBandwidth: 100, elasticBandwidth: 300 }) });
    assert.deepEqual(plan({ basicBandwidth: 10, elasticBandwidth: 10 }, big), spec({ basicBandwidth: 10, elasticBandwidth: 10 }));
  });

  test('service bandwidth: 100 to 5000 Mbit/s', () => {
    refusedWith('spec.out-of-range', () => plan({ serviceBandwidth: 99 }));
    refusedWith('spec.out-of-range', () => plan({ serviceBandwidth: 5001 }));
    assert.equal(plan({ serviceBandwidth: 5000 }).serviceBandwidth, 5000);
  });

  test('ports only on IP-access instances, domains only on website instances, each with its regional range', () => {
    const ip = instance({ accessType: 'ip' });
    refusedWith('spec.not-applicable', () => plan({ portNum: 60 }));
    refusedWith('spec.not-applicable', () => plan({ bindDomainNum: 60 }, ip));
    assert.equal(plan({ portNum: 500 }, ip).portNum, 500);
    refusedWith('spec.out-of-range', () => plan({ portNum: 49 }, ip));
    assert.equal(plan({ portNum: 5 }, instance({ accessType: 'ip', region: 'asia_pacific', spec: spec({ basicBandwidth: 0, elasticBandwidth: 0 }) })).portNum, 5);
    refusedWith('spec.out-of-range', () => plan({ bindDomainNum: 51 }));
    assert.equal(plan({ bindDomainNum: 55 }).bindDomainNum, 55);
  });

  test('asia_pacific instances have no basic or elastic protection bandwidth and a lower QPS floor', () => {
    const ap = instance({ region: 'asia_pacific', spec: spec({ basicBandwidth: 0, elasticBandwidth: 0, basicQps: 1000 }) });
    refusedWith('spec.not-applicable', () => plan({ basicBandwidth: 10 }, ap));
    refusedWith('spec.not-applicable', () => plan({ elasticBandwidth: 10 }, ap));
    assert.equal(plan({ basicQps: 1000 }, ap).basicQps, 1000);
    refusedWith('spec.out-of-range', () => plan({ basicQps: 1000 }));
  });

  test('basic_qps needs QPS enabled once (seed 003) and a website instance', () => {
    refusedWith('spec.qps-not-enabled', () => plan({ basicQps: 5000 }, instance({ qpsEnabled: false, spec: spec({ basicQps: 0 }) })));
    refusedWith('spec.not-applicable', () => plan({ basicQps: 5000 }, instance({ accessType: 'ip' })));
    refusedWith('spec.out-of-range', () => plan({ basicQps: 100_001 }));
    assert.equal(plan({ basicQps: 100_000 }).basicQps, 100_000);
  });

  test('elastic service bandwidth: type 0 or 3; an increment needs type 3; type 0 releases it', () => {
    refusedWith('spec.out-of-range', () => plan({ elasticServiceBandwidthType: 2 }));
    refusedWith('spec.elastic-service-disabled', () => plan({ elasticServiceBandwidth: 10 }));
    assert.deepEqual(plan({ elasticServiceBandwidthType: 3, elasticServiceBandwidth: 300 }), spec({ elasticServiceBandwidthType: 3, elasticServiceBandwidth: 300 }));
    const on = instance({ spec: spec({ elasticServiceBandwidthType: 3, elasticServiceBandwidth: 300 }) });
    assert.deepEqual(plan({ elasticServiceBandwidthType: 0 }, on), spec());
    assert.deepEqual(plan({ elasticServiceBandwidthType: 0, elasticServiceBandwidth: 0 }, on), spec());
    refusedWith('spec.out-of-range', () => plan({ elasticServiceBandwidth: 5001 }, on));
  });
});

describe('prices (data/aad-prices.json)', () => {
  test('a spec costs the sum of its parts; ports and domains beyond the included 50', () => {
    // 100 + 35 + 100 x 0.5 USD; 3000 QPS at 5 USD per 1000
    assert.equal(monthlyPriceCents(spec(), prices), 10_000 + 3_500 + 5_000 + 1_500);
    assert.equal(monthlyPriceCents(spec({ portNum: 60, bindDomainNum: 60 }), prices) - monthlyPriceCents(spec(), prices), 10 * 20 + 10 * 40);
    assert.equal(monthlyPriceCents(spec({ elasticServiceBandwidthType: 3, elasticServiceBandwidth: 100 }), prices) - monthlyPriceCents(spec(), prices), 1_000);
  });

  test('a started month counts as a whole one, at least one', () => {
    assert.equal(startedMonthsLeft(NOW + 300 * DAY, NOW), 10);
    assert.equal(startedMonthsLeft(NOW + 300 * DAY + 1, NOW), 11);
    assert.equal(startedMonthsLeft(NOW + 1, NOW), 1);
  });

  test('a change costs the monthly difference for every month left; a downgrade is a refund', () => {
    const end = NOW + 300 * DAY;
    assert.equal(changeAmountCents(spec(), spec({ elasticBandwidth: 30 }), prices, end, NOW), 15_000);
    assert.equal(changeAmountCents(spec({ elasticBandwidth: 30 }), spec(), prices, end, NOW), -15_000);
    assert.equal(changeAmountCents(spec(), spec(), prices, end, NOW), 0);
  });
});

describe('UpgradeInstanceSpec body', () => {
  const body = (v: unknown) => Buffer.from(JSON.stringify(v));
  const malformed = (v: unknown) => assert.throws(() => readUpgradeBody(body(v)), (e: unknown) => e instanceof HuaweiFailure && e.code === 'Anti-DDoS.10000001');

  test('bandwidth strings become numbers; integers stay; nulls are omitted fields', () => {
    assert.deepEqual(
      readUpgradeBody(body({ instance_id: 'x', upgrade_data: { basic_bandwidth: '20', elastic_bandwidth: '0', service_bandwidth: 200, basic_qps: null } })),
      { instanceId: 'x', data: { basicBandwidth: 20, elasticBandwidth: 0, serviceBandwidth: 200 } },
    );
  });

  test('wrong types, odd strings, unknown fields and missing members are malformed', () => {
    malformed({ instance_id: 'x', upgrade_data: { basic_bandwidth: 20.5 } });
    for (const s of ['', ' 20', '020', '1e2', '-10', '20.0', '1234567']) malformed({ instance_id: 'x', upgrade_data: { elastic_bandwidth: s } });
    malformed({ instance_id: 'x', upgrade_data: { port_num: 1.5 } });
    malformed({ instance_id: 'x', upgrade_data: { port_num: [1] } });
    malformed({ instance_id: 'x', upgrade_data: { qps: 1 } });
    malformed({ instance_id: '', upgrade_data: {} });
    malformed({ instance_id: 'x'.repeat(65), upgrade_data: {} });
    malformed({ instance_id: null, upgrade_data: {} });
    malformed({ instance_id: 'x', upgrade_data: null });
    malformed([]);
  });
});
