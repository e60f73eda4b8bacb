import type { FastifyInstance } from 'fastify';
import { huaweiAadRoutes } from '../providers/huawei/aad/aad-routes.js';
import { aadWorldSection } from '../providers/huawei/aad/aad-world.js';
import { aliyunEcsRoutes, aliyunEcsWorldSection } from '../providers/aliyun/aliyun-plugin.js';
import type { WorldSectionLoader } from '../world/load-world.js';
import type { AppContext } from './app-context.js';

/** A provider beyond Huawei ECS (Alibaba ECS, Huawei AAD): its routes and its part of the world file. */
export interface ProviderPlugin {
  name: string;
  routes(app: FastifyInstance, ctx: AppContext): Promise<void>;
  worldSection?: WorldSectionLoader;
}

export const providerPlugins: ProviderPlugin[] = [
  { name: 'huawei-aad', routes: huaweiAadRoutes, worldSection: aadWorldSection },
  { name: 'aliyun-ecs', routes: aliyunEcsRoutes, worldSection: aliyunEcsWorldSection },
];
