// The IMS part of the world file's huawei section: images beside the shipped public ones, one world
// document each. Runs before ECS's section, whose servers may boot from them by id or name.
import type { Project } from '../../../core/model/types.js';
import { WorldError, type WorldSectionLoader } from '../../../core/world-section.js';
import { IMAGE_DOC, imageIdOf, publicImage, type HuaweiImage, type ImageOsType, type ImageType } from '../shared/huawei-images.js';

export interface WorldImage {
  id?: string;
  name: string;
  /** gold and market images are public; private and shared ones belong to an account */
  type?: ImageType;
  account?: string;
  /** the owning project's region (default: the account's first project) */
  region?: string;
  os_type?: ImageOsType;
  platform?: string;
  os_version?: string;
  os_bit?: '32' | '64';
  min_disk?: number;
  min_ram?: number;
  size_bytes?: number;
  firmware?: 'bios' | 'uefi';
  architecture?: 'x86' | 'arm';
  created_at?: string;
  enterprise_project_id?: string;
}

const DAY = 24 * 3600 * 1000;

export const imsWorldSection: WorldSectionLoader = {
  key: 'huawei',
  async load(raw, ctx, tx) {
    const images = (raw as { images?: WorldImage[] }).images ?? [];
    const projects = await tx.listProjects();
    const seen = new Set<string>();
    for (const [n, w] of images.entries()) {
      const id = (w.id ?? imageIdOf(w.name)).toLowerCase();
      const what = `image ${w.name}`;
      if (seen.has(id) || publicImage(id)) throw new WorldError(`world file: image id ${id} is declared twice (or is a shipped public image)`);
      seen.add(id);
      const type = w.type ?? 'private';
      const isPublic = type === 'gold' || type === 'market';
      let owner: Project | undefined;
      if (!isPublic) {
        if (!w.account) throw new WorldError(`world file: ${what} is ${type}: it must name its account`);
        let accountId: string;
        try {
          accountId = ctx.accountByName(w.account).id;
        } catch {
          throw new WorldError(`world file: ${what} names unknown account ${w.account}`);
        }
        owner = projects.find((p) => p.accountId === accountId && (w.region === undefined || p.region === w.region));
        if (!owner) throw new WorldError(`world file: ${what}: account ${w.account} has no project${w.region ? ` in ${w.region}` : ''}`);
      }
      const osType = w.os_type ?? 'Linux';
      const image: HuaweiImage = {
        ...publicImage(imageIdOf('CentOS 7.9 64bit'))!,
        id,
        name: w.name,
        osType,
        platform: w.platform ?? (osType === 'Windows' ? 'Windows' : w.name.split(/\s+/)[0]!),
        osVersion: w.os_version ?? w.name,
        osBit: w.os_bit ?? '64',
        imageType: type,
        visibility: isPublic ? 'public' : type === 'shared' ? 'shared' : 'private',
        owner: owner?.id ?? publicImage(imageIdOf('CentOS 7.9 64bit'))!.owner,
        accountId: owner?.accountId ?? null,
        minDiskGb: w.min_disk ?? 40,
        minRamMb: w.min_ram ?? (osType === 'Windows' ? 1024 : 0),
        sizeBytes: w.size_bytes ?? 2_361_393_152,
        firmware: w.firmware ?? 'bios',
        architecture: w.architecture ?? 'x86',
        createdAt: w.created_at ? Date.parse(w.created_at) : ctx.now - 30 * DAY + n,
        enterpriseProjectId: w.enterprise_project_id ?? '0',
      };
      await tx.putWorldDoc(IMAGE_DOC, id, image);
    }
  },
};
