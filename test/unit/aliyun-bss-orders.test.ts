// How an Alibaba order of the order book reads in BSS terms (pure): any kind, from its amount,
// status, kind and detail, so the orders another ECS action places render without BSS changes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Order } from '../../src/core/model/types.js';
import { configChanges, viewOrder } from '../../src/providers/aliyun/bss/order-view.js';
import { money, renderOrderDetail } from '../../src/providers/aliyun/bss/bss-render.js';

const order = (patch: Partial<Order>): Order => ({
  id: '170000000000042',
  cloud: 'aliyun',
  accountId: 'a',
  kind: 'ecs_respec',
  status: 'pending_payment',
  amountCents: 1230,
  jobId: null,
  resourceId: 'i-1',
  detail: {},
  createdAt: Date.UTC(2024, 0, 1),
  paidAt: null,
  ...patch,
});

test('upgrade vs refund, and the payment status of each order status', () => {
  assert.deepEqual(
    (['pending_payment', 'processing', 'completed', 'cancelled'] as const).map((status) => viewOrder(order({ status })).paymentStatus),
    ['Unpaid', 'Paid', 'Paid', 'Cancelled'],
  );
  assert.equal(viewOrder(order({})).orderType, 'Upgrade');
  const refund = viewOrder(order({ amountCents: -500, status: 'completed' }));
  assert.equal(refund.orderType, 'Refund');
  assert.equal(refund.paymentStatus, null);
  // a free downgrade is still a refund order
  assert.equal(viewOrder(order({ amountCents: 0, detail: { operator_type: 'downgrade' } })).orderType, 'Refund');
});

test('the product is the kind\'s prefix', () => {
  assert.equal(viewOrder(order({ kind: 'ecs_network' })).productCode, 'ecs');
  assert.equal(viewOrder(order({ kind: 'ecs' })).productCode, 'ecs');
});

test('configurations from from_/to_ pairs, whatever the attribute; other detail ignored', () => {
  const detail = {
    action: 'ModifyInstanceNetworkSpec',
    from_internet_max_bandwidth_out: 5,
    to_internet_max_bandwidth_out: 50,
    to_network_charge_type: 'PayByBandwidth',
    from_nested: { a: 1 },
    to_: 'x',
  };
  assert.deepEqual(configChanges(detail), [
    { code: 'internet_max_bandwidth_out', apiCode: 'InternetMaxBandwidthOut', name: 'Internet Max Bandwidth Out', from: '5', to: '50' },
    { code: 'network_charge_type', apiCode: 'NetworkChargeType', name: 'Network Charge Type', from: undefined, to: 'PayByBandwidth' },
  ]);
  const row = renderOrderDetail(viewOrder(order({ kind: 'ecs_network', detail })), undefined);
  assert.equal(row.Config, 'InternetMaxBandwidthOut:[InternetMaxBandwidthOut:50;]NetworkChargeType:[NetworkChargeType:PayByBandwidth;]');
  assert.equal(row.OriginalConfig, 'InternetMaxBandwidthOut:[InternetMaxBandwidthOut:5;]');
  assert.equal(row.Region, '');
  assert.equal('UsageEndTime' in row, false);
});

test('money: two decimals, a minus for refunds, no thousands separators', () => {
  assert.deepEqual([0, 5, 1230, 123456789, -1230, -5].map(money), ['0.00', '0.05', '12.30', '1234567.89', '-12.30', '-0.05']);
});
