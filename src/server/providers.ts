// The providers this server is composed of, in the order their world sections load: Huawei IAM
// first (regions and projects every Huawei service stands on), then IMS (images ECS's servers boot from).
import { aliyunRpcPlugin } from '../providers/aliyun/aliyun-rpc-plugin.js';
import { huaweiAadPlugin } from '../providers/huawei/aad/aad-plugin.js';
import { huaweiBssPlugin } from '../providers/huawei/bss/bss-plugin.js';
import { huaweiEcsPlugin } from '../providers/huawei/ecs/ecs-plugin.js';
import { huaweiEvsPlugin } from '../providers/huawei/evs/evs-plugin.js';
import { huaweiIamPlugin } from '../providers/huawei/iam/iam-plugin.js';
import { huaweiImsPlugin } from '../providers/huawei/ims/ims-plugin.js';
import { huaweiVpcPlugin } from '../providers/huawei/vpc/vpc-plugin.js';
import type { ProviderPlugin } from '../providers/provider-plugin.js';

export const PROVIDERS: readonly ProviderPlugin[] = [
  huaweiIamPlugin,
  huaweiImsPlugin,
  huaweiEcsPlugin,
  huaweiEvsPlugin,
  huaweiVpcPlugin,
  huaweiBssPlugin,
  huaweiAadPlugin,
  aliyunRpcPlugin,
];
