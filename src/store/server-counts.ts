// The server counters (table server_counts, migration 5 of both engines): how many servers each
// (account, project, cloud, billing, flavor, Alibaba charge type) holds and their summed bandwidth,
// kept by triggers in the transaction of every server write. Quota checks and listing totals read
// them instead of counting rows, so their cost does not grow with the world.
import type { ServerQuery } from '../core/model/store.js';

/**
 * Whether a listing's total can come from the counters: the query filters on nothing but account,
 * project and flavor, which the counters are keyed on, so the sum of their rows is exact.
 */
export function countable(q: ServerQuery): boolean {
  return !q.ids && !q.nameLike && !q.statusIn && !q.tags && !q.notTags && !q.enterpriseProjectId && !q.idParts;
}
