// Regions as Keystone lists them (KeystoneListRegions, KeystoneShowRegion): every Huawei region of
// the world, "type": "public" (the SDK core keeps only public regions when it creates a project),
// with the console's names as locales: en-us is the region's world name, zh-cn Huawei's Chinese name
// where specshift knows it.
import type { Region } from '../../../core/model/types.js';

const ZH_CN: Record<string, string> = {
  'cn-north-1': '华北-北京一',
  'cn-north-2': '华北-北京二',
  'cn-north-4': '华北-北京四',
  'cn-north-9': '华北-乌兰察布一',
  'cn-east-2': '华东-上海二',
  'cn-east-3': '华东-上海一',
  'cn-south-1': '华南-广州',
  'cn-southwest-2': '西南-贵阳一',
  'ap-southeast-1': '中国-香港',
  'ap-southeast-2': '亚太-曼谷',
  'ap-southeast-3': '亚太-新加坡',
  'ap-southeast-4': '亚太-雅加达',
  'af-south-1': '非洲-约翰内斯堡',
  'la-north-2': '拉美-墨西哥城二',
  'la-south-2': '拉美-圣地亚哥',
  'sa-brazil-1': '拉美-圣保罗一',
  'tr-west-1': '土耳其-伊斯坦布尔',
  'me-east-1': '中东-利雅得',
};

export function renderRegion(r: Region, endpoint: string) {
  return {
    id: r.id,
    type: 'public',
    description: '',
    parent_region_id: null,
    locales: { 'zh-cn': ZH_CN[r.id] ?? r.name, 'en-us': r.name },
    links: { self: `${endpoint}/v3/regions/${r.id}` },
  };
}

export const huaweiRegions = (regions: Iterable<Region>): Region[] => [...regions].filter((r) => r.cloud === 'huawei').sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
