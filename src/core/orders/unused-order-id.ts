// Order ids are short by the clouds' own formats (a Huawei id carries five random characters a
// minute, an Alibaba id fifteen digits), so two orders can draw the same id. A drawn id is checked
// against the store inside the placing transaction: a second draw of a taken id must place the order
// under another id, not fail the caller's request on the primary key.
import type { StoreReads } from '../model/store.js';

const MAX_DRAWS = 16;

/** The first id from `draw` that no order of the store carries. */
export async function unusedOrderId(tx: Pick<StoreReads, 'getOrder'>, draw: () => string): Promise<string> {
  for (let i = 0; i < MAX_DRAWS; i++) {
    const id = draw();
    if (!(await tx.getOrder(id))) return id;
  }
  // sixteen taken draws in a row means the id space is exhausted, not bad luck
  throw new Error(`no unused order id in ${MAX_DRAWS} draws`);
}
