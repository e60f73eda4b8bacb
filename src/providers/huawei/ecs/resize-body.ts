// Request bodies of the resize APIs, read field by field (seed 001 tables; ecs_02_0210 for v1).
import type { ResizeRequest } from '../../../core/rules/resize-rules.js';
import type { BatchResizeRequest } from '../../../core/services/ecs-service.js';
import { ecsInvalid, parseJson, Reader, type Json } from '../shared/json-body.js';
import { WireFailure } from '../shared/http-error.js';

const read = new Reader(ecsInvalid);
export const EMPTY_BODY = new WireFailure(400, 'Common.0002', 'The request body is empty.');
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

export function readResizeBody(raw: Buffer | undefined, api: 'v1' | 'v1.1'): { req: ResizeRequest; dryRun: boolean } {
  const body = read.object(parseJson(raw, ecsInvalid, EMPTY_BODY), 'body', ['resize', 'dry_run']);
  const fields = api === 'v1.1' ? ['flavorRef', 'dedicated_host_id', 'extendparam', 'mode', 'cpu_options'] : ['flavorRef', 'mode', 'cpu_options'];
  if (body.resize === undefined) throw ecsInvalid('resize is mandatory');
  const r = read.object(body.resize, 'resize', fields);
  const flavorRef = read.string(r.flavorRef, 'resize.flavorRef', { max: 128, pattern: FLAVOR_ID });
  const dedicatedHostId = read.optionalString(r.dedicated_host_id, 'resize.dedicated_host_id', { max: 64, pattern: UUIDISH }) ?? null;
  const ext = read.optionalObject(r.extendparam, 'resize.extendparam', ['isAutoPay']);
  const autoPay = ext ? read.optionalString(ext.isAutoPay, 'resize.extendparam.isAutoPay', { max: 5 }) : undefined;
  if (autoPay !== undefined && autoPay !== 'true' && autoPay !== 'false') throw ecsInvalid('resize.extendparam.isAutoPay must be "true" or "false"');
  return {
    req: {
      api,
      flavorRef,
      withStopServer: readMode(r.mode, 'resize.mode'),
      cpuThreads: readCpuThreads(r.cpu_options, 'resize.cpu_options'),
      dedicatedHostId,
      autoPay: autoPay === 'true',
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
  const ext = read.optionalObject(r.extendparam, 'resize.extendparam', ['isAutoPay']);
  const autoPay = ext ? read.optionalString(ext.isAutoPay, 'resize.extendparam.isAutoPay', { max: 5 }) : undefined;
  if (autoPay !== undefined && autoPay !== 'true' && autoPay !== 'false') throw ecsInvalid('resize.extendparam.isAutoPay must be "true" or "false"');
  return {
    flavorRef,
    serverIds: servers,
    withStopServer: readMode(r.mode, 'resize.mode'),
    cpuThreads: readCpuThreads(r.cpu_options, 'resize.cpu_options'),
    autoPay: autoPay === 'true',
    promotion: promo
      ? { type: read.string(promo.type, 'resize.promotion.type', { max: 64 }), id: read.string(promo.id, 'resize.promotion.id', { max: 128 }) }
      : null,
  };
}

export function readPowerBody(raw: Buffer | undefined): { action: 'start' | 'stop'; serverIds: string[]; hard: boolean } {
  const body = read.object(parseJson(raw, ecsInvalid, EMPTY_BODY), 'body', ['os-start', 'os-stop', 'reboot']);
  const keys = Object.keys(body);
  if (keys.length !== 1) throw ecsInvalid('exactly one of os-start, os-stop must be given');
  if (keys[0] === 'reboot') throw ecsInvalid('reboot is not supported by this endpoint');
  const action = keys[0] === 'os-start' ? 'start' : 'stop';
  const o = read.object(body[keys[0]!], keys[0]!, action === 'stop' ? ['servers', 'type'] : ['servers']);
  const type = read.optionalString(o.type, `${keys[0]}.type`, { max: 8 });
  if (type !== undefined && type !== 'SOFT' && type !== 'HARD') throw ecsInvalid('os-stop.type must be SOFT or HARD');
  const servers = read.array(o.servers, `${keys[0]}.servers`, 1, 1000).map((s, i) => {
    const so = read.object(s, `${keys[0]}.servers[${i}]`, ['id']);
    return read.string(so.id, `${keys[0]}.servers[${i}].id`, { max: 64, pattern: UUIDISH });
  });
  if (new Set(servers).size !== servers.length) throw ecsInvalid(`${keys[0]}.servers contains a duplicated server id`);
  return { action, serverIds: servers, hard: type === 'HARD' };
}
