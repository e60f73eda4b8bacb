// What Alibaba Cloud tells the fault book (core/faults): the codes its injected faults answer
// with, and how a zone's stock of an instance type runs out or comes back (the zone's stock in the
// region document, which DescribeAvailableResource-style checks and type changes read).
import { ControlError } from '../../control/control-error.js';
import type { CloudFaults } from '../../core/faults/fault-book.js';
import { putRegionDoc, regionDocs, type StockState } from './ecs/ecs-world-docs.js';
import { aliyunKnowsFaultCode } from './shared/aliyun-faults.js';

export const aliyunCloudFaults: CloudFaults = {
  knowsCode: aliyunKnowsFaultCode,
  async setStock(tx, change) {
    const region = (await regionDocs(tx)).find((r) => r.zones.some((z) => z.id === change.zone));
    if (!region) throw new ControlError(404, 'NotFound', `no Alibaba zone ${change.zone}`);
    const value: StockState | number = change.state === 'sold-out' ? 'WithoutStock' : (change.count ?? 'WithStock');
    const next = { ...region, zones: region.zones.map((z) => (z.id === change.zone ? { ...z, stock: { ...z.stock, [change.flavor]: value } } : z)) };
    await putRegionDoc(tx, next);
    return { cloud: 'aliyun', flavor: change.flavor, zone: change.zone, stock: value };
  },
};
