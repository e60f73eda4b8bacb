// EVS (Elastic Volume Service) operations specshift serves, by the official SDK's names: the disks
// of the world's servers, each the one its server lists (shared/server-devices.ts).
import type { AppContext } from '../../../core/app-context.js';
import { uuidFrom } from '../../../core/derived-ids.js';
import { isOwnedBy } from '../../../core/ownership.js';
import { findImage } from '../shared/huawei-images.js';
import { ok, operation, type AnyHuaweiOperation } from '../shared/huawei-operation.js';
import { findDeviceOwner, serverVolumes } from '../shared/server-devices.js';
import { refuse } from './evs-refusals.js';
import { renderVolume } from './evs-render.js';

export interface EvsEnv {
  ctx: AppContext;
  caller: { accountId: string; projectId: string };
  endpoint: string;
}

export const EVS_OPERATIONS: readonly AnyHuaweiOperation<EvsEnv>[] = [
  operation({
    name: 'ShowVolume',
    method: 'GET',
    path: '/v2/:project_id/cloudvolumes/:volume_id',
    read: (req) => ({ volumeId: req.params.volume_id! }),
    async handle(cmd, env: EvsEnv) {
      const reads = env.ctx.store.reads;
      const found = await findDeviceOwner(reads, 'volume', cmd.volumeId);
      // another project's disk is as absent as a missing one
      if (!found || !isOwnedBy(found.server, env.caller)) {
        return refuse('volume.not-found', `Volume ${cmd.volumeId.slice(0, 64)} could not be found.`, [cmd.volumeId]);
      }
      const s = found.server;
      const v = serverVolumes(s)[found.index]!;
      const image = v.bootIndex === 0 ? await findImage(reads, s.imageId) : undefined;
      return ok({ volume: renderVolume(s, v, image, uuidFrom(`user/${s.accountId}`).replace(/-/g, ''), env.endpoint) });
    },
  }),
];
