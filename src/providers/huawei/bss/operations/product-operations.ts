// The product dictionary a client reads before anything else: Terraform's provider start-up probes
// GET /v2/products/service-types?limit=1 to learn which website (China or international) the account
// belongs to; an answer other than 403 CBC.0150/CBC.0156 keeps the configured BSS endpoint.
import { ok, operation, type AnyHuaweiOperation } from '../../shared/huawei-operation.js';
import { languageOf, SERVICE_TYPES } from '../bss-dictionary.js';
import { queryInt, type BssEnv } from '../bss-env.js';
import { renderServiceType } from '../bss-render.js';

export const PRODUCT_OPERATIONS: readonly AnyHuaweiOperation<BssEnv>[] = [
  operation({
    name: 'ListServiceTypes',
    method: 'GET',
    path: '/v2/products/service-types',
    read: (req) => ({ offset: queryInt(req.query, 'offset', 0, 0, 1_000_000), limit: queryInt(req.query, 'limit', 10, 1, 100), lang: languageOf(req.headers['x-language']) }),
    async handle(cmd) {
      return ok({ total_count: SERVICE_TYPES.length, service_types: SERVICE_TYPES.slice(cmd.offset, cmd.offset + cmd.limit).map((t) => renderServiceType(t, cmd.lang)) });
    },
  }),
];
