// Why Huawei ECS refuses a request, in domain terms, and the code each reason answers with. The
// rules and the service throw these reasons; the codes come from the one Huawei catalogue.
import { fail, type CoreReason } from '../../../core/errors.js';
import type { HuaweiErrorCode } from '../shared/huawei-errors.js';

export type EcsReason =
  | 'server.not-found'
  | 'server.not-stopped'
  | 'server.busy'
  | 'server.spot'
  | 'server.windows'
  | 'server.locked'
  | 'server.frozen'
  | 'server.on-dedicated-host'
  | 'server.dedicated-host-required'
  | 'server.prepaid'
  | 'server.billing-mixed'
  | 'server.az-mixed'
  | 'server.flavor-mixed'
  | 'server.market-image'
  | 'flavor.not-found'
  | 'flavor.same'
  | 'flavor.sold-out'
  | 'flavor.abandoned'
  | 'flavor.not-offered'
  | 'flavor.downsize'
  | 'cpu-options.invalid'
  | 'batch.too-many'
  | 'batch.duplicate'
  | 'batch.auto-pay'
  | 'job.not-found'
  | 'volume.not-attached';

export const refuse = (reason: EcsReason, message: string, subjects: readonly string[] = []): never => fail(reason, message, subjects);

/**
 * ECS's codes (ecs_07_0002). Several reasons share a code: the real service answers a mixed batch,
 * a duplicate id and a bad cpu_options alike with Ecs.0005. Decisions: docs/huawei-ecs.md.
 */
export const ECS_REFUSALS: Record<EcsReason | CoreReason, HuaweiErrorCode> = {
  'server.not-found': 'Ecs.0114',
  'server.not-stopped': 'Ecs.0100',
  'server.busy': 'Ecs.0100',
  'server.spot': 'Ecs.0704',
  'server.windows': 'Ecs.0802',
  'server.locked': 'Ecs.0605',
  'server.frozen': 'Ecs.0030',
  'server.on-dedicated-host': 'Ecs.0803',
  'server.dedicated-host-required': 'Ecs.0803',
  'server.prepaid': 'Ecs.0112',
  'server.billing-mixed': 'Ecs.0005',
  'server.az-mixed': 'Ecs.0005',
  'server.flavor-mixed': 'Ecs.0005',
  'server.market-image': 'Ecs.0802',
  'flavor.not-found': 'Ecs.0029',
  'flavor.same': 'Ecs.0810',
  'flavor.sold-out': 'Ecs.0018',
  'flavor.abandoned': 'Ecs.0019',
  'flavor.not-offered': 'Ecs.0804',
  'flavor.downsize': 'Ecs.0804',
  'cpu-options.invalid': 'Ecs.0005',
  'batch.too-many': 'Ecs.0118',
  'batch.duplicate': 'Ecs.0005',
  'batch.auto-pay': 'Ecs.0005',
  'job.not-found': 'Common.0011',
  'volume.not-attached': 'Ecs.1000',
  'order.not-payable': 'Ecs.7000',
  'order.balance': 'Ecs.7000',
  'resource.busy': 'Ecs.0100',
};
