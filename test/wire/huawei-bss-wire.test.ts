// Golden replies of Huawei BSS: order details (CustomerOrderV3 + OrderLineItemEntityV2), the
// yearly/monthly resources query (OrderInstanceV2), the service type dictionary, cancel's empty 204 and
// the error envelope, whole bodies pinned against the demo world on a manual clock.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startLiveServer, type LiveServer } from '../helpers/live-server.js';
import { signedSend } from '../helpers/raw-huawei.js';
import { DEMO } from '../helpers/demo.js';

const DAY = 24 * 3600 * 1000;
const DOMAIN = '5d2f1c6a9b8e4f7a8c3d2e1f0a9b8c7d';
const WEB = 'aadd0001-0000-4a5b-8c6d-000000000001';
const iso = (t: number) => new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z');
const noDeductions = { discounts: [], flexipurchase_coupon_amount: 0, coupon_amount: 0, stored_card_amount: 0, commission_amount: 0, consumed_amount: 0 };

let live: LiveServer;
let now: number;
before(async () => {
  live = await startLiveServer({ timing: 'manual' });
});
after(() => live.close());
beforeEach(async () => {
  await live.control('world/reset', {});
  // the manual clock stands still: the world was loaded, and every order below is placed, at this instant
  now = (await live.control('clock')).epoch_ms;
});

const ecs = (method: string, path: string, body = '') => signedSend(live.endpoint, DEMO, method, path, body);
const bss = (method: string, path: string, body?: unknown, extraHeaders?: Record<string, string>) =>
  signedSend(live.endpoint, { ak: DEMO.ak, sk: DEMO.sk }, method, path, body === undefined ? '' : JSON.stringify(body), extraHeaders ? { extraHeaders } : {});

async function resizeDb01(): Promise<string> {
  const r = await ecs('POST', `/v1.1/${DEMO.project}/cloudservers/${DEMO.servers.db01}/resize`, JSON.stringify({ resize: { flavorRef: 'm7.xlarge.8' } }));
  assert.equal(r.status, 200);
  return r.json.order_id;
}

describe('GET /v2/orders/customer-orders/details/{order_id}', () => {
  test('a yearly/monthly resize: order_info and one line item, exactly as the SDK models have them', async () => {
    const orderId = await resizeDb01();
    const r = await bss('GET', `/v2/orders/customer-orders/details/${orderId}`);
    assert.equal(r.status, 200);
    // db-01 expires 30 days after the load: one month of m7.xlarge.8 (126.28) minus m7.large.8 (63.14)
    assert.deepEqual(r.json, {
      total_count: 1,
      order_info: {
        order_id: orderId,
        customer_id: DOMAIN,
        service_type_code: 'hws.service.type.ec2',
        service_type_name: '弹性云服务器',
        source_type: 1,
        status: 6,
        order_type: 3,
        amount_after_discount: 63.14,
        official_amount: 63.14,
        measure_id: 1,
        create_time: iso(now),
        payment_time: null,
        currency: 'USD',
        contract_id: null,
        amount_info: noDeductions,
        user_name: 'demo',
      },
      order_line_items: [
        {
          order_line_item_id: `${orderId}-000001`,
          service_type_code: 'hws.service.type.ec2',
          service_type_name: '弹性云服务器',
          product_id: '00301-m7.xlarge.8',
          product_spec_desc: 'm7.xlarge.8 | 4 vCPUs | 32 GiB | Linux',
          period_type: 2,
          period_num: 1,
          effective_time: iso(now),
          expire_time: iso(now + 30 * DAY),
          subscription_num: 1,
          amount_after_discount: 63.14,
          official_amount: 63.14,
          amount_info: noDeductions,
          currency: 'USD',
          product_owner_service: 'hws.service.type.ec2',
          commercial_resource: 'hws.resource.type.vm',
          order_id: orderId,
        },
      ],
    });
  });

  test('an AAD change, paid at once: status 5, a payment time, one line for the instance', async () => {
    const put = await bss('PUT', '/v2/aad/instance', { instance_id: WEB, upgrade_data: { elastic_bandwidth: '30' } });
    const orderId = put.json.order_id;
    const r = await bss('GET', `/v2/orders/customer-orders/details/${orderId}`, undefined, { 'x-language': 'en-us' });
    assert.deepEqual(r.json.order_info, {
      order_id: orderId,
      customer_id: DOMAIN,
      service_type_code: 'hws.service.type.aad',
      service_type_name: 'Advanced Anti-DDoS',
      source_type: 1,
      status: 5,
      order_type: 3,
      amount_after_discount: 150,
      official_amount: 150,
      measure_id: 1,
      create_time: iso(now),
      payment_time: iso(now),
      currency: 'USD',
      contract_id: null,
      amount_info: noDeductions,
      user_name: 'demo',
    });
    assert.deepEqual(r.json.order_line_items, [
      {
        order_line_item_id: `${orderId}-000001`,
        service_type_code: 'hws.service.type.aad',
        service_type_name: 'Advanced Anti-DDoS',
        product_id: 'OFFI40c48e14e2e34651b8960b4d',
        product_spec_desc: 'north_china | website | 50 domains | 3000 QPS | basic 10 Gbit/s | elastic 30 Gbit/s | service 100 Mbit/s',
        period_type: 2,
        period_num: 10,
        effective_time: iso(now),
        expire_time: iso(now + 300 * DAY),
        subscription_num: 1,
        amount_after_discount: 150,
        official_amount: 150,
        amount_info: noDeductions,
        currency: 'USD',
        product_owner_service: 'hws.service.type.aad',
        commercial_resource: 'hws.resource.type.aad',
        order_id: orderId,
      },
    ]);
  });
});

describe('POST /v2/orders/suscriptions/resources/query', () => {
  test("the resized server once its order is paid: OrderInstanceV2, with the server's own creation time and project", async () => {
    const orderId = await resizeDb01();
    assert.deepEqual((await bss('POST', '/v2/orders/suscriptions/resources/query', { order_id: orderId })).json, { total_count: 0, data: [] });
    const paid = await bss('POST', '/v3/orders/customer-orders/pay', { order_id: orderId, use_coupon: 'NO', use_discount: 'NO' });
    assert.deepEqual([paid.status, paid.text], [204, '']);
    const created = (await ecs('GET', `/v1/${DEMO.project}/cloudservers/${DEMO.servers.db01}`)).json.server.created;
    const r = await bss('POST', '/v2/orders/suscriptions/resources/query', { order_id: orderId, only_main_resource: 1 }, { 'x-language': 'en-us' });
    assert.equal(r.status, 200);
    assert.deepEqual(r.json, {
      total_count: 1,
      data: [
        {
          id: r.json.data[0].id,
          resource_id: DEMO.servers.db01,
          resource_name: 'db-01',
          region_code: 'cn-north-4',
          service_type_code: 'hws.service.type.ec2',
          service_type_name: 'Elastic Cloud Server',
          resource_type_code: 'hws.resource.type.vm',
          resource_type_name: 'Cloud Server',
          // the resize job has not run on the manual clock: the server is still what it was
          resource_spec_code: 'm7.large.8.linux',
          project_id: DEMO.project,
          product_id: '00301-m7.large.8',
          parent_resource_id: '',
          is_main_resource: 1,
          status: 2,
          effective_time: created,
          expire_time: iso(now + 30 * DAY),
          expire_policy: 0,
          product_spec_desc: 'm7.large.8 | 2 vCPUs | 16 GiB | Linux',
          update_time: iso(now),
          enterprise_project: { id: '0', name: 'default' },
        },
      ],
    });
    assert.match(r.json.data[0].id, /^[0-9a-f]{32}$/);
  });

  test("every yearly/monthly resource of the demo account: db-01 and the five AAD instances, each in its state", async () => {
    const r = await bss('POST', '/v2/orders/suscriptions/resources/query', { limit: 50 });
    assert.deepEqual(
      r.json.data.map((x: any) => [x.resource_id, x.service_type_code, x.resource_spec_code, x.status, x.region_code, x.project_id]),
      [
        [DEMO.servers.db01, 'hws.service.type.ec2', 'm7.large.8.linux', 2, 'cn-north-4', DEMO.project],
        [WEB, 'hws.service.type.aad', 'aad.website.north_china', 2, 'cn-north-4', ''],
        ['aadd0002-0000-4a5b-8c6d-000000000002', 'hws.service.type.aad', 'aad.ip.east_china', 2, 'cn-north-4', ''],
        ['aadd0003-0000-4a5b-8c6d-000000000003', 'hws.service.type.aad', 'aad.website.east_china', 2, 'cn-north-4', ''],
        ['aadd0004-0000-4a5b-8c6d-000000000004', 'hws.service.type.aad', 'aad.website.north_china', 5, 'cn-north-4', ''],
        ['aadd0005-0000-4a5b-8c6d-000000000005', 'hws.service.type.aad', 'aad.website.north_china', 4, 'cn-north-4', ''],
      ],
    );
    assert.equal(r.json.total_count, 6);
  });
});

describe('the rest', () => {
  test('GET /v2/products/service-types: the whole dictionary', async () => {
    const r = await bss('GET', '/v2/products/service-types', undefined, { 'x-language': 'en-us' });
    assert.deepEqual(r.json, {
      total_count: 5,
      service_types: [
        { service_type_name: 'Elastic Cloud Server', service_type_code: 'hws.service.type.ec2', abbreviation: 'ECS' },
        { service_type_name: 'Elastic Volume Service', service_type_code: 'hws.service.type.ebs', abbreviation: 'EVS' },
        { service_type_name: 'Image Management Service', service_type_code: 'hws.service.type.ims', abbreviation: 'IMS' },
        { service_type_name: 'Virtual Private Cloud', service_type_code: 'hws.service.type.vpc', abbreviation: 'VPC' },
        { service_type_name: 'Advanced Anti-DDoS', service_type_code: 'hws.service.type.aad', abbreviation: 'AAD' },
      ],
    });
  });

  test('PUT /v2/orders/customer-orders/cancel: 204 with an empty body; a settled order is CBC.99005010', async () => {
    const orderId = await resizeDb01();
    const r = await bss('PUT', '/v2/orders/customer-orders/cancel', { order_id: orderId });
    assert.deepEqual([r.status, r.text], [204, '']);
    const again = await bss('PUT', '/v2/orders/customer-orders/cancel', { order_id: orderId });
    assert.deepEqual([again.status, again.json], [400, { error_code: 'CBC.99005010', error_msg: `The order ${orderId} is already cancelled and cannot be cancelled.`, request_id: again.headers['x-request-id'] }]);
  });

  test('a malformed query: 400 CBC.0100 in the flat envelope, nothing else said', async () => {
    const r = await bss('POST', '/v2/orders/suscriptions/resources/query', { service_type_code: '' });
    assert.deepEqual([r.status, r.json], [400, { error_code: 'CBC.0100', error_msg: 'Parameter error: service_type_code must not be empty', request_id: r.headers['x-request-id'] }]);
    const spelled = await bss('POST', '/v2/orders/subscriptions/resources/query', {});
    assert.equal(spelled.status, 404, 'the correct spelling is no real path');
    assert.equal(spelled.json.error_code, 'APIGW.0101');
  });
});
