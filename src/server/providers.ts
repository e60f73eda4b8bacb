// The providers this server is composed of, in the order their world sections load: Huawei IAM
// first (regions and projects every Huawei service stands on).
import { aliyunRpcPlugin } from '../providers/aliyun/aliyun-rpc-plugin.js';
import { huaweiAadPlugin } from '../providers/huawei/aad/aad-plugin.js';
import { huaweiBssPlugin } from '../providers/huawei/bss/bss-plugin.js';
import { huaweiEcsPlugin } from '../providers/huawei/ecs/ecs-plugin.js';
import { huaweiIamPlugin } from '../providers/huawei/iam/iam-plugin.js';
import type { ProviderPlugin } from '../providers/provider-plugin.js';

export const PROVIDERS: readonly ProviderPlugin[] = [huaweiIamPlugin, huaweiEcsPlugin, huaweiBssPlugin, huaweiAadPlugin, aliyunRpcPlugin];
