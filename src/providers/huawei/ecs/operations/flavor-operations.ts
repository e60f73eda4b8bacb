// ListFlavors (ecs_02_0401) and ListResizeFlavors (reference §8): the world's Huawei flavors, the
// second filtered by what a source flavor may become.
import type { Flavor } from '../../../../core/model/types.js';
import { ecsInvalid, type EcsEnv } from '../ecs-env.js';
import { refuse } from '../ecs-refusals.js';
import { renderFlavor, renderResizeFlavor } from '../ecs-render.js';
import { isSellable, saleStateIn } from '../rules/flavor-availability.js';
import { isResizeTarget } from '../rules/resize-rules.js';
import { ok, one, operation, type AnyHuaweiOperation, type Query } from '../../shared/huawei-operation.js';
import { intParam } from './server-operations.js';

const SORT_KEYS = ['flavorid', 'sort_key', 'name', 'memory_mb', 'vcpus', 'root_gb'];

function readResizeFlavorsQuery(q: Query) {
  const instance = one(q.instance_uuid);
  const sourceId = one(q.source_flavor_id);
  const sourceName = one(q.source_flavor_name);
  if (!instance && !sourceId && !sourceName) throw ecsInvalid('one of instance_uuid, source_flavor_id, source_flavor_name is mandatory');
  const sortKey = one(q.sort_key) ?? 'flavorid';
  const sortDir = one(q.sort_dir) ?? 'asc';
  if (!SORT_KEYS.includes(sortKey)) throw ecsInvalid('sort_key is invalid');
  if (sortDir !== 'asc' && sortDir !== 'desc') throw ecsInvalid('sort_dir must be asc or desc');
  const limit = intParam(q, 'limit', 1000, 1, 1000);
  return { instance, source: sourceId ?? sourceName, sortKey, sortDir, limit, marker: one(q.marker) };
}

export const FLAVOR_OPERATIONS: readonly AnyHuaweiOperation<EcsEnv>[] = [
  operation({
    name: 'ListFlavors',
    method: 'GET',
    path: '/v1/:project_id/cloudservers/flavors',
    read: (req) => ({ az: one(req.query.availability_zone), flavorId: one(req.query.flavor_id) }),
    async handle(cmd, env: EcsEnv) {
      let flavors = [...env.ctx.world.flavors.values()].filter((f) => f.cloud === 'huawei');
      if (cmd.flavorId) flavors = flavors.filter((f) => f.id === cmd.flavorId);
      // only flavors sellable in that AZ (normal, obt, promotion)
      if (cmd.az) flavors = flavors.filter((f) => isSellable(saleStateIn(f, cmd.az!)));
      return ok({ flavors: flavors.map((f) => renderFlavor(f, env.endpoint, env.caller.projectId)) });
    },
  }),
  operation({
    name: 'ListResizeFlavors',
    method: 'GET',
    path: '/v1/:project_id/cloudservers/resize_flavors',
    read: (req) => readResizeFlavorsQuery(req.query),
    async handle(cmd, env: EcsEnv) {
      const world = env.ctx.world;
      let source: Flavor | undefined;
      if (cmd.instance) {
        source = world.flavor('huawei', (await env.ecs.server(env.caller, cmd.instance)).flavorId);
      } else {
        source = world.flavor('huawei', cmd.source!);
        if (!source) refuse('flavor.not-found', `Flavor ${cmd.source!.slice(0, 64)} does not exist.`);
      }
      const key = (f: Flavor): string | number =>
        cmd.sortKey === 'memory_mb' ? f.ramMb : cmd.sortKey === 'vcpus' ? f.vcpus : cmd.sortKey === 'root_gb' ? 0 : f.id;
      let targets = [...world.flavors.values()].filter((f) => f.cloud === 'huawei' && source && isResizeTarget(source, f));
      targets.sort((a, b) => {
        const x = key(a);
        const y = key(b);
        const c = x < y ? -1 : x > y ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
        return cmd.sortDir === 'asc' ? c : -c;
      });
      if (cmd.marker) {
        const i = targets.findIndex((f) => f.id === cmd.marker);
        targets = i < 0 ? [] : targets.slice(i + 1);
      }
      return ok({ flavors: targets.slice(0, cmd.limit).map((f) => renderResizeFlavor(f, env.endpoint, env.caller.projectId)) });
    },
  }),
];
