// DescribeInstanceTypes (reference §9): the shipped catalog, retired types included (their
// records stay queryable), filtered and paged by NextToken/MaxResults (default and most 1600).
import type { Flavor } from '../../../../core/model/types.js';
import { refuse } from '../../shared/aliyun-errors.js';
import { decodeToken, encodeToken, MAX_ID, type ActionHandler } from '../ecs-action-context.js';
import { catalogOrder } from '../instance-types.js';

const MAX_RESULTS = 1600;

export const describeInstanceTypes: ActionHandler = async (a) => {
  const p = a.params;
  const types = p.list('InstanceTypes', 10, MAX_ID);
  const families = [...p.list('InstanceTypeFamilies', 10, MAX_ID), ...(p.has('InstanceTypeFamily') ? [p.str('InstanceTypeFamily', MAX_ID)!] : [])];
  const architectures = [...p.list('CpuArchitectures', 10, 16), ...(p.has('CpuArchitecture') ? [p.oneOf('CpuArchitecture', ['X86', 'ARM'])!] : [])];
  const categories = [...p.list('InstanceCategories', 10, 64), ...(p.has('InstanceCategory') ? [p.str('InstanceCategory', 64)!] : [])];
  const level = p.oneOf('InstanceFamilyLevel', ['EntryLevel', 'EnterpriseLevel', 'CreditEntryLevel']);
  const nvme = p.oneOf('NvmeSupport', ['required', 'unsupported']);
  const minCpu = p.int('MinimumCpuCoreCount', { min: 0, max: 100_000 });
  const maxCpu = p.int('MaximumCpuCoreCount', { min: 0, max: 100_000 });
  const minMem = p.decimal('MinimumMemorySize', 0, 1_000_000);
  const maxMem = p.decimal('MaximumMemorySize', 0, 1_000_000);
  const minGpu = p.int('MinimumGPUAmount', { min: 0, max: 100_000 });
  const maxGpu = p.int('MaximumGPUAmount', { min: 0, max: 100_000 });
  const maxResults = p.int('MaxResults', { min: 1, max: MAX_RESULTS }) ?? MAX_RESULTS;
  const nextToken = p.str('NextToken', 512);
  const after = nextToken !== undefined ? decodeToken(nextToken, /^ecs\.[A-Za-z0-9.-]{1,60}$/) : undefined;

  const wire = (f: Flavor) => f.aliyun!.wire;
  const memGiB = (f: Flavor) => f.ramMb / 1024;
  const gpus = (f: Flavor) => (typeof wire(f).GPUAmount === 'number' ? (wire(f).GPUAmount as number) : 0);
  const all = [...a.app.world.flavors.values()]
    .filter((f) => f.cloud === 'aliyun' && f.aliyun !== undefined)
    .sort(catalogOrder)
    .filter(
      (f) =>
        (types.length === 0 || types.includes(f.id)) &&
        (families.length === 0 || families.includes(f.family)) &&
        (architectures.length === 0 || architectures.includes(String(wire(f).CpuArchitecture))) &&
        (categories.length === 0 || categories.includes(String(wire(f).InstanceCategory))) &&
        (level === undefined || wire(f).InstanceFamilyLevel === level) &&
        (nvme === undefined || wire(f).NvmeSupport === nvme) &&
        (minCpu === undefined || f.vcpus >= minCpu) &&
        (maxCpu === undefined || f.vcpus <= maxCpu) &&
        (minMem === undefined || memGiB(f) >= minMem) &&
        (maxMem === undefined || memGiB(f) <= maxMem) &&
        (minGpu === undefined || gpus(f) >= minGpu) &&
        (maxGpu === undefined || gpus(f) <= maxGpu),
    );
  // the token names the last type of the previous page
  const from = after === undefined ? 0 : all.findIndex((f) => f.id === after) + 1;
  if (from === 0 && after !== undefined) refuse('InvalidParameter', 'NextToken');
  const rest = all.slice(from);
  const page = rest.slice(0, maxResults);
  return {
    NextToken: rest.length > page.length ? encodeToken(page[page.length - 1]!.id) : '',
    InstanceTypes: { InstanceType: page.map((f) => structuredClone(wire(f))) },
  };
};
