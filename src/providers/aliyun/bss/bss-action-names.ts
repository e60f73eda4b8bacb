// The BssOpenApi 2017-12-14 operations specshift serves (the billing API @alicloud/bssopenapi20171214
// calls). Any other Action of this version is InvalidAction.NotFound.
export const ALIYUN_BSS_VERSION = '2017-12-14';

export const ALIYUN_BSS_ACTIONS = ['QueryAccountBalance', 'QueryOrders', 'GetOrderDetail', 'QueryAvailableInstances'] as const;

export type AliyunBssAction = (typeof ALIYUN_BSS_ACTIONS)[number];

export const isAliyunBssAction = (s: string): s is AliyunBssAction => (ALIYUN_BSS_ACTIONS as readonly string[]).includes(s);
