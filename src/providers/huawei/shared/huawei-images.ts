// The images Huawei servers boot from, as IMS lists them and ECS names them: a few public images
// shipped here, the images a world declares (huawei.images), and any other image a world's servers
// name, each stored once as a world document. Generated servers all use a shipped public image, so
// a generated world adds no image rows.
import { hex32, uuidFrom } from '../../../core/derived-ids.js';
import type { StoreReads } from '../../../core/model/store.js';

export type ImageOsType = 'Linux' | 'Windows' | 'Other';
export type ImageType = 'gold' | 'private' | 'shared' | 'market';

export interface HuaweiImage {
  id: string;
  name: string;
  osType: ImageOsType;
  /** __platform: CentOS, Ubuntu, Windows, EulerOS, Debian, ... */
  platform: string;
  osVersion: string;
  osBit: '32' | '64';
  imageType: ImageType;
  visibility: 'public' | 'private' | 'shared';
  /** the owning project; public images belong to the platform's own project */
  owner: string;
  /** the account that may see a private or shared image (null: everyone) */
  accountId: string | null;
  minDiskGb: number;
  minRamMb: number;
  sizeBytes: number;
  diskFormat: string;
  firmware: 'bios' | 'uefi';
  architecture: 'x86' | 'arm';
  createdAt: number;
  enterpriseProjectId: string;
}

/** World document kind of the images a world declares or its servers name. */
export const IMAGE_DOC = 'huawei.image';

export const DEFAULT_IMAGE_NAME = 'CentOS 7.9 64bit';
export const imageIdOf = (name: string): string => uuidFrom(`image/${name}`);
const PLATFORM_OWNER = hex32('huawei/public-images');

const pub = (name: string, osType: ImageOsType, platform: string, created: string, minDiskGb = 40, minRamMb = 0, sizeBytes = 2_361_393_152): HuaweiImage => ({
  id: imageIdOf(name),
  name,
  osType,
  platform,
  osVersion: name,
  osBit: '64',
  imageType: 'gold',
  visibility: 'public',
  owner: PLATFORM_OWNER,
  accountId: null,
  minDiskGb,
  minRamMb,
  sizeBytes,
  diskFormat: 'zvhd2',
  firmware: 'bios',
  architecture: 'x86',
  createdAt: Date.parse(created),
  enterpriseProjectId: '0',
});

/** The shipped public images (ids derived from names, as servers that name an image get theirs). */
export const PUBLIC_IMAGES: readonly HuaweiImage[] = [
  pub('CentOS 7.9 64bit', 'Linux', 'CentOS', '2021-03-18T08:12:40Z'),
  pub('Ubuntu 22.04 server 64bit', 'Linux', 'Ubuntu', '2022-06-02T03:20:11Z'),
  pub('Debian 11.1.0 64bit', 'Linux', 'Debian', '2021-12-09T06:41:05Z'),
  pub('Huawei Cloud EulerOS 2.0 Standard 64 bit', 'Linux', 'Huawei Cloud EulerOS', '2023-02-21T09:00:33Z'),
  pub('Windows Server 2019 Datacenter 64bit English', 'Windows', 'Windows', '2020-11-30T02:15:47Z', 40, 1024, 10_737_418_240),
  pub('Windows Server 2019 Datacenter 64bit', 'Windows', 'Windows', '2020-11-30T02:15:47Z', 40, 1024, 10_737_418_240),
];

const publicById = new Map(PUBLIC_IMAGES.map((i) => [i.id, i]));

export const publicImage = (id: string): HuaweiImage | undefined => publicById.get(id);

/** An image by id: a shipped public one or a world document. */
export async function findImage(reads: Pick<StoreReads, 'findWorldDoc'>, id: string): Promise<HuaweiImage | undefined> {
  return publicImage(id) ?? ((await reads.findWorldDoc(IMAGE_DOC, id)) as HuaweiImage | undefined);
}

/** Whether an account sees the image: public ones everyone, private and shared ones their account. */
export const imageVisibleTo = (image: HuaweiImage, accountId: string): boolean => image.accountId === null || image.accountId === accountId;
