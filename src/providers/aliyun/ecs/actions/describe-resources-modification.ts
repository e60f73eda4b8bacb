// DescribeResourcesModification (reference §7): the instance types (or system disks) an instance
// may change to, with their stock in the zone. The same rules as the spec changes decide what is
// offered (spec-rules.ts), so a type listed Available here is one ModifyInstanceSpec accepts.
import type { Flavor } from '../../../../core/model/types.js';
import { isOwnedBy } from '../../../../core/ownership.js';
import { AliyunFailure, refuse } from '../../shared/aliyun-errors.js';
import { MAX_ID, requireRegion, type ActionHandler } from '../ecs-action-context.js';
import { imageDoc, regionDoc, settingsDoc, stockOf, zoneOffers, type AliyunZoneDoc, type StockState } from '../ecs-world-docs.js';
import { isAliyunInstance } from '../instance-state.js';
import { catalogOrder, isOffline } from '../instance-types.js';
import { changeDirection, imageConflict, isAuthorizedType, isTypeChangeTarget } from '../spec-rules.js';

const SYSTEM_DISK_CATEGORIES = ['cloud_efficiency', 'cloud_ssd', 'cloud_essd'];

const statusOfStock = (s: StockState): 'Available' | 'SoldOut' => (s === 'WithoutStock' ? 'SoldOut' : 'Available');

/** A zone's own status: the best of what it offers. */
function zoneStock(states: StockState[]): StockState {
  if (states.includes('WithStock')) return 'WithStock';
  if (states.includes('ClosedWithStock')) return 'ClosedWithStock';
  return 'WithoutStock';
}

export const describeResourcesModification: ActionHandler = async (a) => {
  const p = a.params;
  const regionId = requireRegion(a);
  const resourceId = p.required('ResourceId', MAX_ID);
  const destination = p.str('DestinationResource', 32) ?? refuse('Invalid.Param', 'DestinationResource');
  if (destination !== 'InstanceType' && destination !== 'SystemDisk') refuse('InvalidParameter', 'DestinationResource');
  const operation = p.oneOf('OperationType', ['Upgrade', 'Downgrade', 'RenewDowngrade', 'RenewModify']) ?? 'Upgrade';
  const instanceType = p.str('InstanceType', MAX_ID);
  const cores = p.int('Cores', { min: 1, max: 100_000 });
  const memory = p.decimal('Memory', 0, 1_000_000);
  const migrateAcrossZone = p.bool('MigrateAcrossZone') ?? false;
  const zoneParam = p.str('ZoneId', MAX_ID);
  p.list('Conditions', 10, 64); // e.g. DiskCategory: accepted, no condition changes the answer here

  const instance = await a.app.store.reads.getServer(resourceId);
  if (!isAliyunInstance(instance) || !isOwnedBy(instance, { accountId: a.caller.accountId }) || instance.region !== regionId) refuse('InvalidResourceId.NotFound');
  // reference §7: pay-as-you-go instances only take OperationType=Upgrade
  if (instance.billing === 'postpaid' && operation !== 'Upgrade') refuse('InvalidParameter', 'OperationType');

  const region = await regionDoc(a.app.store.reads, regionId);
  const zoneId = zoneParam ?? instance.az;
  const zone: AliyunZoneDoc | undefined = region?.zones.find((z) => z.id === zoneId);
  if (!zone) refuse('InvalidZoneId.NotFound');

  let type: 'InstanceType' | 'SystemDisk';
  let offers: { value: string; stock: StockState }[];
  if (destination === 'SystemDisk') {
    if (instanceType === undefined) refuse('MissingParameter', 'InstanceType');
    const target = a.app.world.flavor('aliyun', instanceType);
    if (!target) refuse('InvalidInstanceType.ValueNotSupported');
    type = 'SystemDisk';
    offers = SYSTEM_DISK_CATEGORIES.map((value) => ({ value, stock: 'WithStock' as const }));
  } else {
    if (instanceType !== undefined) throw new AliyunFailure('InvalidParameter', 'InstanceType', {}, 'The specified parameter "InstanceType" is only valid when DestinationResource is SystemDisk.');
    const current = a.app.world.flavor('aliyun', instance.flavorId);
    const image = await imageDoc(a.app.store.reads, instance.imageId);
    const settings = await settingsDoc(a.app.store.reads);
    const wanted = (f: Flavor): boolean => {
      if (!current || !isTypeChangeTarget(current, f, migrateAcrossZone)) return false;
      // the types the spec changes would refuse for the image or the account are not offered either
      if (imageConflict(image, f) !== null || !isAuthorizedType(settings, a.caller.accountId, f.id)) return false;
      if (cores !== undefined && f.vcpus !== cores) return false;
      if (memory !== undefined && f.ramMb !== Math.round(memory * 1024)) return false;
      if (instance.billing === 'postpaid' || operation === 'RenewModify') return true;
      const direction = changeDirection(current, f);
      return operation === 'Upgrade' ? direction === 'upgrade' : direction === 'downgrade';
    };
    type = 'InstanceType';
    offers = [...a.app.world.flavors.values()]
      .filter((f) => f.cloud === 'aliyun' && zoneOffers(zone, f.id, !isOffline(f)) && wanted(f))
      .sort(catalogOrder)
      .map((f) => ({ value: f.id, stock: stockOf(zone, f.id) }));
  }
  if (offers.length === 0) return { AvailableZones: { AvailableZone: [] } };
  const overall = zoneStock(offers.map((o) => o.stock));
  return {
    AvailableZones: {
      AvailableZone: [
        {
          RegionId: regionId,
          ZoneId: zone.id,
          Status: statusOfStock(overall),
          StatusCategory: overall,
          AvailableResources: {
            AvailableResource: [
              {
                Type: type,
                SupportedResources: {
                  SupportedResource: offers.map((o) => ({ Value: o.value, Status: statusOfStock(o.stock), StatusCategory: o.stock })),
                },
              },
            ],
          },
        },
      ],
    },
  };
};
