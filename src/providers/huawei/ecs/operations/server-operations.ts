// ShowServer, ListServersDetails (ecs_02_0104) and ListCloudServers (the v1.1 list): the store's
// servers rendered in ECS's shapes, with the lists' filters and paging (reference §9).
import type { ServerQuery } from '../../../../core/model/store.js';
import type { Server } from '../../../../core/model/types.js';
import { randomHex } from '../../../../core/random-hex.js';
import { ecsInvalid, type EcsEnv } from '../ecs-env.js';
import { renderCloudServer, renderServer, serverMetadata } from '../ecs-render.js';
import { DECLARED_IPS_DOC } from '../ecs-world.js';
import { RESIZE_TASKS } from '../rules/server-status.js';
import { serverNics } from '../../shared/server-devices.js';
import { idSuffixesForIp } from '../../shared/server-ip.js';
import { many, ok, one, operation, type AnyHuaweiOperation, type Query } from '../../shared/huawei-operation.js';

export function intParam(q: Query, name: string, def: number, min: number, max: number): number {
  const v = one(q[name]);
  if (v === undefined || v === '') return def;
  if (!/^\d{1,9}$/.test(v)) throw ecsInvalid(`${name} must be an integer`);
  const n = Number(v);
  if (n < min || n > max) throw ecsInvalid(`${name} must be between ${min} and ${max}`);
  return n;
}

/** Wire status filter to vm/task states (ECS Statuses: ACTIVE also matches transitional states). */
function statusFilter(status: string): ServerQuery['statusIn'] {
  switch (status) {
    case 'ACTIVE':
      return [{ vmState: 'active', taskStates: [null, 'powering-off'] }];
    case 'SHUTOFF':
      // Nova maps SHUTOFF to vm_state stopped whatever the task: a stopped server being resized matches too
      return [{ vmState: 'stopped', taskStates: [null, 'powering-on', ...RESIZE_TASKS] }];
    case 'RESIZE':
      return [{ vmState: 'stopped', taskStates: [...RESIZE_TASKS] }, { vmState: 'active', taskStates: [...RESIZE_TASKS] }];
    case 'ERROR':
      return [{ vmState: 'error', taskStates: [null] }];
    case 'BUILD': case 'DELETED': case 'REBOOT': case 'HARD_REBOOT': case 'REBUILD': case 'MIGRATING': case 'VERIFY_RESIZE': case 'REVERT_RESIZE': case 'SHELVED': case 'SHELVED_OFFLOADED': case 'UNKNOWN':
      return [];
    default:
      throw ecsInvalid(`status ${status.slice(0, 32)} is not a valid ECS status`);
  }
}

function tagFilter(values: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const v of values.flatMap((x) => x.split(','))) {
    const eq = v.indexOf('=');
    if (eq <= 0) throw ecsInvalid('tags must be given as key=value');
    out[v.slice(0, eq)] = v.slice(eq + 1);
  }
  return out;
}

export interface IpFilter {
  value: string;
  exact: boolean;
  /** the idParts set the derived addresses went into; null when every derived address matches */
  part: { at: 'start' | 'end'; values: string[] } | null;
}

export type ServerListQuery = Omit<ServerQuery, 'accountId'> & { ipFilters?: IpFilter[] };

/** The list query, without the caller (added by the handler). */
export function readServerQuery(q: Query): ServerListQuery {
  const ids = many(q.server_id);
  const limit = intParam(q, 'limit', 25, 1, 1000);
  const offset = intParam(q, 'offset', 1, 1, 1_000_000_000);
  const query: ServerListQuery = { limit };
  if (ids.length) {
    query.ids = ids; // server_id overrides every other filter
    return query;
  }
  const flavor = one(q.flavor);
  const name = one(q.name);
  const status = one(q.status);
  const eps = one(q.enterprise_project_id);
  const marker = one(q.marker);
  if (flavor) query.flavorId = flavor;
  if (name) query.nameLike = name;
  if (status) query.statusIn = statusFilter(status);
  if (q.tags !== undefined) query.tags = tagFilter(many(q.tags));
  if (q['not-tags'] !== undefined) query.notTags = tagFilter(many(q['not-tags']));
  if (eps && eps !== 'all_granted_eps') query.enterpriseProjectId = eps;
  const idParts: NonNullable<ServerQuery['idParts']> = [];
  const ipEq = one(q.ip_eq);
  const ip = one(q.ip);
  const reservation = one(q.reservation_id);
  const ipFilters: IpFilter[] = [];
  for (const [value, exact] of [[ipEq, true], [ip, false]] as const) {
    if (!value) continue;
    if (value.length > 64) throw ecsInvalid(`${exact ? 'ip_eq' : 'ip'} is too long`);
    const endings = idSuffixesForIp(value, exact);
    const part = endings ? { at: 'end' as const, values: endings } : null;
    if (part) idParts.push(part);
    ipFilters.push({ value, exact, part });
  }
  if (ipFilters.length) query.ipFilters = ipFilters;
  // reservation ids are r- and the first 8 characters of the server id (render.ts)
  if (reservation) idParts.push({ at: 'start', values: /^r-[0-9a-f]{8}$/.test(reservation) ? [reservation.slice(2)] : [] });
  if (idParts.length) query.idParts = idParts;
  if (marker) query.afterId = marker;
  else query.offset = (offset - 1) * limit;
  return query;
}

// ---- ListCloudServers (v1.1): the "Quasar" list of the SDK's CloudServer model

/** Fields the v1.1 list adds when expect-fields names them (the SDK model's optional ones). */
export const EXPECT_FIELDS = [
  'market_info', 'power_state', 'launched_at', 'description', 'key_name', 'locked', 'root_device_name', 'tenancy', 'dedicated_host_id',
  'enterprise_project_id', 'metadata', 'tags', 'addresses', 'security_groups', 'volumes_attached', 'image', 'cpu_options',
] as const;
export type ExpectField = (typeof EXPECT_FIELDS)[number];

export interface CloudServersCommand {
  query: Omit<ServerQuery, 'accountId'>;
  fields: Set<ExpectField>;
  /** filters the store cannot apply: the list is scanned page by page */
  scan: ((s: Server) => boolean)[];
  /** a filter no server can match (key_name: worlds declare no key pairs; spod_id; the recycle bin is empty) */
  none: boolean;
}

const CHARGING = { '0': 'postpaid', postPaid: 'postpaid', '1': 'prepaid', prePaid: 'prepaid', '2': 'spot', spot: 'spot' } as const;
const chargeOf = (s: Server) => (s.spot ? 'spot' : s.billing);

export function readCloudServersQuery(q: Query): CloudServersCommand {
  const limit = intParam(q, 'limit', 10, 1, 100);
  const query: Omit<ServerQuery, 'accountId'> = { limit };
  const fields = new Set<ExpectField>();
  for (const f of many(q['expect-fields']).flatMap((x) => x.split(','))) {
    // unknown names are ignored: the field list grows with the service
    if ((EXPECT_FIELDS as readonly string[]).includes(f.trim())) fields.add(f.trim() as ExpectField);
  }
  const scan: ((s: Server) => boolean)[] = [];
  let none = false;
  const str = (name: string, max = 255) => {
    const v = one(q[name]);
    if (v !== undefined && v.length > max) throw ecsInvalid(`${name} is too long`);
    return v || undefined;
  };
  const id = str('id', 64);
  const marker = str('marker', 64);
  if (id) query.ids = [id];
  const name = str('name');
  if (name) query.nameLike = name;
  const status = str('status', 32);
  if (status) query.statusIn = statusFilter(status);
  const flavor = str('flavor_name', 128);
  if (flavor) query.flavorId = flavor;
  if (q.tags !== undefined) query.tags = tagFilter(many(q.tags));
  if (q['not-tags'] !== undefined) query.notTags = tagFilter(many(q['not-tags']));
  const eps = str('enterprise_project_id', 64);
  if (eps && eps !== 'all_granted_eps') query.enterpriseProjectId = eps;
  if (marker) query.afterId = marker;
  const az = str('availability_zone', 64);
  if (az) scan.push((s) => s.az.includes(az));
  const azEq = str('availability_zone_eq', 64);
  if (azEq) scan.push((s) => s.az === azEq);
  const image = str('image_id', 64);
  if (image) scan.push((s) => s.imageId === image);
  const charging = str('charging_mode', 16);
  if (charging) {
    const want = CHARGING[charging as keyof typeof CHARGING];
    if (!want) throw ecsInvalid('charging_mode must be 0, 1 or 2');
    scan.push((s) => chargeOf(s) === want);
  }
  const since = str('launched_since', 64);
  if (since) {
    const t = Date.parse(since);
    if (Number.isNaN(t)) throw ecsInvalid('launched_since must be an ISO 8601 time');
    scan.push((s) => s.createdAt >= t);
  }
  const metadata = str('metadata');
  if (metadata) {
    const eq = metadata.indexOf('=');
    if (eq <= 0) throw ecsInvalid('metadata must be given as key=value');
    const [k, v] = [metadata.slice(0, eq), metadata.slice(eq + 1)];
    scan.push((s) => serverMetadata(s)[k] === v);
  }
  const metadataKey = str('metadata-key');
  if (metadataKey) scan.push((s) => metadataKey in serverMetadata(s));
  const bin = str('in_recycle_bin', 8);
  if (bin !== undefined && bin !== 'true' && bin !== 'false') throw ecsInvalid('in_recycle_bin must be true or false');
  if (bin === 'true' || str('spod_id', 64) || str('key_name', 64)) none = true;
  return { query, fields, scan, none };
}

const SCAN_PAGE = 500;

/** One page of the v1.1 list, and whether another follows. */
export async function listCloudServers(env: EcsEnv, cmd: CloudServersCommand): Promise<{ items: Server[]; more: boolean }> {
  if (cmd.none) return { items: [], more: false };
  const base = { ...cmd.query, accountId: env.caller.accountId, projectId: env.caller.projectId };
  const want = cmd.query.limit;
  if (!cmd.scan.length) {
    const { items } = await env.ctx.store.reads.listServers({ ...base, limit: want + 1, total: false });
    return { items: items.slice(0, want), more: items.length > want };
  }
  const out: Server[] = [];
  let after = cmd.query.afterId;
  for (;;) {
    const { items } = await env.ctx.store.reads.listServers({ ...base, limit: SCAN_PAGE, total: false, ...(after ? { afterId: after } : {}) });
    for (const s of items) {
      if (cmd.scan.every((f) => f(s))) out.push(s);
      if (out.length > want) return { items: out.slice(0, want), more: true };
    }
    if (items.length < SCAN_PAGE) return { items: out, more: false };
    after = items[items.length - 1]!.id;
  }
}

const ipMatches = (addr: string, f: IpFilter) => (f.exact ? addr === f.value : addr.includes(f.value));

/**
 * The ip filters see every NIC: addresses derived from ids are matched by id endings in the store;
 * the servers whose NICs a world declared are added by id from their index, and a declared server
 * whose id ending alone matched is dropped after (decision: docs/huawei-ecs.md).
 */
async function withDeclaredAddresses(query: ServerListQuery, env: EcsEnv): Promise<(s: Server) => boolean> {
  const filters = query.ipFilters ?? [];
  delete query.ipFilters;
  if (!filters.length) return () => true;
  const declared = (await env.ctx.store.reads.getWorldDoc(DECLARED_IPS_DOC)) as { serverId: string; accountId: string; ips: string[] }[];
  for (const f of filters) {
    if (!f.part) continue;
    for (const d of declared) if (d.accountId === env.caller.accountId && d.ips.some((a) => ipMatches(a, f))) f.part.values.push(d.serverId);
  }
  return (s) => filters.every((f) => serverNics(s).some((n) => ipMatches(n.ip, f)));
}

export const SERVER_OPERATIONS: readonly AnyHuaweiOperation<EcsEnv>[] = [
  operation({
    name: 'ListServersDetails',
    method: 'GET',
    path: '/v1/:project_id/cloudservers/detail',
    read: (req) => readServerQuery(req.query),
    async handle(query, env: EcsEnv) {
      const keep = await withDeclaredAddresses(query, env);
      // offset is a page number: past the last page, {"count": N, "servers": []} (Ansible pages until then)
      const { total, items } = await env.ctx.store.reads.listServers({ ...query, accountId: env.caller.accountId, projectId: env.caller.projectId });
      return ok({ count: total, servers: items.filter(keep).map((s) => renderServer(s, env.ctx.world.flavor('huawei', s.flavorId), env.endpoint)) });
    },
  }),
  operation({
    name: 'ListCloudServers',
    method: 'GET',
    path: '/v1.1/:project_id/cloudservers/detail',
    read: (req) => readCloudServersQuery(req.query),
    async handle(cmd, env: EcsEnv) {
      const { items, more } = await listCloudServers(env, cmd);
      const servers = items.map((s) => renderCloudServer(s, env.ctx.world.flavor('huawei', s.flavorId), cmd.fields));
      const links = more && items.length ? [{ rel: 'next', href: `${env.endpoint}/v1.1/${env.caller.projectId}/cloudservers/detail?limit=${cmd.query.limit}&marker=${items[items.length - 1]!.id}` }] : [];
      return ok({ request_id: randomHex(16), servers, servers_links: links });
    },
  }),
  operation({
    name: 'ShowServer',
    method: 'GET',
    path: '/v1/:project_id/cloudservers/:server_id',
    read: (req) => ({ serverId: req.params.server_id! }),
    async handle(cmd, env: EcsEnv) {
      const s = await env.ecs.server(env.caller, cmd.serverId);
      return ok({ server: renderServer(s, env.ctx.world.flavor('huawei', s.flavorId), env.endpoint) });
    },
  }),
];
