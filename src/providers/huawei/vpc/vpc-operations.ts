// VPC port operations specshift serves, by the official SDK's names (VpcClient v2: ListPorts,
// ShowPort under /v1/{project_id}/ports): the NICs of the world's servers, the same ones their
// addresses name (shared/server-devices.ts). Ports are listed server by server in the store's order,
// each server's NICs primary first; marker is the last port id of the previous page.
import type { AppContext } from '../../../core/app-context.js';
import type { Server } from '../../../core/model/types.js';
import { isOwnedBy } from '../../../core/ownership.js';
import { many, ok, one, operation, type AnyHuaweiOperation, type Query } from '../shared/huawei-operation.js';
import { findDeviceOwner, serverNics, type ServerNic } from '../shared/server-devices.js';
import { refuse, vpcInvalid } from './vpc-refusals.js';
import { portStatus, renderPort } from './vpc-render.js';

export interface VpcEnv {
  ctx: AppContext;
  caller: { accountId: string; projectId: string };
}

/** ListPorts' limit: 0 to 2^31-1, default 2000 (0 means the default). */
const DEFAULT_LIMIT = 2000;
const MAX_LIMIT = 2 ** 31 - 1;
const SCAN_PAGE = 500;

type PortFilter = (s: Server, n: ServerNic) => boolean;

interface ListPortsCommand {
  limit: number;
  marker: string | undefined;
  deviceId: string | undefined;
  ids: string[];
  filters: PortFilter[];
}

function readListPorts(q: Query): ListPortsCommand {
  const str = (name: string, max = 255): string | undefined => {
    const v = one(q[name]);
    if (v !== undefined && v.length > max) throw vpcInvalid(`${name} is too long`);
    return v;
  };
  const rawLimit = str('limit', 16);
  let limit = DEFAULT_LIMIT;
  if (rawLimit !== undefined && rawLimit !== '') {
    if (!/^\d{1,10}$/.test(rawLimit) || Number(rawLimit) > MAX_LIMIT) throw vpcInvalid('limit must be an integer from 0 to 2147483647');
    limit = Number(rawLimit) || DEFAULT_LIMIT;
  }
  const filters: PortFilter[] = [];
  const bool = (name: string, test: (v: boolean) => PortFilter) => {
    const v = str(name, 8);
    if (v === undefined) return;
    if (v !== 'true' && v !== 'false') throw vpcInvalid(`${name} must be true or false`);
    filters.push(test(v === 'true'));
  };
  const name = str('name');
  if (name !== undefined) filters.push(() => name === '');
  bool('admin_state_up', (v) => () => v);
  bool('enable_efi', (v) => () => !v);
  const network = str('network_id', 64);
  if (network !== undefined) filters.push((_s, n) => n.subnetId === network);
  const mac = str('mac_address', 64);
  if (mac !== undefined) filters.push((_s, n) => n.mac === mac.toLowerCase());
  const owner = str('device_owner', 64);
  if (owner !== undefined) filters.push((s) => `compute:${s.az}` === owner);
  const status = str('status', 16);
  if (status !== undefined) {
    if (!['ACTIVE', 'BUILD', 'DOWN'].includes(status)) throw vpcInvalid('status must be ACTIVE, BUILD or DOWN');
    filters.push((s) => portStatus(s) === status);
  }
  const groups = many(q.security_groups);
  if (groups.length) filters.push((_s, n) => groups.every((g) => n.securityGroups.some((x) => x.id === g)));
  for (const f of many(q.fixed_ips)) {
    const eq = f.indexOf('=');
    const [k, v] = eq < 0 ? ['', ''] : [f.slice(0, eq), f.slice(eq + 1)];
    if (k === 'ip_address') filters.push((_s, n) => n.ip === v);
    else if (k === 'subnet_id') filters.push((_s, n) => n.neutronSubnetId === v);
    else throw vpcInvalid('fixed_ips must be ip_address=... or subnet_id=...');
  }
  const eps = str('enterprise_project_id', 64);
  if (eps !== undefined && eps !== 'all_granted_eps') filters.push((s) => s.enterpriseProjectId === eps);
  const ids = many(q.id);
  if (ids.length > 100) throw vpcInvalid('at most 100 id values');
  const deviceId = str('device_id', 64);
  return { limit, marker: str('marker', 64), deviceId: deviceId || undefined, ids, filters };
}

/** The ports after the marker, filtered, at most limit + 1 (to know whether another page follows). */
async function listPorts(env: VpcEnv, cmd: ListPortsCommand): Promise<{ server: Server; nic: ServerNic }[]> {
  const reads = env.ctx.store.reads;
  const out: { server: Server; nic: ServerNic }[] = [];
  const keep = (s: Server, n: ServerNic) => cmd.filters.every((f) => f(s, n));
  // where the marker leaves off: its server, and the NICs of that server still to come
  let after: { server: Server; index: number } | undefined;
  if (cmd.marker) {
    const found = await findDeviceOwner(reads, 'port', cmd.marker);
    if (!found || !isOwnedBy(found.server, env.caller)) throw vpcInvalid('marker is not a port of this project');
    after = found;
  }
  const take = (s: Server): boolean => {
    for (const n of serverNics(s)) {
      if (after && after.server.id === s.id && n.index <= after.index) continue;
      if (keep(s, n)) out.push({ server: s, nic: n });
      if (out.length > cmd.limit) return true;
    }
    return false;
  };
  if (cmd.deviceId || cmd.ids.length) {
    const servers: Server[] = [];
    if (cmd.deviceId) {
      const s = await reads.getServer(cmd.deviceId);
      if (s?.cloud === 'huawei' && isOwnedBy(s, env.caller)) servers.push(s);
    }
    const wanted = new Set(cmd.ids.map((i) => i.toLowerCase()));
    if (wanted.size) {
      cmd.filters.push((_s, n) => wanted.has(n.portId));
      if (!cmd.deviceId) {
        for (const id of wanted) {
          const found = await findDeviceOwner(reads, 'port', id);
          if (found && isOwnedBy(found.server, env.caller) && !servers.some((o) => o.id === found.server.id)) servers.push(found.server);
        }
      }
    }
    // the page starts at the marker's server (its later NICs), or is empty when the marker is none of theirs
    const from = after ? servers.findIndex((s) => s.id === after!.server.id) : 0;
    if (from < 0) return [];
    for (const s of servers.slice(from)) if (take(s)) break;
    return out;
  }
  let afterId = after?.server.id;
  if (after && take(after.server)) return out;
  for (;;) {
    const { items } = await reads.listServers({ accountId: env.caller.accountId, projectId: env.caller.projectId, limit: SCAN_PAGE, total: false, ...(afterId ? { afterId } : {}) });
    for (const s of items) if (s.cloud === 'huawei' && take(s)) return out;
    if (items.length < SCAN_PAGE) return out;
    afterId = items[items.length - 1]!.id;
  }
}

export const VPC_OPERATIONS: readonly AnyHuaweiOperation<VpcEnv>[] = [
  operation({
    name: 'ListPorts',
    method: 'GET',
    path: '/v1/:project_id/ports',
    read: (req) => readListPorts(req.query),
    async handle(cmd, env: VpcEnv) {
      const ports = await listPorts(env, cmd);
      return ok({ ports: ports.slice(0, cmd.limit).map((p) => renderPort(p.server, p.nic)) });
    },
  }),
  operation({
    name: 'ShowPort',
    method: 'GET',
    path: '/v1/:project_id/ports/:port_id',
    read: (req) => ({ portId: req.params.port_id! }),
    async handle(cmd, env: VpcEnv) {
      const found = await findDeviceOwner(env.ctx.store.reads, 'port', cmd.portId);
      // another project's port is as absent as a missing one
      if (!found || !isOwnedBy(found.server, env.caller)) return refuse('port.not-found', `Port ${cmd.portId.slice(0, 64)} could not be found.`, [cmd.portId]);
      return ok({ port: renderPort(found.server, serverNics(found.server)[found.index]!) });
    },
  }),
];
