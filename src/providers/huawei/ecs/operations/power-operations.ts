// BatchStartServers / BatchStopServers: one path, the operation chosen by the body's top-level key
// (ecs_02_0303; reference §10). Both answer a job id at once.
import { ecsInvalid, EMPTY_BODY, type EcsEnv } from '../ecs-env.js';
import { parseJson, Reader } from '../../shared/json-body.js';
import { ok, operation, type AnyHuaweiOperation } from '../../shared/huawei-operation.js';

const read = new Reader(ecsInvalid);
const UUIDISH = /^[A-Za-z0-9-]{1,64}$/;

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

export const POWER_OPERATIONS: readonly AnyHuaweiOperation<EcsEnv>[] = [
  operation({
    // the SDK's BatchStartServers and BatchStopServers (BatchRebootServers is refused)
    name: 'BatchStartServers/BatchStopServers',
    method: 'POST',
    path: '/v1/:project_id/cloudservers/action',
    read: (req) => readPowerBody(req.body),
    async handle(cmd, env: EcsEnv) {
      const accepted = await env.ecs.power(env.caller, cmd.action, cmd.serverIds, cmd.hard);
      return ok({ job_id: accepted.jobId });
    },
  }),
];
