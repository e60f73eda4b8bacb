// Alibaba world data that has no neutral model: zones with their stock, per-region quotas and
// the API rate limits. Kept as world documents (opaque JSON rows of the store), written by the
// world loader and, for counted stock, by the type changes that consume it.
import type { StoreReads, StoreTx } from '../../../core/model/store.js';
import type { RateLimit } from '../shared/rate-limiter.js';

/** DescribeResourcesModification's StatusCategory; a number is a count that each change into the type uses up. */
export type StockState = 'WithStock' | 'ClosedWithStock' | 'WithoutStock';

export interface AliyunZoneDoc {
  id: string;
  localName: string;
  /** the types the zone offers; null = every type of the catalog that is on sale */
  instanceTypes: string[] | null;
  stock: Record<string, StockState | number>;
}

export interface AliyunRegionDoc {
  id: string;
  localName: string;
  zones: AliyunZoneDoc[];
  /** the billing methods for network usage the region offers (InvalidInternetChargeType.ValueNotSupported otherwise) */
  internetChargeTypes?: ('PayByTraffic' | 'PayByBandwidth')[];
  quotas: {
    /** most vCPUs an account's pay-as-you-go instances may have in the region (QuotaExceed.ElasticQuota) */
    postpaidVcpus: number | null;
    /** most Mbit/s an account's pay-by-bandwidth instances may have in the region (QuotaExceeded.InternetBandwidth) */
    payByBandwidthMbps: number | null;
  };
}

export interface AliyunSettingsDoc {
  /** per Action, "*" for every other one */
  rateLimits: Record<string, RateLimit>;
  /** instance types only some accounts may use (InvalidInstanceType.ValueUnauthorized): type -> account ids */
  restrictedInstanceTypes?: Record<string, string[]>;
  /** accounts whose orders a reseller places: no subscription change orders of their own (OperationDenied) */
  resellerAccounts?: string[];
}

/** An image a world declares: what it runs on. An image no world declares runs on every type. */
export interface AliyunImageDoc {
  id: string;
  /** NvmeSupport of the image: an image without NVMe drivers cannot boot a type that requires NVMe */
  nvmeSupport: 'supported' | 'unsupported';
  /** the types the image runs on; null = every type */
  instanceTypes: string[] | null;
  /** types the image is known not to run on */
  excludedInstanceTypes: string[];
  /** an Alibaba Cloud Marketplace image, whose vendor lists the types it may run on */
  marketplace: boolean;
}

export const REGION_DOC = 'aliyun-region';
export const SETTINGS_DOC = 'aliyun-settings';
export const SETTINGS_ID = 'settings';
export const IMAGE_DOC = 'aliyun-image';
/** Declared disk and ENI ids -> their instance (derived ids name their instance themselves). */
export const ATTACHMENT_DOC = 'aliyun-attachment';

/** What the helpers below read documents through: the store's reads, or a transaction (locked or not). */
type DocFinder = Pick<StoreReads, 'findWorldDoc'>;

/** A transaction's documents read without the row lock (StoreTx.readWorldDoc), for documents it only reads. */
export const unlockedDocs = (tx: StoreTx): DocFinder => ({ findWorldDoc: (kind, id) => tx.readWorldDoc(kind, id) });

/** Whether any zone of the region counts a type's stock: a change into such a type writes the region document. */
export const countsStock = (region: AliyunRegionDoc): boolean => region.zones.some((z) => Object.values(z.stock).some((s) => typeof s === 'number'));

export async function imageDoc(r: DocFinder, imageId: string): Promise<AliyunImageDoc | undefined> {
  return (await r.findWorldDoc(IMAGE_DOC, imageId)) as AliyunImageDoc | undefined;
}

/** The instance a declared disk or ENI id is attached to, if a world declared it. */
export async function attachedTo(r: StoreReads, resourceId: string): Promise<string | undefined> {
  const doc = (await r.findWorldDoc(ATTACHMENT_DOC, resourceId)) as { instanceId: string } | undefined;
  return doc?.instanceId;
}

export async function regionDoc(r: DocFinder, regionId: string): Promise<AliyunRegionDoc | undefined> {
  return (await r.findWorldDoc(REGION_DOC, regionId)) as AliyunRegionDoc | undefined;
}

export async function regionDocs(r: StoreReads): Promise<AliyunRegionDoc[]> {
  return (await r.getWorldDoc(REGION_DOC)) as AliyunRegionDoc[];
}

export async function settingsDoc(r: DocFinder): Promise<AliyunSettingsDoc> {
  return ((await r.findWorldDoc(SETTINGS_DOC, SETTINGS_ID)) as AliyunSettingsDoc | undefined) ?? { rateLimits: {} };
}

export const putRegionDoc = (tx: StoreTx, doc: AliyunRegionDoc): Promise<void> => tx.putWorldDoc(REGION_DOC, doc.id, doc);

/** A type's stock state in a zone: a count reads as WithStock while it lasts; undeclared is WithStock. */
export function stockOf(zone: AliyunZoneDoc, instanceType: string): StockState {
  const s = zone.stock[instanceType];
  if (s === undefined) return 'WithStock';
  if (typeof s === 'number') return s > 0 ? 'WithStock' : 'WithoutStock';
  return s;
}

/** Whether the zone offers the type at all (before stock): its list, or every on-sale type. */
export function zoneOffers(zone: AliyunZoneDoc, instanceType: string, onSale: boolean): boolean {
  return zone.instanceTypes === null ? onSale : zone.instanceTypes.includes(instanceType);
}

/** The zone after one instance moved into `instanceType`: a counted stock goes down by one. */
export function consumeStock(region: AliyunRegionDoc, zoneId: string, instanceType: string): AliyunRegionDoc | null {
  const zone = region.zones.find((z) => z.id === zoneId);
  const s = zone?.stock[instanceType];
  if (!zone || typeof s !== 'number') return null;
  return {
    ...region,
    zones: region.zones.map((z) => (z.id === zoneId ? { ...z, stock: { ...z.stock, [instanceType]: Math.max(0, s - 1) } } : z)),
  };
}
