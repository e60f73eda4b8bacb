// terraform-provider-huaweicloud's AAD flows, call by call as the provider makes them (HEAD a0345b8d):
// huaweicloud/services/aad/resource_huaweicloud_aad_instance.go (update), .../resource_huaweicloud_aad_change_specification.go
// (create), .../data_source_huaweicloud_aad_instance_domains.go, and huaweicloud/common/common.go's
// WaitOrderComplete / WaitOrderResourceComplete / WaitOrderAllResourceComplete. The provider talks
// through golangsdk, whose requests test/helpers/golangsdk-client.ts reproduces (headers, signature,
// Go's JSON); its StateChangeConf waits (5 s delay, 10 s polls, 20 not-found checks) run on a counted
// clock instead of sleeping.
//
// Provider settings replayed: region = "cn-north-4", access_key/secret_key, auth_url = "<specshift>/v3",
// endpoints = { aad = "<specshift>", bss = "<specshift>" } (flattenProviderEndpoints adds the trailing
// slash and derives bssv2 from bss), skip_check_website_type left false.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startLiveServer, type LiveServer } from '../helpers/live-server.js';
import { goMapJson, goRequest, waitForState, type GoCredentials } from '../helpers/golangsdk-client.js';
import type { RawReply } from '../helpers/raw-huawei.js';

const SHIELD = { domain: '4a2b3c4d5e6f40718293a4b5c6d7e801', ak: 'TFAADSHIELDAK0000001', sk: 'tfAadShieldSecret000000000000000000000001', project: '4a2b3c4d5e6f40718293a4b5c6d7e8a1' };
const NOPAY = { domain: '4a2b3c4d5e6f40718293a4b5c6d7e802', ak: 'TFAADNOPAYAK00000001', sk: 'tfAadNoPaySecret0000000000000000000000001', project: '4a2b3c4d5e6f40718293a4b5c6d7e8a2' };
const WEB = 'aade0001-0000-4a5b-8c6d-000000000001';
const FLAT = 'aade0002-0000-4a5b-8c6d-000000000002';
const NOPAY_WEB = 'aade0003-0000-4a5b-8c6d-000000000003';

const account = (name: string, a: typeof SHIELD, canPay: boolean) => ({ id: a.domain, name, balance: '100000.00', can_pay: canPay, access_keys: [{ ak: a.ak, sk: a.sk }], projects: [{ id: a.project, region: 'cn-north-4' }] });

const WORLD = {
  accounts: [account('shield', SHIELD, true), account('nopay', NOPAY, false)],
  huawei: { regions: [{ id: 'cn-north-4', name: 'CN North-Beijing4', zones: ['cn-north-4a'] }] },
  aad: {
    instances: [
      {
        id: WEB,
        name: 'tf-web',
        account: 'shield',
        basic_bandwidth: 10,
        elastic_bandwidth: 20,
        service_bandwidth: 100,
        bind_domain_num: 50,
        basic_qps: 3000,
        expires_in_days: 300,
        domains: [{ name: 'www.tf-web.example', real_servers: ['198.51.100.30'], protocols: ['HTTP', 'HTTPS'], cert_name: 'tf-web' }],
      },
      { id: FLAT, name: 'tf-flat', account: 'shield', basic_bandwidth: 10, elastic_bandwidth: 10, expires_in_days: 300 },
      { id: NOPAY_WEB, name: 'tf-nopay', account: 'nopay', basic_bandwidth: 10, elastic_bandwidth: 20, service_bandwidth: 100, bind_domain_num: 50, basic_qps: 3000, expires_in_days: 300 },
    ],
  },
};

let live: LiveServer;
before(async () => {
  live = await startLiveServer({ timing: 'instant', world: WORLD });
});
after(() => live.close());
beforeEach(() => live.control('world/reset', {}));

/** The provider, configured as above: its IAM, AAD and BSS clients. Every call is recorded for the assertions on order. */
class Provider {
  calls: string[] = [];
  creds: GoCredentials;

  constructor(private readonly who: typeof SHIELD) {
    this.creds = { ak: who.ak, sk: who.sk };
  }

  private async call(method: string, path: string, opts: { body?: string; moreHeaders?: Record<string, string> } = {}): Promise<RawReply> {
    this.calls.push(`${method} ${path.split('?')[0]}`);
    return goRequest(live.endpoint, this.creds, method, path, opts);
  }

  /** ConfigureContextFunc: the AK/SK project look-up (v3AKSKAuth, WithUserCatalog: no catalog call), then the website probe. */
  async configure(): Promise<void> {
    const projects = await this.call('GET', '/v3/projects?name=cn-north-4');
    assert.equal(projects.status, 200);
    // golangsdk takes projects[0].id; the project-level client then sends it as X-Project-Id
    this.creds = { ...this.creds, projectId: projects.json.projects[0].id };
    assert.equal(this.creds.projectId, this.who.project);
    // SetWebsiteType: only a 403 CBC.0150/CBC.0156 would switch BSS to the international endpoint
    const probe = await this.call('GET', '/v2/products/service-types?limit=1');
    assert.equal(probe.status, 200, JSON.stringify(probe.json));
  }

  /** resourceAadInstanceRead: a 400 AAD.10010035 would drop the resource from the state. */
  async readInstance(id: string): Promise<Record<string, unknown>> {
    const r = await this.call('GET', `/v2/aad/instances/${id}`, { moreHeaders: { 'Content-Type': 'application/json' } });
    assert.equal(r.status, 200, JSON.stringify(r.json));
    const b = r.json;
    const p = b.product_spec_data;
    // d.Set of the schema types: TypeInt for these, TypeString for the ids, TypeBool for the flag
    const state = {
      instance_name: b.instance_name,
      service_bandwidth: p.service_bandwidth,
      basic_bandwidth: p.basic_bandwidth,
      elastic_bandwidth: p.elastic_bandwidth,
      elastic_service_bandwidth_type: p.elastic_service_bandwidth_type,
      elastic_service_bandwidth: p.elastic_service_bandwidth,
      enterprise_project_id: b.enterprise_project_id,
      port_num: p.port_num,
      bind_domain_num: p.bind_domain_num,
      version: b.version,
      expire_time: b.expire_time,
      create_time: b.create_time,
      main_resource_type: p.main_resource_type,
      elastic_service_bw_update_enable: b.elastic_service_bw_update_enable,
    };
    for (const k of ['service_bandwidth', 'basic_bandwidth', 'elastic_bandwidth', 'elastic_service_bandwidth_type', 'elastic_service_bandwidth', 'port_num', 'bind_domain_num', 'expire_time', 'create_time']) {
      assert.ok(Number.isInteger(state[k as keyof typeof state]), `${k} is an integer for d.Set`);
    }
    assert.equal(typeof state.elastic_service_bw_update_enable, 'boolean');
    return state;
  }

  /** data "huaweicloud_aad_instance_domains" */
  async readDomains(id: string): Promise<any[]> {
    const r = await this.call('GET', `/v2/aad/instances/${id}/domains`, { moreHeaders: { 'Content-Type': 'application/json' } });
    assert.equal(r.status, 200, JSON.stringify(r.json));
    for (const d of r.json.domains) {
      for (const k of ['domain_id', 'domain_name', 'cname', 'domain_status', 'cert_name', 'real_servers']) assert.equal(typeof d[k], 'string', `${k} is a TypeString`);
      for (const k of ['cc_status', 'https_cert_status', 'real_server_type', 'waf_status']) assert.ok(Number.isInteger(d[k]), `${k} is a TypeInt`);
    }
    return r.json.domains;
  }

  /** PUT /v2/aad/instance; the order id when the change is billed. */
  async putSpec(body: Record<string, unknown>): Promise<string> {
    const r = await this.call('PUT', '/v2/aad/instance', { body: goMapJson(body), moreHeaders: { 'Content-Type': 'application/json' } });
    assert.equal(r.status, 200, JSON.stringify(r.json));
    return (r.json.order_id as string | undefined) ?? '';
  }

  /** common.WaitOrderComplete: orders.Get reads order_info.status only; 2, 3, 6 pending, 5 done. */
  waitOrderComplete(orderId: string, between?: (poll: number) => Promise<void>) {
    return waitForState({
      pending: ['2', '3', '6'],
      target: ['5'],
      delayS: 5,
      pollS: 10,
      timeoutS: 30 * 60,
      ...(between ? { between } : {}),
      refresh: async () => {
        const r = await this.call('GET', `/v2/orders/customer-orders/details/${orderId}`);
        if (r.status !== 200) throw new Error(`orders.Get: ${r.status} ${r.text}`);
        return [r.json, String(r.json.order_info.status)];
      },
    });
  }

  /** common.WaitOrderResourceComplete (only_main_resource 1) or WaitOrderAllResourceComplete (no flag; omitempty drops 0). */
  async waitOrderResource(orderId: string, onlyMain: boolean): Promise<string> {
    // resources.ListOpts, marshalled in field order, empty fields omitted
    const body = JSON.stringify(onlyMain ? { order_id: orderId, only_main_resource: 1 } : { order_id: orderId });
    const { result } = await waitForState({
      pending: ['PENDING'],
      target: ['DONE'],
      delayS: 5,
      pollS: 10,
      timeoutS: 30 * 60,
      refresh: async () => {
        const r = await this.call('POST', '/v2/orders/suscriptions/resources/query', { body, moreHeaders: { 'Content-Type': 'application/json', 'X-Language': 'en-us' } });
        if (r.status !== 200) throw new Error(`resources.List: ${r.status} ${r.text}`);
        return r.json.total_count < 1 ? [null, 'PENDING'] : [r.json.data[0], 'DONE'];
      },
    });
    return (result as { resource_id: string }).resource_id;
  }
}

/** The huaweicloud_aad_instance configuration of the website instance, as the user writes it. */
const webConfig = (over: Record<string, number> = {}) => ({
  instance_name: 'tf-web',
  service_bandwidth: 100,
  basic_bandwidth: 10,
  elastic_bandwidth: 20,
  basic_qps: 3000,
  protected_domain: 50,
  ...over,
});

/** buildUpdateInstanceBodyParams: every updatable field, ValueIgnoreEmpty dropping zeros, port_num from forwarding_rule, bind_domain_num from protected_domain. */
function updateBody(id: string, config: ReturnType<typeof webConfig>, state: Record<string, unknown>) {
  const upgrade: Record<string, unknown> = {
    basic_bandwidth: config.basic_bandwidth,
    elastic_bandwidth: config.elastic_bandwidth,
    service_bandwidth: config.service_bandwidth,
    bind_domain_num: config.protected_domain,
    // Optional+Computed, not in the configuration: the state's value, dropped when 0
    elastic_service_bandwidth_type: state.elastic_service_bandwidth_type,
    elastic_service_bandwidth: state.elastic_service_bandwidth,
    basic_qps: config.basic_qps,
  };
  for (const [k, v] of Object.entries(upgrade)) if (v === 0 || v === undefined || v === '') delete upgrade[k];
  return { instance_id: id, upgrade_data: upgrade };
}

/** What a plan compares: every configured argument the Read sets (basic_qps and protected_domain are never read back). */
function planDiff(config: ReturnType<typeof webConfig>, state: Record<string, unknown>): string[] {
  return (['instance_name', 'service_bandwidth', 'basic_bandwidth', 'elastic_bandwidth'] as const).filter((k) => config[k] !== state[k]).map((k) => `${k}: ${String(state[k])} -> ${String(config[k])}`);
}

describe('huaweicloud_aad_instance: update of bandwidths', () => {
  test('with payment permission: PUT, order 5 at the first poll, its resource at the first query, Read; a second plan is empty', async () => {
    const tf = new Provider(SHIELD);
    await tf.configure();
    // plan: refresh, then the diff
    const before = await tf.readInstance(WEB);
    const config = webConfig({ elastic_bandwidth: 30, service_bandwidth: 200 });
    assert.deepEqual(planDiff(config, before), ['service_bandwidth: 100 -> 200', 'elastic_bandwidth: 20 -> 30']);
    // apply
    const body = updateBody(WEB, config, before);
    assert.equal(goMapJson(body), `{"instance_id":"${WEB}","upgrade_data":{"basic_bandwidth":10,"basic_qps":3000,"bind_domain_num":50,"elastic_bandwidth":30,"service_bandwidth":200}}`);
    const orderId = await tf.putSpec(body);
    assert.match(orderId, /^CS\d{10}[A-Z0-9]{5}$/);
    const paid = await tf.waitOrderComplete(orderId);
    assert.deepEqual([paid.polls, paid.elapsedS], [1, 5]);
    assert.equal(await tf.waitOrderResource(orderId, true), WEB);
    const after = await tf.readInstance(WEB);
    assert.deepEqual(planDiff(config, after), [], 'the apply read back what it applied');
    // the next plan: refresh and compare, nothing to do
    assert.deepEqual(planDiff(config, await tf.readInstance(WEB)), []);
    assert.deepEqual(tf.calls, [
      'GET /v3/projects',
      'GET /v2/products/service-types',
      `GET /v2/aad/instances/${WEB}`,
      'PUT /v2/aad/instance',
      `GET /v2/orders/customer-orders/details/${orderId}`,
      'POST /v2/orders/suscriptions/resources/query',
      `GET /v2/aad/instances/${WEB}`,
      `GET /v2/aad/instances/${WEB}`,
    ]);
  });

  test('without payment permission: the order waits in 6 until it is paid through BSS, then 5, the resource, the new specs', async () => {
    const tf = new Provider(NOPAY);
    await tf.configure();
    const before = await tf.readInstance(NOPAY_WEB);
    const config = { ...webConfig({ elastic_bandwidth: 30 }), instance_name: 'tf-nopay' };
    const orderId = await tf.putSpec(updateBody(NOPAY_WEB, config, before));
    assert.ok(orderId);
    // while Terraform polls, someone with the payment permission pays the order (the console's pay, or BSS PayOrders)
    const paid = await tf.waitOrderComplete(orderId, async (poll) => {
      if (poll === 3) {
        const r = await goRequest(live.endpoint, { ak: NOPAY.ak, sk: NOPAY.sk }, 'POST', '/v3/orders/customer-orders/pay', { body: JSON.stringify({ order_id: orderId, use_coupon: 'NO', use_discount: 'NO' }) });
        assert.equal(r.status, 204);
      }
    });
    assert.deepEqual([paid.polls, paid.elapsedS], [4, 35], 'three polls saw 6, the fourth 5');
    assert.equal(await tf.waitOrderResource(orderId, true), NOPAY_WEB);
    const after = await tf.readInstance(NOPAY_WEB);
    assert.equal(after.elastic_bandwidth, 30);
    assert.deepEqual(planDiff(config, await tf.readInstance(NOPAY_WEB)), []);
  });

  test('an order cancelled while Terraform waits ends the apply with "unexpected state \'4\'"; the specs stay', async () => {
    const tf = new Provider(NOPAY);
    await tf.configure();
    const before = await tf.readInstance(NOPAY_WEB);
    const orderId = await tf.putSpec(updateBody(NOPAY_WEB, { ...webConfig({ elastic_bandwidth: 30 }), instance_name: 'tf-nopay' }, before));
    await assert.rejects(
      tf.waitOrderComplete(orderId, async (poll) => {
        if (poll === 1) assert.equal((await goRequest(live.endpoint, { ak: NOPAY.ak, sk: NOPAY.sk }, 'PUT', '/v2/orders/customer-orders/cancel', { body: JSON.stringify({ order_id: orderId }) })).status, 204);
      }),
      /unexpected state '4'/,
    );
    assert.equal((await tf.readInstance(NOPAY_WEB)).elastic_bandwidth, 20);
  });

  test('an apply that changes nothing: no order id, no BSS call, straight to the Read', async () => {
    const tf = new Provider(SHIELD);
    await tf.configure();
    const state = await tf.readInstance(WEB);
    assert.equal(await tf.putSpec(updateBody(WEB, webConfig(), state)), '');
    await tf.readInstance(WEB);
    assert.ok(!tf.calls.some((c) => c.includes('/orders/')));
  });

  test('data "huaweicloud_aad_instance_domains" reads the declared domain, every field typed as the schema', async () => {
    const tf = new Provider(SHIELD);
    await tf.configure();
    const domains = await tf.readDomains(WEB);
    assert.deepEqual(domains.map((d) => [d.domain_name, d.protocol_type, d.https_cert_status, d.cert_name, d.real_servers]), [['www.tf-web.example', ['HTTP', 'HTTPS'], 1, 'tf-web', '198.51.100.30']]);
    // a second read (the next plan) is the same
    assert.deepEqual(await tf.readDomains(WEB), domains);
  });
});

describe('huaweicloud_aad_change_specification: the acceptance test steps 10/10 -> 20/20 -> 10/10', () => {
  test('each step: PUT with string bandwidths, order 5, WaitOrderAllResourceComplete finds the instance; the instance reads each step back', async () => {
    const tf = new Provider(SHIELD);
    await tf.configure();
    for (const [bw, refund] of [['20', false], ['10', true]] as const) {
      // buildChangeSpecificationBodyParams: basic/elastic are TypeString in this resource
      const orderId = await tf.putSpec({ instance_id: FLAT, upgrade_data: { basic_bandwidth: bw, elastic_bandwidth: bw } });
      assert.ok(orderId, 'a changed fee returns an order id, a refund included');
      await tf.waitOrderComplete(orderId);
      assert.equal(await tf.waitOrderResource(orderId, false), FLAT);
      // resourceChangeSpecificationRead does nothing; the instance itself shows the step
      const state = await tf.readInstance(FLAT);
      assert.deepEqual([state.basic_bandwidth, state.elastic_bandwidth], [Number(bw), Number(bw)]);
      const details = await goRequest(live.endpoint, tf.creds, 'GET', `/v2/orders/customer-orders/details/${orderId}`);
      assert.equal(details.json.order_info.amount_after_discount < 0, refund);
    }
    assert.equal(tf.calls.filter((c) => c === 'POST /v2/orders/suscriptions/resources/query').length, 2);
  });
});
