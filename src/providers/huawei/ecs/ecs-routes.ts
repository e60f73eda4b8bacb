import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Flavor, Server } from '../../../core/model/types.js';
import { isResizeTarget } from '../../../core/rules/resize-rules.js';
import { isSellable, saleStateIn } from '../../../core/rules/flavor-availability.js';
import type { ServerQuery } from '../../../store/store.js';
import type { AppContext } from '../../../server/app-context.js';
import { authenticateHuawei, requireProject, type HuaweiCaller } from '../shared/huawei-auth.js';
import { huaweiEcsErrorHandler } from '../shared/huawei-errors.js';
import { ecsInvalid } from '../shared/json-body.js';
import { idSuffixesForIp } from './server-ip.js';
import { renderFlavor, renderJob, renderResizeFlavor, renderServer } from './render.js';
import { readBatchResizeBody, readPowerBody, readResizeBody } from './resize-body.js';
import { fail } from '../../../core/errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    huaweiCaller?: HuaweiCaller;
  }
}

type Params = { project_id: string; server_id: string; job_id: string };
type Query = Record<string, string | string[] | undefined>;

const one = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[v.length - 1] : v);
const many = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

function intParam(q: Query, name: string, def: number, min: number, max: number): number {
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

export async function huaweiEcsRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  app.setErrorHandler(huaweiEcsErrorHandler);
  app.addHook('preHandler', async (req) => {
    req.huaweiCaller = await authenticateHuawei(req, ctx.world, ctx.store, ctx.wallClock);
  });
  const callerOf = (req: FastifyRequest<{ Params: Partial<Params> }>) => {
    const caller = req.huaweiCaller!;
    const projectId = requireProject(caller, ctx.world, req.params.project_id!);
    return { accountId: caller.accountId, projectId };
  };
  const endpointOf = (req: FastifyRequest) => `${req.protocol}://${req.headers.host ?? '127.0.0.1'}`;

  for (const api of ['v1', 'v1.1'] as const) {
    app.post<{ Params: Params }>(`/${api}/:project_id/cloudservers/:server_id/resize`, async (req, reply) => {
      const caller = callerOf(req);
      const { req: resize, dryRun } = readResizeBody(req.body as Buffer | undefined, api);
      const accepted = await ctx.ecs.resize(caller, req.params.server_id, resize, dryRun);
      // dry_run: every check passed, nothing changed (seed 001: "pass -> HTTP 202")
      if (!accepted) return reply.code(202).send();
      return reply.code(200).send(accepted.orderId ? { order_id: accepted.orderId, job_id: accepted.jobId } : { job_id: accepted.jobId });
    });
  }

  app.post<{ Params: Params }>('/v1/:project_id/cloudservers/batch-resize', async (req, reply) => {
    const caller = callerOf(req);
    const accepted = await ctx.ecs.batchResize(caller, readBatchResizeBody(req.body as Buffer | undefined));
    return reply.code(200).send(accepted.orderId ? { job_id: accepted.jobId, order_id: accepted.orderId } : { job_id: accepted.jobId });
  });

  app.post<{ Params: Params }>('/v1/:project_id/cloudservers/action', async (req, reply) => {
    const caller = callerOf(req);
    const body = readPowerBody(req.body as Buffer | undefined);
    const accepted = await ctx.ecs.power(caller, body.action, body.serverIds, body.hard);
    return reply.code(200).send({ job_id: accepted.jobId });
  });

  app.get<{ Params: Params }>('/v1/:project_id/jobs/:job_id', async (req) => {
    const caller = callerOf(req);
    const { job, children } = await ctx.ecs.getJob(caller, req.params.job_id);
    return renderJob(job, children);
  });

  app.get<{ Params: Params; Querystring: Query }>('/v1/:project_id/cloudservers/detail', async (req) => {
    const caller = callerOf(req);
    const q = req.query;
    const ids = many(q.server_id);
    const limit = intParam(q, 'limit', 25, 1, 1000);
    const offset = intParam(q, 'offset', 1, 1, 1_000_000_000);
    const query: ServerQuery = { accountId: caller.accountId, projectId: caller.projectId, limit };
    if (ids.length) {
      query.ids = ids; // server_id overrides every other filter
    } else {
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
    }
    const { total, items } = await ctx.store.reads.listServers(query);
    const endpoint = endpointOf(req);
    return { count: total, servers: items.map((s) => renderServer(s, ctx.world.flavor('huawei', s.flavorId), endpoint)) };
  });

  app.get<{ Params: Params; Querystring: Query }>('/v1/:project_id/cloudservers/flavors', async (req) => {
    const caller = callerOf(req);
    const az = one(req.query.availability_zone);
    const flavorId = one(req.query.flavor_id);
    let flavors = [...ctx.world.flavors.values()].filter((f) => f.cloud === 'huawei');
    if (flavorId) flavors = flavors.filter((f) => f.id === flavorId);
    if (az) {
      // only flavors sellable in that AZ (normal, obt, promotion)
      flavors = flavors.filter((f) => isSellable(saleStateIn(f, az)));
    }
    const endpoint = endpointOf(req);
    return { flavors: flavors.map((f) => renderFlavor(f, endpoint, caller.projectId)) };
  });

  app.get<{ Params: Params; Querystring: Query }>('/v1/:project_id/cloudservers/resize_flavors', async (req) => {
    const caller = callerOf(req);
    const q = req.query;
    const instance = one(q.instance_uuid);
    const sourceId = one(q.source_flavor_id);
    const sourceName = one(q.source_flavor_name);
    let source: Flavor | undefined;
    if (instance) {
      const server = await ctx.store.reads.getServer(instance);
      if (!server || server.cloud !== 'huawei' || server.accountId !== caller.accountId || server.projectId !== caller.projectId) {
        fail('server.not-found', `The ECS ${instance} does not exist.`, [instance]);
      }
      source = ctx.world.flavor('huawei', (server as Server).flavorId);
    } else if (sourceId || sourceName) {
      source = ctx.world.flavor('huawei', (sourceId ?? sourceName)!);
      if (!source) fail('flavor.not-found', `Flavor ${(sourceId ?? sourceName)!.slice(0, 64)} does not exist.`);
    } else {
      throw ecsInvalid('one of instance_uuid, source_flavor_id, source_flavor_name is mandatory');
    }
    const sortKey = one(q.sort_key) ?? 'flavorid';
    const sortDir = one(q.sort_dir) ?? 'asc';
    if (!['flavorid', 'sort_key', 'name', 'memory_mb', 'vcpus', 'root_gb'].includes(sortKey)) throw ecsInvalid('sort_key is invalid');
    if (sortDir !== 'asc' && sortDir !== 'desc') throw ecsInvalid('sort_dir must be asc or desc');
    const limit = intParam(q, 'limit', 1000, 1, 1000);
    const key = (f: Flavor): string | number =>
      sortKey === 'memory_mb' ? f.ramMb : sortKey === 'vcpus' ? f.vcpus : sortKey === 'root_gb' ? 0 : f.id;
    let targets = [...ctx.world.flavors.values()].filter((f) => f.cloud === 'huawei' && source && isResizeTarget(source, f));
    targets.sort((a, b) => {
      const x = key(a);
      const y = key(b);
      const c = x < y ? -1 : x > y ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
      return sortDir === 'asc' ? c : -c;
    });
    const marker = one(q.marker);
    if (marker) {
      const i = targets.findIndex((f) => f.id === marker);
      targets = i < 0 ? [] : targets.slice(i + 1);
    }
    const endpoint = endpointOf(req);
    return { flavors: targets.slice(0, limit).map((f) => renderResizeFlavor(f, endpoint, caller.projectId)) };
  });

  app.get<{ Params: Params }>('/v1/:project_id/cloudservers/:server_id', async (req) => {
    const caller = callerOf(req);
    const s = await ctx.store.reads.getServer(req.params.server_id);
    if (!s || s.cloud !== 'huawei' || s.accountId !== caller.accountId || s.projectId !== caller.projectId) {
      return fail('server.not-found', `The ECS ${req.params.server_id.slice(0, 64)} does not exist.`, [req.params.server_id]);
    }
    return { server: renderServer(s, ctx.world.flavor('huawei', s.flavorId), endpointOf(req)) };
  });
}
