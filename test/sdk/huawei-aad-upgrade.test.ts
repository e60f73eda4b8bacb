// Huawei AAD "Modify Instance Specifications" (seed 003) through the official core SDK, unmodified:
// GlobalCredentials, its SDK-HMAC-SHA256 signer and X-Domain-Id, sending request definitions copied
// from the generated AadClient (no AAD package exists for Node). Each rule's test names its source.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { startLiveServer, type LiveServer } from '../helpers/live-server.js';
import { attempt, coreSdk, quiet } from '../helpers/huawei-sdk.js';

const require = createRequire(import.meta.url);
const { ClientBuilder } = require('@huaweicloud/huaweicloud-sdk-core/ClientBuilder') as any;
const { Region } = require('@huaweicloud/huaweicloud-sdk-core/region/region') as any;

const SHIELD = { domain: '1a2b3c4d5e6f40718293a4b5c6d7e801', ak: 'AADSHIELDAK000000001', sk: 'aadShieldSecretKey000000000000000000001' };
const NOPAY = { domain: '1a2b3c4d5e6f40718293a4b5c6d7e802', ak: 'AADNOPAYAK0000000001', sk: 'aadNoPaySecretKey0000000000000000000001' };
const THRIFTY = { domain: '1a2b3c4d5e6f40718293a4b5c6d7e803', ak: 'AADTHRIFTYAK00000001', sk: 'aadThriftySecretKey00000000000000000001' };
const OTHER = { domain: '1a2b3c4d5e6f40718293a4b5c6d7e804', ak: 'AADOTHERAK0000000001', sk: 'aadOtherSecretKey0000000000000000000001' };

const ID = {
  web: 'aad00001-0000-4a5b-8c6d-000000000001', // north_china website 10/20, QPS 3000
  ip: 'aad00002-0000-4a5b-8c6d-000000000002', // east_china IP access 20/60, ports 100, elastic service 3/100
  noQps: 'aad00003-0000-4a5b-8c6d-000000000003', // website, QPS never enabled
  expired: 'aad00004-0000-4a5b-8c6d-000000000004',
  frozen: 'aad00005-0000-4a5b-8c6d-000000000005',
  ap: 'aad00006-0000-4a5b-8c6d-000000000006', // asia_pacific website
  flat: 'aad00007-0000-4a5b-8c6d-000000000007', // 10/10, for the Terraform up-and-down sequence
  nopay: 'aad00008-0000-4a5b-8c6d-000000000008',
  nopayBig: 'aad00009-0000-4a5b-8c6d-000000000009', // 30/30, room to go down
  thrifty: 'aad00010-0000-4a5b-8c6d-000000000010',
  thriftyBig: 'aad00011-0000-4a5b-8c6d-000000000011', // 100/100, room to go down
  others: 'aad00012-0000-4a5b-8c6d-000000000012',
};

const account = (name: string, a: typeof SHIELD, balance: string, canPay = true) => ({
  id: a.domain,
  name,
  balance,
  can_pay: canPay,
  access_keys: [{ ak: a.ak, sk: a.sk }],
});

const WORLD = {
  accounts: [account('shield', SHIELD, '100000.00'), account('nopay', NOPAY, '100000.00', false), account('thrifty', THRIFTY, '100.00'), account('other', OTHER, '100000.00')],
  aad: {
    instances: [
      { id: ID.web, name: 'web', account: 'shield', basic_bandwidth: 10, elastic_bandwidth: 20, service_bandwidth: 100, bind_domain_num: 50, basic_qps: 3000, expires_in_days: 300, ips: [{ ip: '198.51.100.1' }] },
      { id: ID.ip, name: 'ip', account: 'shield', region: 'east_china', access_type: 'ip', basic_bandwidth: 20, elastic_bandwidth: 60, service_bandwidth: 200, port_num: 100, elastic_service_bandwidth_type: 3, elastic_service_bandwidth: 100, expires_in_days: 300 },
      { id: ID.noQps, name: 'no-qps', account: 'shield', expires_in_days: 300 },
      { id: ID.expired, name: 'expired', account: 'shield', status: 'expired', basic_qps: 3000 },
      { id: ID.frozen, name: 'frozen', account: 'shield', status: 'frozen', basic_qps: 3000, expires_in_days: 300 },
      { id: ID.ap, name: 'ap', account: 'shield', region: 'asia_pacific', bind_domain_num: 10, basic_qps: 1000, expires_in_days: 300 },
      { id: ID.flat, name: 'flat', account: 'shield', basic_bandwidth: 10, elastic_bandwidth: 10, expires_in_days: 300 },
      { id: ID.nopay, name: 'nopay', account: 'nopay', basic_bandwidth: 10, elastic_bandwidth: 20, expires_in_days: 300 },
      { id: ID.nopayBig, name: 'nopay-big', account: 'nopay', basic_bandwidth: 30, elastic_bandwidth: 30, expires_in_days: 300 },
      { id: ID.thrifty, name: 'thrifty', account: 'thrifty', basic_bandwidth: 10, elastic_bandwidth: 20, expires_in_days: 300 },
      { id: ID.thriftyBig, name: 'thrifty-big', account: 'thrifty', basic_bandwidth: 100, elastic_bandwidth: 100, expires_in_days: 300 },
      { id: ID.others, name: 'others', account: 'other', expires_in_days: 300 },
    ],
  },
};

/** The request definitions of the generated AadClient (services/aad/v2/AadClient.ts), sent through the core HcClient. */
class AadClient {
  constructor(private readonly hc: any) {}

  private send(method: string, url: string, opts: { data?: unknown; pathParams?: Record<string, string>; queryParams?: Record<string, unknown> } = {}): Promise<any> {
    return this.hc.sendRequest({
      method,
      url,
      contentType: 'application/json',
      queryParams: opts.queryParams ?? {},
      pathParams: opts.pathParams ?? {},
      headers: { 'Content-Type': 'application/json' },
      data: opts.data ?? {},
      responseHeaders: [''],
    });
  }

  upgradeInstanceSpec(body: unknown) {
    return this.send('PUT', '/v2/aad/instance', { data: body });
  }
  showInstanceByInstanceId(instanceId: string) {
    return this.send('GET', '/v2/aad/instances/{instance_id}', { pathParams: { instance_id: instanceId } });
  }
  /** the v1 client's ListInstance */
  listInstance() {
    return this.send('GET', '/v1/aad/instances');
  }
  /** BSS, for the orders these calls create */
  showCustomerOrderDetails(orderId: string) {
    return this.send('GET', '/v2/orders/customer-orders/details/{order_id}', { pathParams: { order_id: orderId } });
  }
  payOrders(orderId: string) {
    return this.send('POST', '/v3/orders/customer-orders/pay', { data: { order_id: orderId, use_coupon: 'NO', use_discount: 'NO' } });
  }
  cancelCustomerOrder(orderId: string) {
    return this.send('PUT', '/v2/orders/customer-orders/cancel', { data: { order_id: orderId, action_id: 'cancel' } });
  }
}

let live: LiveServer;
let shield: AadClient;

function aadClient(who: { ak: string; sk: string; domain?: string }, opts: { viaRegion?: boolean } = {}): AadClient {
  const credentials = new coreSdk.GlobalCredentials().withAk(who.ak).withSk(who.sk);
  if (who.domain) credentials.withDomainId(who.domain);
  const builder = new ClientBuilder((hc: any) => new AadClient(hc), 'GlobalCredentials').withCredential(credentials).withOptions(quiet);
  if (opts.viaRegion) {
    // as AadRegion.valueOf("cn-north-4") does, with IAM on the emulator: the SDK looks the domain id up itself
    credentials.withIamEndpoint(live.endpoint);
    builder.withRegion(new Region('cn-north-4', [live.endpoint]));
  } else {
    builder.withEndpoint(live.endpoint);
  }
  return builder.build();
}

before(async () => {
  live = await startLiveServer({ timing: 'instant', world: WORLD });
  shield = aadClient(SHIELD);
});
after(() => live.close());
beforeEach(() => live.control('world/reset', {}));

const upgrade = (c: AadClient, instanceId: string, upgradeData: Record<string, unknown>) => c.upgradeInstanceSpec({ instance_id: instanceId, upgrade_data: upgradeData });
const specOf = async (c: AadClient, id: string) => (await c.showInstanceByInstanceId(id)).product_spec_data;

async function refused(call: () => Promise<unknown>, status: number, code: string): Promise<any> {
  const r = await attempt(call);
  assert.equal(r.ok, false, `expected ${code}, got success`);
  const e = (r as { error: any }).error;
  assert.equal(e.httpStatusCode, status, `status for ${code}: ${JSON.stringify(e)}`);
  assert.equal(e.errorCode, code);
  assert.match(String(e.requestId), /^[0-9a-f]{32}$/);
  return e;
}

async function orderOf(id: string): Promise<any> {
  const { orders } = await live.control('orders');
  return orders.find((o: any) => o.id === id);
}

async function balanceCents(domain: string): Promise<number> {
  return (await live.server.ctx.store.reads.getAccount(domain))!.balanceCents;
}

const ORDER_ID = /^CS\d{10}[A-Z0-9]{5}$/;

describe('an accepted change (seed 003, account with payment permission)', () => {
  test('is paid at once from the balance; the new specs are read back as integers', async () => {
    const r = await upgrade(shield, ID.web, { elastic_bandwidth: '30' });
    assert.equal(r.httpStatusCode, 200);
    assert.match(r.order_id, ORDER_ID);
    const spec = await specOf(shield, ID.web);
    assert.equal(spec.elastic_bandwidth, 30);
    assert.equal(spec.basic_bandwidth, 10);
    const order = await orderOf(r.order_id);
    assert.equal(order.kind, 'aad_upgrade');
    assert.equal(order.status, 'completed');
    // elastic 20 -> 30 Gbit/s: (50 - 35) USD a month for the 10 months left (data/aad-prices.json)
    assert.equal(order.amountCents, 15_000);
    assert.equal(await balanceCents(SHIELD.domain), 10_000_000 - 15_000);
  });

  test('every field of UpgradeInstanceData changes together', async () => {
    const r = await upgrade(shield, ID.web, {
      basic_bandwidth: '20',
      elastic_bandwidth: '30',
      service_bandwidth: 300,
      bind_domain_num: 60,
      elastic_service_bandwidth_type: 3,
      elastic_service_bandwidth: 200,
      basic_qps: 5000,
    });
    assert.match(r.order_id, ORDER_ID);
    const spec = await specOf(shield, ID.web);
    assert.deepEqual(
      [spec.basic_bandwidth, spec.elastic_bandwidth, spec.service_bandwidth, spec.bind_domain_num, spec.elastic_service_bandwidth_type, spec.elastic_service_bandwidth],
      [20, 30, 300, 60, 3, 200],
    );
    assert.equal((await orderOf(r.order_id)).detail.spec_after.basicQps, 5000);
  });

  test('ports change on an IP-access instance', async () => {
    await upgrade(shield, ID.ip, { port_num: 150 });
    assert.equal((await specOf(shield, ID.ip)).port_num, 150);
  });

  test('a downgrade is accepted and refunds the difference (the Terraform acceptance steps: {}, 10/10, 20/20, back to 10/10)', async () => {
    const steps = [{}, { basic_bandwidth: '10', elastic_bandwidth: '10' }, { basic_bandwidth: '20', elastic_bandwidth: '20' }, { basic_bandwidth: '10', elastic_bandwidth: '10' }];
    const replies = [];
    for (const data of steps) replies.push(await upgrade(shield, ID.flat, data));
    assert.deepEqual(replies.map((r) => r.order_id === undefined), [true, true, false, false]);
    const spec = await specOf(shield, ID.flat);
    assert.deepEqual([spec.basic_bandwidth, spec.elastic_bandwidth], [10, 10]);
    const [up, down] = [await orderOf(replies[2].order_id), await orderOf(replies[3].order_id)];
    // (180 + 35) - (100 + 20) USD a month, 10 months left
    assert.equal(up.amountCents, 95_000);
    assert.equal(down.amountCents, -95_000);
    assert.equal(down.status, 'completed');
    assert.equal(await balanceCents(SHIELD.domain), 10_000_000);
  });

  test('an empty upgrade_data, or one that changes nothing, bills nothing: 200 without order_id', async () => {
    for (const data of [{}, { basic_bandwidth: '10', elastic_bandwidth: '20' }]) {
      const r = await upgrade(shield, ID.web, data);
      assert.equal(r.httpStatusCode, 200);
      assert.equal(r.order_id, undefined);
    }
    assert.deepEqual((await live.control('orders')).orders, []);
  });

  test('the order is visible to the billing API as completed (BSS status 5)', async () => {
    const r = await upgrade(shield, ID.web, { service_bandwidth: 200 });
    const detail = await shield.showCustomerOrderDetails(r.order_id);
    assert.equal(detail.order_info.status, 5);
    assert.equal(detail.order_info.order_id, r.order_id);
  });
});

describe('an account without payment permission (seed 003)', () => {
  test('gets an order that is created but not paid; the specs stay as they were', async () => {
    const nopay = aadClient(NOPAY);
    const r = await upgrade(nopay, ID.nopay, { elastic_bandwidth: '30' });
    assert.match(r.order_id, ORDER_ID);
    assert.equal((await specOf(nopay, ID.nopay)).elastic_bandwidth, 20);
    assert.equal((await orderOf(r.order_id)).status, 'pending_payment');
    assert.equal((await nopay.showCustomerOrderDetails(r.order_id)).order_info.status, 6);
    assert.equal(await balanceCents(NOPAY.domain), 10_000_000);
  });

  test('the order, paid later through the billing API, applies the new specs', async () => {
    const nopay = aadClient(NOPAY);
    const r = await upgrade(nopay, ID.nopay, { elastic_bandwidth: '30' });
    const paid = await nopay.payOrders(r.order_id);
    assert.equal(paid.httpStatusCode, 204);
    assert.equal((await specOf(nopay, ID.nopay)).elastic_bandwidth, 30);
    assert.equal((await nopay.showCustomerOrderDetails(r.order_id)).order_info.status, 5);
    assert.ok((await balanceCents(NOPAY.domain)) < 10_000_000);
  });

  test('cannot stack a second change while the first is unpaid, and may change again once it is cancelled', async () => {
    const nopay = aadClient(NOPAY);
    const first = await upgrade(nopay, ID.nopay, { elastic_bandwidth: '30' });
    await refused(() => upgrade(nopay, ID.nopay, { elastic_bandwidth: '60' }), 400, 'AAD.10010008');
    await nopay.cancelCustomerOrder(first.order_id);
    const second = await upgrade(nopay, ID.nopay, { elastic_bandwidth: '60' });
    assert.equal((await orderOf(second.order_id)).status, 'pending_payment');
  });

  test('a downgrade needs no payment: the refund settles at once', async () => {
    const nopay = aadClient(NOPAY);
    const r = await upgrade(nopay, ID.nopayBig, { basic_bandwidth: '20', elastic_bandwidth: '20' });
    assert.equal((await orderOf(r.order_id)).status, 'completed');
    assert.equal((await specOf(nopay, ID.nopayBig)).basic_bandwidth, 20);
    assert.ok((await balanceCents(NOPAY.domain)) > 10_000_000);
  });
});

describe('an order the balance does not cover', () => {
  test('waits unpaid; paid through the billing API later, the new specs apply then', async () => {
    const thrifty = aadClient(THRIFTY);
    // basic 10 -> 20 costs 800 USD; the balance is 100 USD
    const r = await upgrade(thrifty, ID.thrifty, { basic_bandwidth: '20' });
    assert.equal((await orderOf(r.order_id)).status, 'pending_payment');
    assert.equal((await specOf(thrifty, ID.thrifty)).basic_bandwidth, 10);
    // a downgrade elsewhere refunds enough to cover it
    await upgrade(thrifty, ID.thriftyBig, { basic_bandwidth: '60', elastic_bandwidth: '60' });
    const paid = await thrifty.payOrders(r.order_id);
    assert.equal(paid.httpStatusCode, 204);
    assert.equal((await specOf(thrifty, ID.thrifty)).basic_bandwidth, 20);
    assert.equal((await thrifty.showCustomerOrderDetails(r.order_id)).order_info.status, 5);
  });
});

describe('credentials (GlobalCredentials, reference section 1)', () => {
  test('without a domain id the SDK sends no X-Domain-Id, and the AK alone names the account', async () => {
    const r = await upgrade(aadClient({ ak: SHIELD.ak, sk: SHIELD.sk }), ID.web, { service_bandwidth: 200 });
    assert.match(r.order_id, ORDER_ID);
  });

  test('given a region, the SDK looks the domain id up through IAM GET /v3/auth/domains and signs X-Domain-Id', async () => {
    const viaRegion = aadClient({ ak: SHIELD.ak, sk: SHIELD.sk }, { viaRegion: true });
    const r = await upgrade(viaRegion, ID.web, { service_bandwidth: 200 });
    assert.match(r.order_id, ORDER_ID);
    assert.equal((await specOf(viaRegion, ID.web)).service_bandwidth, 200);
  });

  test("another account's domain id in X-Domain-Id is refused by the gateway", async () => {
    await refused(() => upgrade(aadClient({ ...SHIELD, domain: OTHER.domain }), ID.web, {}), 401, 'APIGW.0301');
  });

  test('a wrong secret key is refused by the gateway', async () => {
    await refused(() => upgrade(aadClient({ ...SHIELD, sk: 'not-the-secret-key-000000000000000000000' }), ID.web, {}), 401, 'APIGW.0301');
  });
});

describe('request validation: malformed requests are Anti-DDoS.10000001', () => {
  const cases: [string, Record<string, unknown>][] = [
    ['basic_bandwidth as a fractional number', { instance_id: ID.web, upgrade_data: { basic_bandwidth: 20.5 } }],
    ['elastic_bandwidth with a fraction', { instance_id: ID.web, upgrade_data: { elastic_bandwidth: '20.5' } }],
    ['elastic_bandwidth with a unit', { instance_id: ID.web, upgrade_data: { elastic_bandwidth: '30G' } }],
    ['service_bandwidth as a string (it is an integer)', { instance_id: ID.web, upgrade_data: { service_bandwidth: '200' } }],
    ['port_num as a fraction', { instance_id: ID.ip, upgrade_data: { port_num: 60.5 } }],
    ['basic_qps as a boolean', { instance_id: ID.web, upgrade_data: { basic_qps: true } }],
    ['an unknown field in upgrade_data', { instance_id: ID.web, upgrade_data: { protected_domain: 60 } }],
    ['an unknown top-level field', { instance_id: ID.web, upgrade_data: {}, dry_run: true }],
    ['no instance_id', { upgrade_data: {} }],
    ['no upgrade_data', { instance_id: ID.web }],
    ['upgrade_data as an array', { instance_id: ID.web, upgrade_data: [] }],
    ['instance_id as a number', { instance_id: 7, upgrade_data: {} }],
  ];
  for (const [what, body] of cases) {
    test(what, async () => {
      await refused(() => shield.upgradeInstanceSpec(body), 400, 'Anti-DDoS.10000001');
    });
  }
});

describe('spec rules (reference section 6)', () => {
  test('protection bandwidths must be tiers on sale', async () => {
    await refused(() => upgrade(shield, ID.web, { basic_bandwidth: '15' }), 400, 'AAD.10010001');
    await refused(() => upgrade(shield, ID.web, { elastic_bandwidth: '1000' }), 400, 'AAD.10010001');
  });

  test('elastic bandwidth is the ceiling: never below basic, whether basic rises alone or both are given', async () => {
    await refused(() => upgrade(shield, ID.web, { basic_bandwidth: '30' }), 400, 'AAD.10010003');
    await refused(() => upgrade(shield, ID.web, { basic_bandwidth: '30', elastic_bandwidth: '20' }), 400, 'AAD.10010003');
    await upgrade(shield, ID.web, { basic_bandwidth: '30', elastic_bandwidth: '30' });
  });

  test('service bandwidth is at most 5000 Mbit/s (and at least 100)', async () => {
    await refused(() => upgrade(shield, ID.web, { service_bandwidth: 5001 }), 400, 'AAD.10010001');
    await refused(() => upgrade(shield, ID.web, { service_bandwidth: 50 }), 400, 'AAD.10010001');
    await upgrade(shield, ID.web, { service_bandwidth: 5000 });
    assert.equal((await specOf(shield, ID.web)).service_bandwidth, 5000);
  });

  test('ports belong to IP-access instances: 50 to 500', async () => {
    await refused(() => upgrade(shield, ID.web, { port_num: 100 }), 400, 'AAD.10010002');
    await refused(() => upgrade(shield, ID.ip, { port_num: 40 }), 400, 'AAD.10010001');
    await refused(() => upgrade(shield, ID.ip, { port_num: 501 }), 400, 'AAD.10010001');
  });

  test('domain names belong to website instances: 50 to 500 in steps of 5 (10 to 200 in asia_pacific)', async () => {
    await refused(() => upgrade(shield, ID.ip, { bind_domain_num: 60 }), 400, 'AAD.10010002');
    await refused(() => upgrade(shield, ID.web, { bind_domain_num: 52 }), 400, 'AAD.10010001');
    await refused(() => upgrade(shield, ID.web, { bind_domain_num: 505 }), 400, 'AAD.10010001');
    await refused(() => upgrade(shield, ID.ap, { bind_domain_num: 205 }), 400, 'AAD.10010001');
    await upgrade(shield, ID.ap, { bind_domain_num: 20 });
  });

  test('elastic_service_bandwidth_type is 0 or 3', async () => {
    await refused(() => upgrade(shield, ID.web, { elastic_service_bandwidth_type: 2 }), 400, 'AAD.10010001');
    await refused(() => upgrade(shield, ID.web, { elastic_service_bandwidth_type: 1 }), 400, 'AAD.10010001');
  });

  test('an elastic service bandwidth needs the billing type switched on; switching it off releases it', async () => {
    await refused(() => upgrade(shield, ID.web, { elastic_service_bandwidth: 100 }), 400, 'AAD.10010004');
    await refused(() => upgrade(shield, ID.ip, { elastic_service_bandwidth_type: 0, elastic_service_bandwidth: 50 }), 400, 'AAD.10010004');
    await upgrade(shield, ID.ip, { elastic_service_bandwidth_type: 0 });
    const spec = await specOf(shield, ID.ip);
    assert.deepEqual([spec.elastic_service_bandwidth_type, spec.elastic_service_bandwidth], [0, 0]);
  });

  test('basic_qps only once QPS was enabled (seed 003), for website instances, 3000 to 100000 (1000 in asia_pacific)', async () => {
    await refused(() => upgrade(shield, ID.noQps, { basic_qps: 5000 }), 400, 'AAD.10010005');
    await refused(() => upgrade(shield, ID.ip, { basic_qps: 5000 }), 400, 'AAD.10010002');
    await refused(() => upgrade(shield, ID.web, { basic_qps: 2000 }), 400, 'AAD.10010001');
    await refused(() => upgrade(shield, ID.web, { basic_qps: 100001 }), 400, 'AAD.10010001');
    assert.match((await upgrade(shield, ID.ap, { basic_qps: 2000 })).order_id, ORDER_ID);
  });

  test('asia_pacific instances have no basic or elastic protection bandwidth to change', async () => {
    await refused(() => upgrade(shield, ID.ap, { basic_bandwidth: '10' }), 400, 'AAD.10010002');
    await refused(() => upgrade(shield, ID.ap, { elastic_bandwidth: '10' }), 400, 'AAD.10010002');
  });
});

describe('instances that cannot change', () => {
  test('an expired instance is refused, even for an empty change (user guide: no upgrade when expired)', async () => {
    await refused(() => upgrade(shield, ID.expired, { elastic_bandwidth: '30' }), 400, 'AAD.10010006');
    await refused(() => upgrade(shield, ID.expired, {}), 400, 'AAD.10010006');
  });

  test('a frozen instance is refused (user guide: no upgrade when frozen)', async () => {
    await refused(() => upgrade(shield, ID.frozen, { elastic_bandwidth: '30' }), 400, 'AAD.10010007');
  });

  test('an unknown instance, or another account\'s, is AAD.10010035', async () => {
    await refused(() => upgrade(shield, 'aad0ffff-0000-4a5b-8c6d-00000000ffff', {}), 400, 'AAD.10010035');
    await refused(() => upgrade(shield, ID.others, { elastic_bandwidth: '30' }), 400, 'AAD.10010035');
    await refused(() => shield.showInstanceByInstanceId(ID.others), 400, 'AAD.10010035');
  });

  test('a refused change records no order and changes nothing', async () => {
    await attempt(() => upgrade(shield, ID.web, { basic_bandwidth: '30' }));
    assert.deepEqual((await live.control('orders')).orders, []);
    assert.equal((await specOf(shield, ID.web)).basic_bandwidth, 10);
    assert.equal(await balanceCents(SHIELD.domain), 10_000_000);
  });
});

describe('reading back', () => {
  test('the v1 list carries the new protection bandwidths per IP', async () => {
    await upgrade(shield, ID.web, { basic_bandwidth: '20', elastic_bandwidth: '30' });
    const list = await shield.listInstance();
    const web = list.items.find((i: any) => i.instance_id === ID.web);
    assert.equal(list.count, 7);
    assert.deepEqual([web.ips[0].ip, web.ips[0].basic_bandwidth, web.ips[0].elastic_bandwidth], ['198.51.100.1', 20, 30]);
    assert.equal(web.service_bandwidth, 100);
    assert.equal(web.instance_status, 0);
  });
});
