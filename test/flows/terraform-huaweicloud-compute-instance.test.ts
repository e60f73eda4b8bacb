// terraform-provider-huaweicloud's huaweicloud_compute_instance, replayed call by call from its
// source (HEAD a0345b8dcc, huaweicloud/services/ecs/resource_huaweicloud_compute_instance.go, and
// the vendored golangsdk): the Read every plan and apply runs, a flavor change (mode
// withStopServer, extendparam.isAutoPay, the job polled every 5 s until SUCCESS), power_action
// OFF/ON, and a second plan that must read back exactly what was applied, with nothing to replace.
// Requests are signed and shaped as golangsdk sends them (test/helpers/golangsdk.ts); replies are
// checked against the Go types the provider decodes them into, since a type mismatch fails a Read.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startLiveServer, type LiveServer } from '../helpers/live-server.js';
import { goSend, type GoCreds, type GoRequest } from '../helpers/golangsdk.js';
import { globalClient } from '../helpers/huawei-sdk.js';
import { CUSTOMER, DEMO } from '../helpers/demo.js';

let live: LiveServer;
before(async () => {
  live = await startLiveServer({ timing: 'manual' });
});
after(() => live.close());
beforeEach(() => live.control('world/reset', {}));

const demo: GoCreds = { ak: DEMO.ak, sk: DEMO.sk, project: DEMO.project };
const customer: GoCreds = { ak: CUSTOMER.ak, sk: CUSTOMER.sk, project: CUSTOMER.project };

// ---- what golangsdk's json.Unmarshal into the provider's structs requires (a mismatch is an error)

const RFC3339 = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/;
const isStr = (v: unknown) => v === null || v === undefined || typeof v === 'string';
const isInt = (v: unknown) => v === null || v === undefined || Number.isInteger(v);
const isBool = (v: unknown) => v === null || v === undefined || typeof v === 'boolean';
const strMap = (v: unknown) => v === null || v === undefined || (typeof v === 'object' && !Array.isArray(v) && Object.values(v as object).every((x) => typeof x === 'string'));

/** cloudservers.CloudServer (golangsdk openstack/ecs/v1/cloudservers/results.go) */
function decodeCloudServer(s: any): void {
  assert.match(s.created, RFC3339, 'created: time.Time');
  assert.match(s.updated, RFC3339, 'updated: time.Time');
  for (const k of ['status', 'hostId', 'id', 'name', 'description', 'accessIPv4', 'accessIPv6', 'config_drive', 'tenant_id', 'user_id', 'host_status', 'enterprise_project_id', 'key_name', 'OS-EXT-STS:vm_state', 'OS-EXT-STS:task_state', 'OS-DCF:diskConfig', 'OS-EXT-AZ:availability_zone', 'OS-SRV-USG:launched_at', 'OS-SRV-USG:terminated_at', 'OS-EXT-SRV-ATTR:root_device_name', 'OS-EXT-SRV-ATTR:hostname', 'auto_terminate_time']) {
    assert.ok(isStr(s[k]), `${k}: string`);
  }
  assert.ok(isBool(s.locked) && isInt(s.progress) && isInt(s['OS-EXT-STS:power_state']) && isInt(s['OS-EXT-SRV-ATTR:launch_index']));
  for (const k of ['disk', 'vcpus', 'ram', 'id', 'name']) assert.equal(typeof s.flavor[k], 'string', `flavor.${k}: string`);
  assert.ok(strMap(s.metadata), 'metadata: struct of strings');
  assert.ok(Array.isArray(s.tags) && s.tags.every((t: unknown) => typeof t === 'string'));
  for (const list of Object.values<any[]>(s.addresses)) {
    for (const a of list) {
      for (const k of ['version', 'addr', 'OS-EXT-IPS-MAC:mac_addr', 'OS-EXT-IPS:port_id', 'OS-EXT-IPS:type']) assert.equal(typeof a[k], 'string', k);
      assert.equal(typeof a.primary, 'boolean');
    }
  }
  for (const v of s['os-extended-volumes:volumes_attached']) for (const k of ['id', 'delete_on_termination', 'bootIndex', 'device']) assert.equal(typeof v[k], 'string', `volumes_attached.${k}`);
  for (const g of s.security_groups) assert.ok(typeof g.name === 'string' && typeof g.id === 'string');
  const hints = s['os:scheduler_hints'];
  for (const k of ['group', 'tenancy', 'dedicated_host_id']) assert.ok(hints[k] === undefined || Array.isArray(hints[k]));
  assert.equal(s.fault, undefined, 'fault only in ERROR (its created is a time.Time)');
}

/** cloudvolumes.Volume (golangsdk openstack/evs/v2/cloudvolumes/results.go) */
function decodeVolume(v: any): void {
  assert.ok(Number.isInteger(v.size), 'size: int');
  assert.ok(strMap(v.metadata) && strMap(v.volume_image_metadata) && strMap(v.tags), 'metadata, volume_image_metadata, tags: strings');
  assert.ok(isBool(v.multiattach) && isBool(v.encrypted));
  for (const k of ['bootable', 'volume_type', 'availability_zone', 'snapshot_id', 'source_volid', 'created_at', 'updated_at']) assert.ok(isStr(v[k]), k);
  for (const a of v.attachments) for (const k of Object.keys(a)) assert.ok(isStr(a[k]), `attachments.${k}`);
  for (const k of ['iops', 'throughput']) if (v[k] !== undefined) assert.ok(Number.isInteger(v[k].total_val) && typeof v[k].frozened === 'boolean');
}

/** block_devices.VolumeAttachment: bootIndex via .(float64): a string panics the provider */
function decodeBlockDevice(b: any): void {
  assert.equal(typeof b.bootIndex, 'number', 'bootIndex must be a JSON number');
  assert.ok(Number.isInteger(b.size) && typeof b.pciAddress === 'string');
}

/** cloudimages.Image: ints and the created_at layout 2006-01-02T15:04:05.999999Z */
function decodeImage(i: any): void {
  assert.ok(Number.isInteger(i.min_disk) && Number.isInteger(i.min_ram) && Number.isInteger(i.size));
  assert.match(i.created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,6})?Z$/);
  assert.match(i.updated_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,6})?Z$/);
  assert.equal(typeof i.max_ram, 'string');
}

// ---- the provider's Read (resourceComputeInstanceRead, TF:957-1142)

interface TfNetwork {
  uuid: string;
  port: string;
  fixed_ip_v4: string;
  mac: string;
  source_dest_check: boolean;
}

interface TfState {
  flavor_id: string;
  flavor_name: string;
  image_id: string;
  image_name: string;
  availability_zone: string;
  status: string;
  charging_mode: string;
  expired_time: string | undefined;
  network: TfNetwork[];
  security_group_ids: string[];
  security_groups: string[];
  system_disk_id: string;
  system_disk_size: number;
  system_disk_type: string;
  volume_attached: { volume_id: string; size: number; type: string; boot_index: number; pci_address: string }[];
  tags: Record<string, string>;
}

/** What the user wrote: the networks by subnet (network.uuid), and what they change. */
interface TfConfig {
  network: { uuid: string }[];
  flavor_id: string;
  charging_mode?: string;
  auto_pay?: 'true' | 'false';
  power_action?: 'ON' | 'OFF';
}

const ok = (r: { status: number; text: string }, codes = [200]) => assert.ok(codes.includes(r.status), `${r.status} ${r.text.slice(0, 300)}`);

async function tfRead(creds: GoCreds, id: string, config: TfConfig, log: GoRequest[]): Promise<TfState> {
  const p = creds.project;
  // 1. cloudservers.Get: OkCodes 200, 203; 404 would drop the resource from state
  const g = await goSend(live.endpoint, creds, 'GET', `/v1/${p}/cloudservers/${id}`, { log });
  ok(g, [200, 203]);
  const server = g.json.server;
  decodeCloudServer(server);
  // 2. setImageInformation: cloudimages.List(...).AllPages(), non-fatal ("Image not found")
  let imageName = 'Image not found';
  let url = `/v2/cloudimages?enterprise_project_id=all_granted_eps&id=${server.image.id}&limit=1`;
  for (;;) {
    const r = await goSend(live.endpoint, creds, 'GET', url, { log });
    ok(r);
    for (const i of r.json.images) decodeImage(i);
    const hit = r.json.images.find((i: any) => i.id === server.image.id);
    if (hit) imageName = hit.name;
    if (!r.json.next) break;
    url = r.json.next;
  }
  // 3. getInstanceAddresses: ports.Get for every fixed address, consecutive duplicates skipped
  const nics: (TfNetwork & { fetched: boolean })[] = [];
  let lastPort = '';
  for (const list of Object.values<any[]>(server.addresses)) {
    for (const a of list) {
      if (a['OS-EXT-IPS:type'] !== 'fixed' || a['OS-EXT-IPS:port_id'] === lastPort) continue;
      lastPort = a['OS-EXT-IPS:port_id'];
      const r = await goSend(live.endpoint, creds, 'GET', `/v1/${p}/ports/${lastPort}`, { log });
      if (r.status !== 200) continue; // logged and skipped
      const port = r.json.port;
      const v4 = port.fixed_ips.find((f: any) => /^\d+\.\d+\.\d+\.\d+$/.test(f.ip_address));
      nics.push({ uuid: port.network_id, port: lastPort, fixed_ip_v4: v4?.ip_address ?? '', mac: a['OS-EXT-IPS-MAC:mac_addr'], source_dest_check: port.allowed_address_pairs.length === 0, fetched: false });
    }
  }
  // flattenInstanceNetworks: the configured networks, each matched to an unfetched NIC by uuid
  const network: TfNetwork[] = [];
  for (const want of config.network) {
    const nic = nics.find((n) => n.uuid === want.uuid && !n.fetched);
    if (!nic) continue;
    nic.fetched = true;
    network.push({ uuid: nic.uuid, port: nic.port, fixed_ip_v4: nic.fixed_ip_v4, mac: nic.mac, source_dest_check: nic.source_dest_check });
  }
  // 4. the primary port (addresses[metadata.vpc_id][primary]) and its security groups from ListPorts
  const primary = (server.addresses[server.metadata.vpc_id] ?? []).find((a: any) => a.primary)?.['OS-EXT-IPS:port_id'] ?? '';
  const ports: any[] = [];
  let marker = '';
  for (;;) {
    const r = await goSend(live.endpoint, creds, 'GET', `/v1/${p}/ports?device_id=${id}&limit=100${marker ? `&marker=${marker}` : ''}`, { moreHeaders: { 'Content-Type': 'application/json' }, log });
    ok(r);
    ports.push(...r.json.ports);
    if (r.json.ports.length < 100) break;
    marker = r.json.ports.at(-1).id;
  }
  const primaryGroups = ports.find((x) => x.id === primary)?.security_groups ?? [];
  // 5/6. every attached volume: EVS cloudvolumes.Get, then block_devices.Get; either failing fails the Read
  const volumes: TfState['volume_attached'] = [];
  let system = { id: '', size: 0, type: '' };
  for (const b of server['os-extended-volumes:volumes_attached']) {
    const v = await goSend(live.endpoint, creds, 'GET', `/v2/${p}/cloudvolumes/${b.id}`, { log });
    ok(v);
    decodeVolume(v.json.volume);
    const d = await goSend(live.endpoint, creds, 'GET', `/v1/${p}/cloudservers/${id}/block_device/${b.id}`, { log });
    ok(d);
    const va = d.json.volumeAttachment;
    decodeBlockDevice(va);
    volumes.push({ volume_id: b.id, size: v.json.volume.size, type: v.json.volume.volume_type, boot_index: va.bootIndex, pci_address: va.pciAddress });
    if (va.bootIndex === 0) system = { id: b.id, size: v.json.volume.size, type: v.json.volume.volume_type };
  }
  const charging = ({ '1': 'prePaid', '2': 'spot' } as Record<string, string>)[server.metadata.charging_mode] ?? 'postPaid';
  // 7. prePaid only: the expiry from the v1.1 list, non-fatal
  let expired: string | undefined;
  if (charging === 'prePaid') {
    const r = await goSend(live.endpoint, creds, 'GET', `/v1.1/${p}/cloudservers/detail?id=${id}&expect-fields=market_info`, { log });
    ok(r);
    const t = r.json.servers?.[0]?.market_info?.prepaid_info?.expired_time ?? '';
    assert.equal(typeof t, 'string', 'expired_time is asserted .(string): anything else panics');
    expired = t;
  }
  return {
    flavor_id: server.flavor.id,
    flavor_name: server.flavor.name,
    image_id: server.image.id,
    image_name: imageName,
    availability_zone: server['OS-EXT-AZ:availability_zone'],
    status: server.status,
    charging_mode: charging,
    expired_time: expired,
    network,
    security_group_ids: primaryGroups.length ? primaryGroups : server.security_groups.map((x: any) => x.id),
    security_groups: server.security_groups.map((x: any) => x.name),
    system_disk_id: system.id,
    system_disk_size: system.size,
    system_disk_type: system.type,
    volume_attached: volumes,
    tags: Object.fromEntries(server.tags.map((t: string) => t.split('='))),
  };
}

/** The calls a Read makes, in order, as "METHOD path?query" (the query as golangsdk sends it: sorted). */
const callsOf = (log: GoRequest[]) => log.map((r) => `${r.method} ${r.path}${r.query ? `?${r.query}` : ''}`);

function expectedReadCalls(p: string, id: string, state: TfState, portIds: string[]): string[] {
  return [
    `GET /v1/${p}/cloudservers/${id}`,
    `GET /v2/cloudimages?enterprise_project_id=all_granted_eps&id=${state.image_id}&limit=1`,
    ...portIds.map((port) => `GET /v1/${p}/ports/${port}`),
    `GET /v1/${p}/ports?device_id=${id}&limit=100`,
    ...state.volume_attached.flatMap((v) => [`GET /v2/${p}/cloudvolumes/${v.volume_id}`, `GET /v1/${p}/cloudservers/${id}/block_device/${v.volume_id}`]),
    ...(state.charging_mode === 'prePaid' ? [`GET /v1.1/${p}/cloudservers/detail?expect-fields=market_info&id=${id}`] : []),
  ];
}

/** The plan: what differs between configuration and state, and whether any of it forces a new resource. */
function plan(config: TfConfig, state: TfState): { update: string[]; replace: string[] } {
  const update: string[] = [];
  const replace: string[] = [];
  if (config.flavor_id !== state.flavor_id) update.push('flavor_id');
  if (config.power_action === 'OFF' && state.status !== 'SHUTOFF') update.push('power_action');
  if (config.power_action === 'ON' && state.status !== 'ACTIVE') update.push('power_action');
  // network is Required and ForceNew: a configured network the Read did not find means a replacement
  if (state.network.length !== config.network.length || config.network.some((n, i) => state.network[i]?.uuid !== n.uuid)) replace.push('network');
  return { update, replace };
}

/** cloudservers.WaitForJobSuccess: GET the job, sleep 5 s, until SUCCESS (FAIL is an error); `between` runs in the sleeps. */
async function waitForJob(creds: GoCreds, jobId: string, log: GoRequest[], between?: (status: string, polls: number) => Promise<void>): Promise<string[]> {
  const seen: string[] = [];
  for (let polls = 1; polls <= 60; polls++) {
    const r = await goSend(live.endpoint, creds, 'GET', `/v1/${creds.project}/jobs/${jobId}`, { log });
    ok(r);
    for (const k of ['status', 'job_id', 'job_type', 'begin_time', 'end_time']) assert.equal(typeof r.json[k], 'string', k);
    assert.ok(isStr(r.json.error_code) && isStr(r.json.fail_reason));
    seen.push(r.json.status);
    await live.control('clock/advance', { seconds: 5 });
    if (r.json.status === 'SUCCESS') return seen;
    if (r.json.status === 'FAIL') throw new Error(`Job failed with code ${r.json.error_code}: ${r.json.fail_reason}`);
    await between?.(r.json.status, polls);
  }
  throw new Error('timeout waiting for the job');
}

/** resourceComputeInstanceUpdate, flavor branch (TF:1386-1410). */
async function tfResize(creds: GoCreds, id: string, config: TfConfig, log: GoRequest[], between?: (status: string, polls: number) => Promise<void>) {
  // BuildRequestBody makes a map, and Go marshals map keys sorted
  const body = { resize: { extendparam: { isAutoPay: config.auto_pay ?? 'true' }, flavorRef: config.flavor_id, mode: 'withStopServer' } };
  const r = await goSend(live.endpoint, creds, 'POST', `/v1.1/${creds.project}/cloudservers/${id}/resize`, { json: body, log });
  ok(r, [200]);
  assert.equal(typeof r.json.job_id, 'string');
  return { jobId: r.json.job_id as string, orderId: r.json.order_id as string | undefined, statuses: await waitForJob(creds, r.json.job_id, log, between) };
}

/** doPowerAction (TF:2256): os-start / os-stop SOFT, then the job. */
async function tfPower(creds: GoCreds, id: string, action: 'ON' | 'OFF', log: GoRequest[]) {
  const body = action === 'ON' ? { 'os-start': { servers: [{ id }] } } : { 'os-stop': { servers: [{ id }], type: 'SOFT' } };
  const r = await goSend(live.endpoint, creds, 'POST', `/v1/${creds.project}/cloudservers/action`, { json: body, log });
  ok(r, [200]);
  return waitForJob(creds, r.json.job_id, log);
}

// ---- the flows

describe('huaweicloud_compute_instance: plan, flavor change, plan again', () => {
  test('a running pay-per-use server: every Read call in order, withStopServer resize polled to SUCCESS, nothing to replace after', async () => {
    const id = DEMO.servers.web02;
    const log: GoRequest[] = [];
    // terraform import / first refresh: the user's configuration names the network by subnet
    const first = await tfRead(demo, id, { network: [], flavor_id: 's6.large.2' }, log);
    const server = (await goSend(live.endpoint, demo, 'GET', `/v1/${DEMO.project}/cloudservers/${id}`)).json.server;
    const portIds = Object.values<any[]>(server.addresses).flat().map((a) => a['OS-EXT-IPS:port_id']);
    assert.deepEqual(callsOf(log), expectedReadCalls(DEMO.project, id, first, portIds));
    // only the calls TF signs with its headers: X-Project-Id unsigned, Host unsigned
    for (const r of log) {
      assert.match(r.headers.Authorization!, /SignedHeaders=accept;(content-type;)?user-agent;x-sdk-date,/);
      assert.equal(r.headers['X-Project-Id'], DEMO.project);
    }
    const subnet = (await goSend(live.endpoint, demo, 'GET', `/v1/${DEMO.project}/ports/${portIds[0]}`)).json.port.network_id;
    const config: TfConfig = { network: [{ uuid: subnet }], flavor_id: 's6.xlarge.2' };
    const before = await tfRead(demo, id, config, []);
    assert.deepEqual(before.network.map((n) => [n.uuid, n.port, n.fixed_ip_v4]), [[subnet, portIds[0], server.addresses[server.metadata.vpc_id][0].addr]]);
    assert.equal(before.image_name, 'CentOS 7.9 64bit');
    assert.deepEqual([before.system_disk_size, before.system_disk_type, before.volume_attached.length], [40, 'GPSSD', 1]);
    assert.deepEqual(before.security_group_ids, server.security_groups.map((g: any) => g.id));
    assert.deepEqual(plan(config, before), { update: ['flavor_id'], replace: [] });

    // apply
    const applyLog: GoRequest[] = [];
    const { statuses } = await tfResize(demo, id, config, applyLog);
    assert.equal(applyLog[0]!.body, '{"resize":{"extendparam":{"isAutoPay":"true"},"flavorRef":"s6.xlarge.2","mode":"withStopServer"}}\n');
    assert.ok(statuses.length >= 2 && statuses.at(-1) === 'SUCCESS' && statuses.slice(0, -1).every((s) => s === 'INIT' || s === 'RUNNING'), statuses.join());
    const after = await tfRead(demo, id, config, []);

    // the second plan reads back exactly what was applied: the new flavor, the same everything else
    assert.deepEqual([after.flavor_id, after.flavor_name, after.status], ['s6.xlarge.2', 's6.xlarge.2', 'ACTIVE']);
    assert.deepEqual({ ...after, flavor_id: '', flavor_name: '' }, { ...before, flavor_id: '', flavor_name: '' });
    assert.deepEqual(plan(config, after), { update: [], replace: [] });
  });

  test('power_action OFF then ON: os-stop SOFT and os-start, each job polled, the Read shows the state', async () => {
    const id = DEMO.servers.web02;
    const log: GoRequest[] = [];
    const state0 = await tfRead(demo, id, { network: [], flavor_id: 's6.large.2' }, []);
    const config: TfConfig = { network: state0.network, flavor_id: 's6.large.2', power_action: 'OFF' };
    await tfPower(demo, id, 'OFF', log);
    assert.equal(log[0]!.body, `{"os-stop":{"servers":[{"id":"${id}"}],"type":"SOFT"}}\n`);
    const off = await tfRead(demo, id, config, []);
    assert.equal(off.status, 'SHUTOFF');
    assert.deepEqual(plan(config, off), { update: [], replace: [] });
    log.length = 0;
    await tfPower(demo, id, 'ON', log);
    assert.equal(log[0]!.body, `{"os-start":{"servers":[{"id":"${id}"}]}}\n`);
    const on = await tfRead(demo, id, { ...config, power_action: 'ON' }, []);
    assert.equal(on.status, 'ACTIVE');
    assert.deepEqual({ ...on, status: '' }, { ...off, status: '' });
  });

  test('a stopped server with a data disk and two NICs reads both networks and both disks', async () => {
    const api = DEMO.servers.api01;
    const log: GoRequest[] = [];
    const probe = await tfRead(demo, api, { network: [], flavor_id: 'c7.large.2' }, []);
    const server = (await goSend(live.endpoint, demo, 'GET', `/v1/${DEMO.project}/cloudservers/${api}`)).json.server;
    const ports = Object.values<any[]>(server.addresses).flat().map((a) => a['OS-EXT-IPS:port_id']);
    const subnets = await Promise.all(ports.map(async (p) => (await goSend(live.endpoint, demo, 'GET', `/v1/${DEMO.project}/ports/${p}`)).json.port.network_id));
    const config: TfConfig = { network: subnets.map((uuid) => ({ uuid })), flavor_id: 'c7.xlarge.2' };
    const state = await tfRead(demo, api, config, log);
    assert.deepEqual(callsOf(log), expectedReadCalls(DEMO.project, api, state, ports));
    assert.equal(state.network.length, 2);
    assert.deepEqual(state.security_group_ids.length, 2, 'the primary port\'s groups: default and api');
    assert.equal(state.image_name, 'demo-api-golden');
    assert.equal(probe.status, 'SHUTOFF');
    await tfResize(demo, api, config, []);
    const after = await tfRead(demo, api, config, []);
    assert.deepEqual([after.flavor_id, after.status], ['c7.xlarge.2', 'SHUTOFF'], 'a stopped server stays stopped');
    assert.deepEqual(plan(config, after), { update: [], replace: [] });
  });
});

describe('huaweicloud_compute_instance, charging_mode = prePaid', () => {
  test('auto_pay (the default): the order is paid from the balance, the job runs to SUCCESS, expired_time read back', async () => {
    const id = DEMO.servers.db01;
    const log: GoRequest[] = [];
    const first = await tfRead(demo, id, { network: [], flavor_id: 'm7.large.8' }, log);
    assert.equal(callsOf(log).at(-1), `GET /v1.1/${DEMO.project}/cloudservers/detail?expect-fields=market_info&id=${id}`);
    assert.equal(first.charging_mode, 'prePaid');
    assert.match(first.expired_time!, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.deepEqual(first.volume_attached.map((v) => [v.boot_index, v.size, v.type]), [[0, 40, 'GPSSD'], [-1, 100, 'SSD']]);
    const config: TfConfig = { network: first.network.length ? first.network : [{ uuid: (await subnetOf(demo, id)) }], flavor_id: 'm7.xlarge.8', charging_mode: 'prePaid' };
    const before = await tfRead(demo, id, config, []);
    const r = await tfResize(demo, id, config, []);
    assert.match(r.orderId ?? '', /^CS/, 'a prepaid resize answers its order too (the provider ignores it)');
    const after = await tfRead(demo, id, config, []);
    assert.deepEqual([after.flavor_id, after.expired_time], ['m7.xlarge.8', before.expired_time]);
    assert.deepEqual({ ...after, flavor_id: '', flavor_name: '' }, { ...before, flavor_id: '', flavor_name: '' });
    assert.deepEqual(plan(config, after), { update: [], replace: [] });
  });

  test('auto_pay = "false": the job waits in PENDING_PAYMENT while the provider polls, until the order is paid in BSS', async () => {
    const id = CUSTOMER.prepaidServer;
    const config: TfConfig = { network: [{ uuid: await subnetOf(customer, id) }], flavor_id: 'm7.xlarge.8', charging_mode: 'prePaid', auto_pay: 'false' };
    const before = await tfRead(customer, id, config, []);
    const bss = globalClient(live.endpoint, CUSTOMER.ak, CUSTOMER.sk);
    let orderId = '';
    const log: GoRequest[] = [];
    const body = { resize: { extendparam: { isAutoPay: 'false' }, flavorRef: 'm7.xlarge.8', mode: 'withStopServer' } };
    const accepted = await goSend(live.endpoint, customer, 'POST', `/v1.1/${CUSTOMER.project}/cloudservers/${id}/resize`, { json: body, log });
    ok(accepted);
    orderId = accepted.json.order_id;
    assert.match(orderId, /^CS/);
    const statuses = await waitForJob(customer, accepted.json.job_id, log, async (status, polls) => {
      // the customer pays in the billing center on the third poll
      if (polls === 3) {
        assert.equal(status, 'PENDING_PAYMENT');
        await bss.send('POST', '/v3/orders/customer-orders/pay', { data: { order_id: orderId, use_coupon: 'NO', use_discount: 'NO' } });
      }
    });
    assert.deepEqual(statuses.slice(0, 3), ['PENDING_PAYMENT', 'PENDING_PAYMENT', 'PENDING_PAYMENT']);
    assert.equal(statuses.at(-1), 'SUCCESS');
    const after = await tfRead(customer, id, config, []);
    assert.equal(after.flavor_id, 'm7.xlarge.8');
    assert.deepEqual({ ...after, flavor_id: '', flavor_name: '' }, { ...before, flavor_id: '', flavor_name: '' });
  });
});

async function subnetOf(creds: GoCreds, id: string): Promise<string> {
  const server = (await goSend(live.endpoint, creds, 'GET', `/v1/${creds.project}/cloudservers/${id}`)).json.server;
  const port = server.addresses[server.metadata.vpc_id].find((a: any) => a.primary)['OS-EXT-IPS:port_id'];
  return (await goSend(live.endpoint, creds, 'GET', `/v1/${creds.project}/ports/${port}`)).json.port.network_id;
}
