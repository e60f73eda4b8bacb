// A server's disks as ECS shows them (ShowServerBlockDevice, ListServerBlockDevices; the volumes
// EVS shows, shared/server-devices.ts) and its auto-recovery setting (ShowServerAutoRecovery /
// RegisterServerAutoRecovery: "discarded" APIs, gone from the SDKs since 3.1.90, still called by
// Ansible's hwc_ecs_instance).
import { ecsInvalid, EMPTY_BODY, type EcsEnv } from '../ecs-env.js';
import { refuse } from '../ecs-refusals.js';
import { renderAttachableQuantity, renderBlockDevice } from '../ecs-render.js';
import { autoRecoveryOf, serverVolumes } from '../../shared/server-devices.js';
import { ok, operation, type AnyHuaweiOperation } from '../../shared/huawei-operation.js';
import { parseJson, Reader } from '../../shared/json-body.js';

const read = new Reader(ecsInvalid);

export function readAutoRecoveryBody(raw: Buffer | undefined): boolean {
  const body = read.object(parseJson(raw, ecsInvalid, EMPTY_BODY), 'body', ['support_auto_recovery']);
  const v = read.string(body.support_auto_recovery, 'support_auto_recovery', { max: 5 });
  if (v !== 'true' && v !== 'false') throw ecsInvalid('support_auto_recovery must be "true" or "false"');
  return v === 'true';
}

export const DEVICE_OPERATIONS: readonly AnyHuaweiOperation<EcsEnv>[] = [
  operation({
    name: 'ListServerBlockDevices',
    method: 'GET',
    path: '/v1/:project_id/cloudservers/:server_id/block_device',
    read: (req) => ({ serverId: req.params.server_id! }),
    async handle(cmd, env: EcsEnv) {
      const s = await env.ecs.server(env.caller, cmd.serverId);
      const volumes = serverVolumes(s);
      return ok({ attachableQuantity: renderAttachableQuantity(volumes), volumeAttachments: volumes.map((v) => renderBlockDevice(s, v)) });
    },
  }),
  operation({
    name: 'ShowServerBlockDevice',
    method: 'GET',
    path: '/v1/:project_id/cloudservers/:server_id/block_device/:volume_id',
    read: (req) => ({ serverId: req.params.server_id!, volumeId: req.params.volume_id! }),
    async handle(cmd, env: EcsEnv) {
      const s = await env.ecs.server(env.caller, cmd.serverId);
      const v = serverVolumes(s).find((x) => x.id === cmd.volumeId.toLowerCase());
      // Nova's answer relayed (os-volume_attachments/{id}): itemNotFound inside Ecs.1000
      if (!v) return refuse('volume.not-attached', `{"itemNotFound": {"message": "volume_id not found: ${cmd.volumeId.slice(0, 64)}", "code": 404}}`, [cmd.volumeId]);
      return ok({ volumeAttachment: renderBlockDevice(s, v) });
    },
  }),
  operation({
    name: 'ShowServerAutoRecovery',
    method: 'GET',
    path: '/v1/:project_id/cloudservers/:server_id/autorecovery',
    read: (req) => ({ serverId: req.params.server_id! }),
    async handle(cmd, env: EcsEnv) {
      const s = await env.ecs.server(env.caller, cmd.serverId);
      // a string, not a boolean (ShowServerAutoRecoveryResponse.support_auto_recovery: string)
      return ok({ support_auto_recovery: String(autoRecoveryOf(s)) });
    },
  }),
  operation({
    name: 'RegisterServerAutoRecovery',
    method: 'PUT',
    path: '/v1/:project_id/cloudservers/:server_id/autorecovery',
    read: (req) => ({ serverId: req.params.server_id!, on: readAutoRecoveryBody(req.body) }),
    async handle(cmd, env: EcsEnv) {
      await env.ecs.setAutoRecovery(env.caller, cmd.serverId, cmd.on);
      return { status: 204 };
    },
  }),
];
