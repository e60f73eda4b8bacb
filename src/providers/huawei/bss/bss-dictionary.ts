// The billing center's dictionaries: the cloud service types and resource types specshift bills or
// serves, with the names BSS gives them in each language (X-Language; zh_CN is BSS's default).
// Codes: ECS hws.service.type.ec2 and VM hws.resource.type.vm are the BSS models' own examples, EVS
// hws.service.type.ebs follows the same pattern (OBS hws.service.type.obs is another example); the
// IMS, VPC and AAD codes and every name are specshift's (docs/huawei-bss.md).

export type BssLanguage = 'zh' | 'en';

export interface ServiceTypeEntry {
  code: string;
  abbreviation: string;
  names: Record<BssLanguage, string>;
}

export const SERVICE_TYPES: readonly ServiceTypeEntry[] = [
  { code: 'hws.service.type.ec2', abbreviation: 'ECS', names: { zh: '弹性云服务器', en: 'Elastic Cloud Server' } },
  { code: 'hws.service.type.ebs', abbreviation: 'EVS', names: { zh: '云硬盘', en: 'Elastic Volume Service' } },
  { code: 'hws.service.type.ims', abbreviation: 'IMS', names: { zh: '镜像服务', en: 'Image Management Service' } },
  { code: 'hws.service.type.vpc', abbreviation: 'VPC', names: { zh: '虚拟私有云', en: 'Virtual Private Cloud' } },
  { code: 'hws.service.type.aad', abbreviation: 'AAD', names: { zh: 'DDoS高防', en: 'Advanced Anti-DDoS' } },
];

const RESOURCE_TYPES: Record<string, Record<BssLanguage, string>> = {
  'hws.resource.type.vm': { zh: '云主机', en: 'Cloud Server' },
  'hws.resource.type.aad': { zh: 'DDoS高防实例', en: 'Advanced Anti-DDoS Instance' },
};

/** X-Language: en_US / en-us (any "en…") is English, anything else BSS's default, Chinese. */
export const languageOf = (header: string | string[] | undefined): BssLanguage => {
  const v = Array.isArray(header) ? header[0] : header;
  return v !== undefined && /^en/i.test(v) ? 'en' : 'zh';
};

export const serviceTypeName = (code: string, lang: BssLanguage): string => SERVICE_TYPES.find((t) => t.code === code)?.names[lang] ?? code;

export const resourceTypeName = (code: string, lang: BssLanguage): string => RESOURCE_TYPES[code]?.[lang] ?? code;

/** The service type each Huawei order kind bills (the kinds the ordering services give their orders). */
const ORDER_KIND_SERVICE: Record<string, string> = {
  ecs_resize: 'hws.service.type.ec2',
  aad_upgrade: 'hws.service.type.aad',
};

export const serviceTypeOfKind = (kind: string): string => ORDER_KIND_SERVICE[kind] ?? 'hws.service.type.ec2';
