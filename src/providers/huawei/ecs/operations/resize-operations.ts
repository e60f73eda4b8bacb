// ResizeServer (v1.1, seed 001), ResizePostPaidServer (v1, ecs_02_0210) and BatchResizeServers
// (seed 000): request bodies read field by field, then the service decides.
import type { BatchResizeRequest } from '../ecs-service.js';
import { ecsInvalid, EMPTY_BODY, type EcsEnv } from '../ecs-env.js';
import type { ResizeRequest } from '../rules/resize-rules.js';
import { parseJson, Reader, type Json } from '../../shared/json-body.js';
import { ok, operation, type AnyHuaweiOperation } from '../../shared/huawei-operation.js';

const read = new Reader(ecsInvalid);
const FLAVOR_ID = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const UUIDISH = /^[A-Za-z0-9-]{1,64}$/;

export function readCpuThreads(v: Json | undefined, path: string): 1 | 2 | null {
  const o = read.optionalObject(v, path, ['hw:cpu_threads']);
  if (!o) return null;
  return (read.optionalInteger(o['hw:cpu_threads'], `${path}.hw:cpu_threads`, [1, 2]) as 1 | 2 | undefined) ?? null;
}

export function readMode(v: Json | undefined, path: string): boolean {
  const mode = read.optionalString(v, path, { max: 32 });
  if (mode !== undefined && mode !== 'withStopServer') throw ecsInvalid(`${path} must be withStopServer`);
  return mode === 'withStopServer';
}

function readAutoPay(v: Json | undefined): boolean {
  const ext = read.optionalObject(v, 'resize.extendparam', ['isAutoPay']);
  const autoPay = ext ? read.optionalString(ext.isAutoPay, 'resize.extendparam.isAutoPay', { max: 5 }) : undefined;
  if (autoPay !== undefined && autoPay !== 'true' && autoPay !== 'false') throw ecsInvalid('resize.extendparam.isAutoPay must be "true" or "false"');
  return autoPay === 'true';
}

export function readResizeBody(raw: Buffer | undefined, api: 'v1' | 'v1.1'): { req: ResizeRequest; dryRun: boolean } {
  const body = read.object(parseJson(raw, ecsInvalid, EMPTY_BODY), 'body', ['resize', 'dry_run']);
  const fields = api === 'v1.1' ? ['flavorRef', 'dedicated_host_id', 'extendparam', 'mode', 'cpu_options'] : ['flavorRef', 'mode', 'cpu_options'];
  if (body.resize === undefined) throw ecsInvalid('resize is mandatory');
  const r = read.object(body.resize, 'resize', fields);
  const flavorRef = read.string(r.flavorRef, 'resize.flavorRef', { max: 128, pattern: FLAVOR_ID });
  const dedicatedHostId = read.optionalString(r.dedicated_host_id, 'resize.dedicated_host_id', { max: 64, pattern: UUIDISH }) ?? null;
  const autoPay = readAutoPay(r.extendparam);
  return {
    req: {
      api,
      flavorRef,
      withStopServer: readMode(r.mode, 'resize.mode'),
      cpuThreads: readCpuThreads(r.cpu_options, 'resize.cpu_options'),
      dedicatedHostId,
      autoPay,
    },
    dryRun: read.optionalBoolean(body.dry_run, 'dry_run') ?? false,
  };
}

export function readBatchResizeBody(raw: Buffer | undefined): BatchResizeRequest {
  const body = read.object(parseJson(raw, ecsInvalid, EMPTY_BODY), 'body', ['resize']);
  if (body.resize === undefined) throw ecsInvalid('resize is mandatory');
  const r = read.object(body.resize, 'resize', ['flavorRef', 'servers', 'mode', 'cpu_options', 'promotion', 'extendparam']);
  const flavorRef = read.string(r.flavorRef, 'resize.flavorRef', { max: 128, pattern: FLAVOR_ID });
  // the 50-server limit has its own code (Ecs.0118); the array bound here only stops abuse
  const servers = read.array(r.servers, 'resize.servers', 1, 10_000).map((s, i) => {
    const so = read.object(s, `resize.servers[${i}]`, ['id']);
    return read.string(so.id, `resize.servers[${i}].id`, { max: 64, pattern: UUIDISH });
  });
  const promo = read.optionalObject(r.promotion, 'resize.promotion', ['type', 'id']);
  const autoPay = readAutoPay(r.extendparam);
  return {
    flavorRef,
    serverIds: servers,
    withStopServer: readMode(r.mode, 'resize.mode'),
    cpuThreads: readCpuThreads(r.cpu_options, 'resize.cpu_options'),
    autoPay,
    promotion: promo
      ? { type: read.string(promo.type, 'resize.promotion.type', { max: 64 }), id: read.string(promo.id, 'resize.promotion.id', { max: 128 }) }
      : null,
  };
}

const resizeOperation = (name: string, api: 'v1' | 'v1.1') =>
  operation({
    name,
    method: 'POST',
    path: `/${api}/:project_id/cloudservers/:server_id/resize`,
    read: (req) => ({ serverId: req.params.server_id!, ...readResizeBody(req.body, api) }),
    async handle(cmd, env: EcsEnv) {
      const accepted = await env.ecs.resize(env.caller, cmd.serverId, cmd.req, cmd.dryRun);
      // dry_run: every check passed, nothing changed (seed 001: "pass -> HTTP 202")
      if (!accepted) return { status: 202 };
      return ok(accepted.orderId ? { order_id: accepted.orderId, job_id: accepted.jobId } : { job_id: accepted.jobId });
    },
  });

export const RESIZE_OPERATIONS: readonly AnyHuaweiOperation<EcsEnv>[] = [
  resizeOperation('ResizeServer', 'v1.1'),
  resizeOperation('ResizePostPaidServer', 'v1'),
  operation({
    name: 'BatchResizeServers',
    method: 'POST',
    path: '/v1/:project_id/cloudservers/batch-resize',
    read: (req) => readBatchResizeBody(req.body),
    async handle(cmd, env: EcsEnv) {
      const accepted = await env.ecs.batchResize(env.caller, cmd);
      return ok(accepted.orderId ? { job_id: accepted.jobId, order_id: accepted.orderId } : { job_id: accepted.jobId });
    },
  }),
];
