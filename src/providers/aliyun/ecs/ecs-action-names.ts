// The ECS 2014-05-26 operations specshift serves. Any other Action is InvalidAction.NotFound.
export const ALIYUN_ECS_VERSION = '2014-05-26';

export const ALIYUN_ECS_ACTIONS = [
  'ModifyInstanceSpec',
  'ModifyPrepayInstanceSpec',
  'DescribeInstances',
  'DescribeInstanceAttribute',
  'DescribeInstanceStatus',
  'StopInstance',
  'StartInstance',
  'DescribeInstanceTypes',
  'DescribeResourcesModification',
  'DescribeRegions',
  'DescribeZones',
  'ModifyInstanceNetworkSpec',
  'AllocatePublicIpAddress',
  'DescribeDisks',
  'DescribeNetworkInterfaces',
  'DescribeUserData',
  'DescribeInstanceRamRole',
  'DescribeInstanceMaintenanceAttributes',
  'DescribeInstanceAutoRenewAttribute',
  'DescribeInstanceAttachmentAttributes',
] as const;

export type AliyunEcsAction = (typeof ALIYUN_ECS_ACTIONS)[number];

export const isAliyunEcsAction = (s: string): s is AliyunEcsAction => (ALIYUN_ECS_ACTIONS as readonly string[]).includes(s);
