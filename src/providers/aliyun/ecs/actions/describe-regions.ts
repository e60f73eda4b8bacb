// DescribeRegions and DescribeZones: the world's Alibaba regions and zones, with what each zone
// offers for a new instance (types with stock).
import { catalogOrder, isOffline } from '../instance-types.js';
import { requireRegion, type ActionHandler } from '../ecs-action-context.js';
import { regionDoc, regionDocs, stockOf, zoneOffers } from '../ecs-world-docs.js';

const DISK_CATEGORIES = ['cloud_efficiency', 'cloud_ssd', 'cloud_essd'];

export const describeRegions: ActionHandler = async (a) => {
  a.params.oneOf('InstanceChargeType', ['PrePaid', 'PostPaid', 'SpotWithPriceLimit', 'SpotAsPriceGo']);
  a.params.str('ResourceType', 32);
  a.params.str('AcceptLanguage', 16);
  const regions = await regionDocs(a.app.store.reads);
  return {
    Regions: {
      Region: regions.map((r) => ({ RegionId: r.id, LocalName: r.localName, RegionEndpoint: `ecs.${r.id}.aliyuncs.com`, Status: 'available' })),
    },
  };
};

export const describeZones: ActionHandler = async (a) => {
  const regionId = requireRegion(a);
  const verbose = a.params.bool('Verbose') ?? true;
  a.params.str('AcceptLanguage', 16);
  a.params.oneOf('InstanceChargeType', ['PrePaid', 'PostPaid']);
  a.params.oneOf('SpotStrategy', ['NoSpot', 'SpotWithPriceLimit', 'SpotAsPriceGo']);
  const region = await regionDoc(a.app.store.reads, regionId);
  const catalog = [...a.app.world.flavors.values()].filter((f) => f.cloud === 'aliyun').sort(catalogOrder);
  return {
    Zones: {
      Zone: (region?.zones ?? []).map((z) => {
        const types = catalog.filter((f) => !isOffline(f) && zoneOffers(z, f.id, true) && stockOf(z, f.id) !== 'WithoutStock').map((f) => f.id);
        const base = { ZoneId: z.id, LocalName: z.localName, ZoneType: 'AvailabilityZone' };
        if (!verbose) return base;
        return {
          ...base,
          AvailableResourceCreation: { ResourceTypes: ['VSwitch', 'IoOptimized', 'Instance', 'Disk'] },
          AvailableDiskCategories: { DiskCategories: [...DISK_CATEGORIES] },
          AvailableVolumeCategories: { VolumeCategories: [] },
          AvailableInstanceTypes: { InstanceTypes: types },
          AvailableDedicatedHostTypes: { DedicatedHostType: [] },
          AvailableResources: {
            ResourcesInfo: [
              {
                IoOptimized: true,
                InstanceTypes: { supportedInstanceType: types },
                InstanceTypeFamilies: { supportedInstanceTypeFamily: [...new Set(types.map((t) => t.split('.').slice(0, 2).join('.')))] },
                SystemDiskCategories: { supportedSystemDiskCategory: [...DISK_CATEGORIES] },
                DataDiskCategories: { supportedDataDiskCategory: [...DISK_CATEGORIES] },
                NetworkTypes: { supportedNetworkCategory: ['vpc'] },
                InstanceGenerations: { supportedInstanceGeneration: ['ecs-3', 'ecs-4'] },
              },
            ],
          },
        };
      }),
    },
  };
};
