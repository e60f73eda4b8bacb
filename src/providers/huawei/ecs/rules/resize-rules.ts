// Resize rules as pure functions. Each check names the seed it comes from.
import type { AccountKind, Flavor, Server } from '../../../../core/model/types.js';
import { refuse } from '../ecs-refusals.js';
import { isBusy } from './server-status.js';
import { isSellable, saleStateIn } from './flavor-availability.js';

export interface ResizeRequest {
  /** 'v1' is the pay-per-use API (ecs_02_0210), 'v1.1' the one that also takes yearly/monthly servers (seed 001) */
  api: 'v1' | 'v1.1' | 'batch';
  flavorRef: string;
  withStopServer: boolean;
  cpuThreads: 1 | 2 | null;
  dedicatedHostId: string | null;
  autoPay: boolean;
}

/**
 * Target flavors a source flavor may move to: same CPU architecture and virtualization, not the
 * source itself, not withdrawn from sale region-wide. Sold-out flavors stay listed (the real
 * resize_flavors shows them with their per-AZ state) but are refused at resize time.
 */
export function isResizeTarget(source: Flavor, target: Flavor): boolean {
  if (source.id === target.id) return false;
  const same = (k: string) => (source.extraSpecs[k] ?? '') === (target.extraSpecs[k] ?? '');
  if (!same('ecs:instance_architecture') || !same('ecs:virtualization_env_types')) return false;
  return (target.extraSpecs['cond:operation:status'] ?? 'normal') !== 'abandon';
}

/** The whole rule set for one server; throws the first violated rule as a DomainError. */
export function checkResize(
  server: Server,
  current: Flavor | undefined,
  target: Flavor | undefined,
  accountKind: AccountKind,
  req: ResizeRequest,
): void {
  const id = [server.id];
  // seed 001: "Huawei Cloud no longer provides Windows images ... cannot be used ... Windows ECSs"
  if (server.osType === 'Windows') refuse('server.windows', `Windows ECS ${server.id} does not support specification modification.`, id);
  // seed 001 constraint: spot ECSs do not support specifications modification
  if (server.spot) refuse('server.spot', `Spot ECS ${server.id} does not support specification modification.`, id);
  // ecs_02_0210: the v1 API serves pay-per-use ECSs only; yearly/monthly ones go through v1.1
  if (req.api === 'v1' && server.billing === 'prepaid') {
    refuse('server.prepaid', `ECS ${server.id} is billed yearly/monthly; use the v1.1 API to modify its specifications.`, id);
  }
  if (server.locked) refuse('server.locked', `ECS ${server.id} is locked.`, id);
  if (server.frozen) refuse('server.frozen', `ECS ${server.id} is frozen.`, id);
  if (isBusy(server)) refuse('server.busy', `ECS ${server.id} is being operated by another task.`, id);
  // seed 001 constraint: only a stopped ECS, unless mode=withStopServer stops it first (seed 000)
  if (server.vmState !== 'stopped' && !(req.withStopServer && server.vmState === 'active')) {
    refuse('server.not-stopped', `ECS ${server.id} must be stopped before its specifications are modified.`, id);
  }
  if (server.dedicatedHostId) {
    // seed 000: ECSs on DeHs cannot be batch modified; seed 001: dedicated_host_id mandatory for DeH ECSs
    if (req.api === 'batch') refuse('server.on-dedicated-host', `ECS ${server.id} is deployed on a DeH and cannot be batch modified.`, id);
    if (!req.dedicatedHostId) refuse('server.dedicated-host-required', `ECS ${server.id} is deployed on a DeH; dedicated_host_id is mandatory.`, id);
  }
  if (!target) return refuse('flavor.not-found', `Flavor ${req.flavorRef} does not exist.`, [req.flavorRef]);
  // seeds 001/002: the same flavor is not a modification
  if (target.id === server.flavorId) refuse('flavor.same', `ECS ${server.id} already uses flavor ${target.id}.`, id);
  if (current && !isResizeTarget(current, target)) {
    if ((target.extraSpecs['cond:operation:status'] ?? 'normal') === 'abandon') {
      refuse('flavor.abandoned', `Flavor ${target.id} is no longer on sale.`, [target.id]);
    }
    refuse('flavor.not-offered', `Flavor ${current.id} cannot be changed to ${target.id}.`, [target.id]);
  }
  const sale = saleStateIn(target, server.az);
  if (sale === 'abandon') refuse('flavor.abandoned', `Flavor ${target.id} is no longer on sale in ${server.az}.`, [target.id]);
  if (!isSellable(sale)) refuse('flavor.sold-out', `Flavor ${target.id} is sold out in ${server.az}.`, [target.id]);
  // seed 002: partners and their customers may not reduce CPU or memory
  if ((accountKind === 'partner' || accountKind === 'partner_customer') && current) {
    if (target.vcpus < current.vcpus || target.ramMb < current.ramMb) {
      refuse('flavor.downsize', `The CPU and memory of flavor ${target.id} may not be smaller than those of ${current.id}.`, [target.id]);
    }
  }
  // seeds 000/001 cpu_options: hyper-threading can be turned off only on dedicated flavors with 2 threads per core
  if (req.cpuThreads === 1) {
    const dedicated = target.extraSpecs['hw:cpu_policy'] === 'dedicated' && target.extraSpecs['hw:cpu_threads'] === '2';
    if (!dedicated) {
      refuse('cpu-options.invalid', `hw:cpu_threads=1 requires a target flavor with hw:cpu_policy=dedicated and hw:cpu_threads=2; ${target.id} has neither.`, [target.id]);
    }
  }
}
