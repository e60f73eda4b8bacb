// ShowServer and ListServersDetails (ecs_02_0104): the store's servers rendered in ECS's shape,
// with the list's filters and paging (reference §9).
import type { ServerQuery } from '../../../../core/model/store.js';
import { ecsInvalid, type EcsEnv } from '../ecs-env.js';
import { renderServer } from '../ecs-render.js';
import { idSuffixesForIp } from '../server-ip.js';
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
      return [{ vmState: 'stopped', taskStates: [null, 'powering-on'] }, { vmState: 'stopped', taskStates: ['resize_prep', 'resize_migrating', 'resize_finish'] }];
    case 'RESIZE':
      return [{ vmState: 'stopped', taskStates: ['resize_prep', 'resize_migrating', 'resize_finish'] }];
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

/** The list query, without the caller (added by the handler). */
export function readServerQuery(q: Query): Omit<ServerQuery, 'accountId'> {
  const ids = many(q.server_id);
  const limit = intParam(q, 'limit', 25, 1, 1000);
  const offset = intParam(q, 'offset', 1, 1, 1_000_000_000);
  const query: Omit<ServerQuery, 'accountId'> = { limit };
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
  for (const [value, exact] of [[ipEq, true], [ip, false]] as const) {
    if (!value) continue;
    if (value.length > 64) throw ecsInvalid(`${exact ? 'ip_eq' : 'ip'} is too long`);
    const endings = idSuffixesForIp(value, exact);
    if (endings) idParts.push({ at: 'end', values: endings });
  }
  // reservation ids are r- and the first 8 characters of the server id (render.ts)
  if (reservation) idParts.push({ at: 'start', values: /^r-[0-9a-f]{8}$/.test(reservation) ? [reservation.slice(2)] : [] });
  if (idParts.length) query.idParts = idParts;
  if (marker) query.afterId = marker;
  else query.offset = (offset - 1) * limit;
  return query;
}

export const SERVER_OPERATIONS: readonly AnyHuaweiOperation<EcsEnv>[] = [
  operation({
    name: 'ListServersDetails',
    method: 'GET',
    path: '/v1/:project_id/cloudservers/detail',
    read: (req) => readServerQuery(req.query),
    async handle(query, env: EcsEnv) {
      const { total, items } = await env.ctx.store.reads.listServers({ ...query, accountId: env.caller.accountId, projectId: env.caller.projectId });
      return ok({ count: total, servers: items.map((s) => renderServer(s, env.ctx.world.flavor('huawei', s.flavorId), env.endpoint)) });
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
