// BSS through the official core SDK's signer (no Node BSS package exists): the yearly/monthly
// resources query (ListPayPerUseCustomerResources) answered from the order book, order details with a
// line per resource, cancellation, and the product dictionary Terraform probes at start-up.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startLiveServer, type LiveServer } from '../helpers/live-server.js';
import { attempt, ecsClient, ecsSdk, globalClient } from '../helpers/huawei-sdk.js';

const DAY = 24 * 3600 * 1000;
const MONTH = 30 * DAY;
const ACCOUNT = { ak: 'BSSRESOURCEAK0000001', sk: 'bssResourceSecret000000000000000000000001', project: 'cc00000000000000000000000000000c' };
const NOPAY = { ak: 'BSSNOPAYAK0000000001', sk: 'bssNoPaySecret0000000000000000000000000001', project: 'dd00000000000000000000000000000d' };
const id = (n: number) => `e0000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const AAD = { shop: 'aadb0001-0000-4a5b-8c6d-000000000001', ports: 'aadb0002-0000-4a5b-8c6d-000000000002', nopay: 'aadb0003-0000-4a5b-8c6d-000000000003' };

// expiries relative to the load, so the world never goes stale
const inDays = (d: number) => new Date(Date.now() + d * DAY).toISOString().replace(/\.\d{3}Z$/, 'Z');
const EXPIRY = { 1: inDays(40), 2: inDays(100), 3: inDays(200) } as Record<number, string>;

const server = (n: number, extra: Record<string, unknown> = {}) => ({ id: id(n), name: `bill-${n}`, account: 'billing', region: 'cn-north-4', az: 'cn-north-4a', flavor: 's6.large.2', status: 'SHUTOFF', ...extra });

const world = {
  accounts: [
    { name: 'billing', balance: '10000.00', access_keys: [{ ak: ACCOUNT.ak, sk: ACCOUNT.sk }], projects: [{ id: ACCOUNT.project, region: 'cn-north-4' }] },
    { name: 'nopay', balance: '10000.00', can_pay: false, access_keys: [{ ak: NOPAY.ak, sk: NOPAY.sk }], projects: [{ id: NOPAY.project, region: 'cn-north-4' }] },
  ],
  huawei: {
    regions: [{ id: 'cn-north-4', zones: ['cn-north-4a'] }],
    servers: [
      server(1, { billing: 'prepaid', expires_at: EXPIRY[1] }),
      server(2, { billing: 'prepaid', expires_at: EXPIRY[2] }),
      server(3, { billing: 'prepaid', expires_at: EXPIRY[3] }),
      server(4),
      { ...server(9, { billing: 'prepaid' }), account: 'nopay' },
    ],
  },
  aad: {
    instances: [
      { id: AAD.shop, name: 'shop', account: 'billing', basic_bandwidth: 10, elastic_bandwidth: 20, expires_in_days: 300 },
      { id: AAD.ports, name: 'ports', account: 'billing', access_type: 'ip', region: 'asia_pacific', basic_bandwidth: 0, elastic_bandwidth: 0, status: 'frozen', expires_in_days: 300 },
      { id: AAD.nopay, name: 'nopay-shop', account: 'nopay', basic_bandwidth: 10, elastic_bandwidth: 20, expires_in_days: 300 },
    ],
  },
};

let live: LiveServer;
let ecs: any;
let bss: ReturnType<typeof globalClient>;
let nopay: ReturnType<typeof globalClient>;

before(async () => {
  live = await startLiveServer({ timing: 'manual', world });
  ecs = ecsClient(live.endpoint, ACCOUNT.ak, ACCOUNT.sk, ACCOUNT.project);
  bss = globalClient(live.endpoint, ACCOUNT.ak, ACCOUNT.sk);
  nopay = globalClient(live.endpoint, NOPAY.ak, NOPAY.sk);
});
after(() => live.close());
beforeEach(() => live.control('world/reset', {}));

const query = (c: ReturnType<typeof globalClient>, body: Record<string, unknown>, headers?: Record<string, string>) =>
  c.send('POST', '/v2/orders/suscriptions/resources/query', { data: body, ...(headers ? { headers } : {}) });
const details = (c: ReturnType<typeof globalClient>, orderId: string, queryParams?: Record<string, unknown>) =>
  c.send('GET', '/v2/orders/customer-orders/details/{order_id}', { pathParams: { order_id: orderId }, ...(queryParams ? { queryParams } : {}) });
const pay = (c: ReturnType<typeof globalClient>, orderId: string) => c.send('POST', '/v3/orders/customer-orders/pay', { data: { order_id: orderId, use_coupon: 'NO', use_discount: 'NO' } });
const aadUpgrade = (c: ReturnType<typeof globalClient>, instanceId: string, data: Record<string, unknown>) =>
  c.send('PUT', '/v2/aad/instance', { data: { instance_id: instanceId, upgrade_data: data } });

function batch(ids: string[], flavorRef: string) {
  const option = new ecsSdk.BatchResizeServersOption().withFlavorRef(flavorRef).withServers(ids.map((x) => new ecsSdk.ServerId().withId(x)));
  return new ecsSdk.BatchResizeServersRequest().withBody(new ecsSdk.BatchResizeServersReq().withResize(option));
}

async function refused(call: () => Promise<unknown>, status: number, code: string): Promise<any> {
  const r = await attempt(call);
  assert.equal(r.ok, false, `expected ${code}`);
  const e = (r as { error: any }).error;
  assert.equal(e.httpStatusCode, status, e.errorMsg);
  assert.equal(e.errorCode, code, e.errorMsg);
  return e;
}

const clockMs = async () => (await live.control('clock')).epoch_ms as number;

describe('a batch resize order: a line item per server, its resources once paid', () => {
  test('order details: one OrderLineItemEntityV2 per server, each its prorated share, no resource id', async () => {
    const now = await clockMs();
    const r = await ecs.batchResizeServers(batch([id(1), id(2), id(3)], 's6.xlarge.2'));
    const d = await details(bss, r.order_id);
    assert.equal(d.total_count, 3);
    assert.equal(d.order_info.status, 6);
    assert.equal(d.order_info.service_type_code, 'hws.service.type.ec2');
    assert.equal(d.order_info.user_name, 'billing');
    const diff = 4269 - 2135; // s6.xlarge.2 - s6.large.2 in data/huawei-flavors.json, cents a month
    const shares = [1, 2, 3].map((n) => Math.round((diff * (Date.parse(EXPIRY[n]!) - now)) / MONTH) / 100);
    assert.deepEqual(d.order_line_items.map((l: any) => l.amount_after_discount), shares);
    assert.equal(Math.round(shares.reduce((a, b) => a + b, 0) * 100), Math.round(d.order_info.amount_after_discount * 100), 'the lines add up to the order');
    assert.deepEqual(d.order_line_items.map((l: any) => l.order_line_item_id), [`${r.order_id}-000001`, `${r.order_id}-000002`, `${r.order_id}-000003`]);
    for (const l of d.order_line_items) {
      assert.equal(l.service_type_code, 'hws.service.type.ec2');
      assert.equal(l.commercial_resource, 'hws.resource.type.vm');
      assert.equal(l.order_id, r.order_id);
      assert.equal('resource_id' in l || 'cloud_service_type_code' in l, false);
    }
    assert.deepEqual(d.order_line_items.map((l: any) => l.expire_time), [EXPIRY[1], EXPIRY[2], EXPIRY[3]]);
    assert.match(d.order_line_items[2].product_spec_desc, /^s6\.xlarge\.2 \| 4 vCPUs \| 8 GiB \| Linux$/);
    // the SDK's offset/limit page the line items; total_count still counts them all
    const page = await details(bss, r.order_id, { offset: 1, limit: 1 });
    assert.deepEqual([page.total_count, page.order_line_items.map((l: any) => l.order_line_item_id)], [3, [`${r.order_id}-000002`]]);
  });

  test('the resources query lists nothing while the order is unpaid, then every server, with the spec each has now', async () => {
    const r = await ecs.batchResizeServers(batch([id(1), id(2), id(3)], 's6.xlarge.2'));
    assert.deepEqual(await query(bss, { order_id: r.order_id }), { total_count: 0, data: [], httpStatusCode: 200 });
    assert.equal((await pay(bss, r.order_id)).httpStatusCode, 204);
    const paid = await query(bss, { order_id: r.order_id, only_main_resource: 1 });
    assert.equal(paid.total_count, 3);
    assert.deepEqual(paid.data.map((x: any) => x.resource_id), [id(1), id(2), id(3)]);
    assert.deepEqual(paid.data.map((x: any) => x.resource_spec_code), ['s6.large.2.linux', 's6.large.2.linux', 's6.large.2.linux'], 'the resize has not run yet');
    await live.control('clock/advance', { seconds: 600 });
    const resized = await query(bss, { order_id: r.order_id });
    assert.deepEqual(resized.data.map((x: any) => x.resource_spec_code), ['s6.xlarge.2.linux', 's6.xlarge.2.linux', 's6.xlarge.2.linux']);
    const first = resized.data[0];
    assert.equal(first.region_code, 'cn-north-4');
    assert.equal(first.project_id, ACCOUNT.project);
    assert.equal(first.is_main_resource, 1);
    assert.equal(first.status, 2);
    assert.equal(first.expire_time, EXPIRY[1]);
    assert.equal(first.product_id, '00301-s6.xlarge.2', 'the product ECS renders as metering.product_id');
  });

  test('a cancelled order answers 204, has no resources, and cannot be cancelled again', async () => {
    const r = await ecs.batchResizeServers(batch([id(1)], 's6.xlarge.2'));
    // the SDK model sends order_id alone
    const cancelled = await bss.send('PUT', '/v2/orders/customer-orders/cancel', { data: { order_id: r.order_id } });
    assert.equal(cancelled.httpStatusCode, 204);
    assert.equal((await details(bss, r.order_id)).order_info.status, 4);
    assert.equal((await query(bss, { order_id: r.order_id })).total_count, 0);
    await refused(() => bss.send('PUT', '/v2/orders/customer-orders/cancel', { data: { order_id: r.order_id, action_id: 'cancel' } }), 400, 'CBC.99005010');
  });
});

describe('an AAD change order changes its instance', () => {
  test('paid at once (payment permission): the query by order id returns the AAD instance', async () => {
    const r = await aadUpgrade(bss, AAD.shop, { elastic_bandwidth: '30' });
    assert.equal((await details(bss, r.order_id)).order_info.status, 5);
    const q = await query(bss, { order_id: r.order_id });
    assert.equal(q.total_count, 1);
    const x = q.data[0];
    assert.deepEqual(
      [x.resource_id, x.resource_name, x.service_type_code, x.resource_type_code, x.resource_spec_code, x.region_code, x.project_id, x.is_main_resource, x.status],
      [AAD.shop, 'shop', 'hws.service.type.aad', 'hws.resource.type.aad', 'aad.website.north_china', 'cn-north-4', '', 1, 2],
    );
    assert.match(x.product_spec_desc, /elastic 30 Gbit\/s/);
    const d = await details(bss, r.order_id);
    assert.equal(d.total_count, 1);
    assert.equal(d.order_line_items[0].service_type_code, 'hws.service.type.aad');
  });

  test('without payment permission: nothing until someone pays, then the instance', async () => {
    const r = await aadUpgrade(nopay, AAD.nopay, { elastic_bandwidth: '30' });
    assert.equal((await details(nopay, r.order_id)).order_info.status, 6);
    assert.equal((await query(nopay, { order_id: r.order_id, only_main_resource: 1 })).total_count, 0);
    assert.equal((await pay(nopay, r.order_id)).httpStatusCode, 204);
    const q = await query(nopay, { order_id: r.order_id, only_main_resource: 1 });
    assert.deepEqual(q.data.map((x: any) => x.resource_id), [AAD.nopay]);
  });

  test("another account's order id selects nothing", async () => {
    const r = await aadUpgrade(bss, AAD.shop, { elastic_bandwidth: '30' });
    assert.equal((await query(nopay, { order_id: r.order_id })).total_count, 0);
    await refused(() => details(nopay, r.order_id), 400, 'CBC.0100');
  });
});

describe("the customer's yearly/monthly resources", () => {
  test('without an order id: every prepaid server and every AAD instance, paged', async () => {
    const all = await query(bss, { limit: 100 });
    assert.equal(all.total_count, 5);
    assert.deepEqual(all.data.map((x: any) => x.resource_id), [id(1), id(2), id(3), AAD.shop, AAD.ports]);
    const page = await query(bss, { offset: 1, limit: 2 });
    assert.deepEqual([page.total_count, page.data.map((x: any) => x.resource_id)], [5, [id(2), id(3)]]);
    // the default limit is 10, as documented
    assert.equal((await query(bss, {})).data.length, 5);
  });

  test('filters: resource_ids, status_list, service_type_code, expiry window', async () => {
    const byId = await query(bss, { resource_ids: [id(2), AAD.shop, id(4), id(9)] });
    assert.deepEqual(byId.data.map((x: any) => x.resource_id), [id(2), AAD.shop], 'a postpaid server and another account\'s are not listed');
    const frozen = await query(bss, { status_list: [4] });
    assert.deepEqual(frozen.data.map((x: any) => [x.resource_id, x.status, x.region_code]), [[AAD.ports, 4, 'ap-southeast-1']]);
    const aad = await query(bss, { service_type_code: 'hws.service.type.aad' });
    assert.deepEqual(aad.data.map((x: any) => x.resource_id), [AAD.shop, AAD.ports]);
    const soon = await query(bss, { expire_time_begin: inDays(0), expire_time_end: inDays(150) });
    assert.deepEqual(soon.data.map((x: any) => x.resource_id), [id(1), id(2)]);
    const nulls = await query(bss, { resource_ids: null, status_list: [], service_type_code: null, order_id: null });
    assert.equal(nulls.total_count, 5, 'null and empty filters filter nothing');
  });

  test('X-Language picks the names: en-us as golangsdk sends it, Chinese by default', async () => {
    const en = await query(bss, { resource_ids: [id(1)] }, { 'X-Language': 'en-us' });
    assert.deepEqual([en.data[0].service_type_name, en.data[0].resource_type_name], ['Elastic Cloud Server', 'Cloud Server']);
    const zh = await query(bss, { resource_ids: [id(1)] });
    assert.deepEqual([zh.data[0].service_type_name, zh.data[0].resource_type_name], ['弹性云服务器', '云主机']);
  });

  test('malformed queries are CBC.0100', async () => {
    for (const body of [
      { service_type_code: '' },
      { limit: 0 },
      { limit: 501 },
      { offset: -1 },
      { only_main_resource: 2 },
      { status_list: [9] },
      { status_list: ['2'] },
      { resource_ids: Array.from({ length: 51 }, (_, i) => `r${i}`) },
      { expire_time_begin: '2026-01-01 00:00:00' },
      { expire_time_begin: inDays(10), expire_time_end: inDays(1) },
      { order_id: 42 },
      { unknown: 1 },
    ]) {
      await refused(() => query(bss, body), 400, 'CBC.0100');
    }
  });
});

describe('ListServiceTypes (GET /v2/products/service-types), the Terraform start-up probe', () => {
  test('limit=1 answers 200 with the first service type and the total', async () => {
    const r = await bss.send('GET', '/v2/products/service-types', { queryParams: { limit: 1 } });
    assert.deepEqual(r, { total_count: 5, service_types: [{ service_type_name: '弹性云服务器', service_type_code: 'hws.service.type.ec2', abbreviation: 'ECS' }], httpStatusCode: 200 });
    const en = await bss.send('GET', '/v2/products/service-types', { queryParams: { offset: 4 }, headers: { 'X-Language': 'en_US' } });
    assert.deepEqual(en.service_types, [{ service_type_name: 'Advanced Anti-DDoS', service_type_code: 'hws.service.type.aad', abbreviation: 'AAD' }]);
    await refused(() => bss.send('GET', '/v2/products/service-types', { queryParams: { limit: 0 } }), 400, 'CBC.0100');
  });
});
