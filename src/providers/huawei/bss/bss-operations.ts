// Every Huawei BSS (billing center) operation specshift serves, by the official SDK's names. A global
// service: no project in any path.
import type { AnyHuaweiOperation } from '../shared/huawei-operation.js';
import type { BssEnv } from './bss-env.js';
import { ORDER_OPERATIONS } from './operations/order-operations.js';
import { PRODUCT_OPERATIONS } from './operations/product-operations.js';
import { RESOURCE_OPERATIONS } from './operations/resource-operations.js';

export type { BssEnv } from './bss-env.js';

export const BSS_OPERATIONS: readonly AnyHuaweiOperation<BssEnv>[] = [...ORDER_OPERATIONS, ...RESOURCE_OPERATIONS, ...PRODUCT_OPERATIONS];
