// IMS (Image Management Service) operations specshift serves, by the official SDK's names: ListImages
// over the shipped public images, the world's declared images and those its servers name.
import type { AppContext } from '../../../core/app-context.js';
import { HuaweiFailure } from '../shared/huawei-errors.js';
import { IMAGE_DOC, imageVisibleTo, PUBLIC_IMAGES, type HuaweiImage } from '../shared/huawei-images.js';
import { many, ok, one, operation, type AnyHuaweiOperation, type Query } from '../shared/huawei-operation.js';
import { renderImage } from './ims-render.js';

export interface ImsEnv {
  ctx: AppContext;
  caller: { accountId: string };
}

export const imsInvalid = (message: string): HuaweiFailure => new HuaweiFailure('IMG.0001', `The request message format is invalid: ${message}`);

const SORT_KEYS = ['created_at', 'name', 'container_format', 'disk_format', 'status', 'id', 'size', 'updated_at'] as const;

interface ListImagesCommand {
  limit: number;
  marker: string | undefined;
  sortKey: (typeof SORT_KEYS)[number];
  sortDir: 'asc' | 'desc';
  filters: ((i: HuaweiImage) => boolean)[];
  /** the query as sent, without marker, for the first/next links */
  query: [string, string][];
}

function readListImages(q: Query): ListImagesCommand {
  // the links repeat the query as it came, in its order, without the marker
  const query: [string, string][] = Object.entries(q).flatMap(([k, v]) => (k === 'marker' ? [] : many(v).map((x): [string, string] => [k, x])));
  const str = (name: string, max = 255): string | undefined => {
    const v = one(q[name]);
    if (v === undefined) return undefined;
    if (v.length > max) throw imsInvalid(`${name} is too long`);
    return v;
  };
  const int = (name: string, min: number, max: number): number | undefined => {
    const v = str(name, 10);
    if (v === undefined || v === '') return undefined;
    if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max) throw imsInvalid(`${name} must be an integer from ${min} to ${max}`);
    return Number(v);
  };
  const filters: ((i: HuaweiImage) => boolean)[] = [];
  const eq = (name: string, pick: (i: HuaweiImage) => string) => {
    const v = str(name);
    if (v) filters.push((i) => pick(i) === v);
  };
  eq('id', (i) => i.id);
  eq('__imagetype', (i) => i.imageType);
  eq('__os_type', (i) => i.osType);
  eq('__platform', (i) => i.platform);
  eq('__os_bit', (i) => i.osBit);
  eq('__os_version', (i) => i.osVersion);
  eq('visibility', (i) => i.visibility);
  eq('owner', (i) => i.owner);
  eq('disk_format', (i) => i.diskFormat);
  eq('status', () => 'active');
  eq('container_format', () => 'bare');
  eq('architecture', (i) => i.architecture);
  eq('virtual_env_type', () => 'FusionCompute');
  eq('__isregistered', () => 'true');
  const name = str('name');
  if (name) filters.push((i) => i.name === name);
  const minDisk = int('min_disk', 0, 1_000_000);
  if (minDisk !== undefined) filters.push((i) => i.minDiskGb === minDisk);
  const minRam = int('min_ram', 0, 100_000_000);
  if (minRam !== undefined) filters.push((i) => i.minRamMb === minRam);
  const prot = str('protected', 8);
  if (prot !== undefined) {
    if (prot !== 'true' && prot !== 'false') throw imsInvalid('protected must be true or false');
    filters.push((i) => (i.visibility === 'public') === (prot === 'true'));
  }
  const eps = str('enterprise_project_id', 64);
  // decision (docs/huawei-ims.md): public images belong to every enterprise project
  if (eps && eps !== 'all_granted_eps') filters.push((i) => i.visibility === 'public' || i.enterpriseProjectId === eps);
  const limit = int('limit', 1, 1000) ?? 25;
  const sortKey = str('sort_key', 32) ?? 'created_at';
  if (!(SORT_KEYS as readonly string[]).includes(sortKey)) throw imsInvalid(`sort_key must be one of ${SORT_KEYS.join(', ')}`);
  const sortDir = str('sort_dir', 8) ?? 'desc';
  if (sortDir !== 'asc' && sortDir !== 'desc') throw imsInvalid('sort_dir must be asc or desc');
  return { limit, marker: str('marker', 64), sortKey: sortKey as ListImagesCommand['sortKey'], sortDir, filters, query };
}

const sortValue = (i: HuaweiImage, key: ListImagesCommand['sortKey']): string | number =>
  key === 'created_at' || key === 'updated_at' ? i.createdAt : key === 'name' ? i.name : key === 'size' ? i.sizeBytes : key === 'disk_format' ? i.diskFormat : key === 'id' ? i.id : '';

const link = (query: [string, string][]) => `/v2/cloudimages${query.length ? '?' + query.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&') : ''}`;

export const IMS_OPERATIONS: readonly AnyHuaweiOperation<ImsEnv>[] = [
  operation({
    name: 'ListImages',
    method: 'GET',
    path: '/v2/cloudimages',
    read: (req) => readListImages(req.query),
    async handle(cmd, env: ImsEnv) {
      const declared = (await env.ctx.store.reads.getWorldDoc(IMAGE_DOC)) as HuaweiImage[];
      let images = [...PUBLIC_IMAGES, ...declared].filter((i) => imageVisibleTo(i, env.caller.accountId) && cmd.filters.every((f) => f(i)));
      const dir = cmd.sortDir === 'asc' ? 1 : -1;
      images.sort((a, b) => {
        const x = sortValue(a, cmd.sortKey);
        const y = sortValue(b, cmd.sortKey);
        return (x < y ? -1 : x > y ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0) * dir;
      });
      if (cmd.marker) {
        const at = images.findIndex((i) => i.id === cmd.marker);
        if (at < 0) throw imsInvalid('marker is not an image of this list');
        images = images.slice(at + 1);
      }
      const page = images.slice(0, cmd.limit);
      const body: Record<string, unknown> = { images: page.map(renderImage), first: link(cmd.query) };
      // next only while more follow: the SDKs page until it is absent
      if (images.length > cmd.limit) body.next = link([...cmd.query, ['marker', page[page.length - 1]!.id]]);
      return ok(body);
    },
  }),
];
