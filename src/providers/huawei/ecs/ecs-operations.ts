// Every Huawei ECS operation specshift serves, by the official SDK's names. Adding one is a row in
// a group file here (see docs/architecture.md, "Adding an operation").
import type { EcsEnv } from './ecs-env.js';
import { DEVICE_OPERATIONS } from './operations/device-operations.js';
import { FLAVOR_OPERATIONS } from './operations/flavor-operations.js';
import { JOB_OPERATIONS } from './operations/job-operations.js';
import { POWER_OPERATIONS } from './operations/power-operations.js';
import { RESIZE_OPERATIONS } from './operations/resize-operations.js';
import { SERVER_OPERATIONS } from './operations/server-operations.js';
import type { AnyHuaweiOperation } from '../shared/huawei-operation.js';

// Static paths before parameterised ones of the same shape: fastify prefers static segments
// anyway, the order only keeps the table readable.
export const ECS_OPERATIONS: readonly AnyHuaweiOperation<EcsEnv>[] = [
  ...RESIZE_OPERATIONS,
  ...POWER_OPERATIONS,
  ...JOB_OPERATIONS,
  ...SERVER_OPERATIONS,
  ...DEVICE_OPERATIONS,
  ...FLAVOR_OPERATIONS,
];
