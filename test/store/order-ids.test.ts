// Order ids are short by the clouds' formats, so a drawn id can already be taken: the placing
// transaction must draw again instead of failing the request on the primary key (CI once saw an
// Alibaba ModifyPrepayInstanceSpec answer UnknownError from "UNIQUE constraint failed: orders.id",
// when ids were the clock's milliseconds and two random digits). Run on every engine.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { unusedOrderId } from '../../src/core/orders/unused-order-id.js';
import { newAliyunOrderId } from '../../src/providers/aliyun/shared/aliyun-ids.js';
import { newHuaweiOrderId } from '../../src/providers/huawei/shared/huawei-ids.js';
import type { Store } from '../../src/core/model/store.js';
import { account, order } from './fixtures.js';
import { enginesUnderTest } from './engines.js';

for (const engine of enginesUnderTest()) {
  describe(`order ids on ${engine.name}`, () => {
    let store: Store;
    before(async () => {
      store = await engine.open();
    });
    after(() => engine.dispose());

    test('a taken id is drawn again; the order goes in under the first free one', async () => {
      await store.transaction(async (tx) => {
        await tx.putAccount(account('acc1'));
        await tx.insertOrder(order('CS2611302330AAAAA'));
        await tx.insertOrder(order('CS2611302330BBBBB'));
      });
      // without the check, the same id is a primary-key failure: what the request used to die of
      await assert.rejects(store.transaction((tx) => tx.insertOrder(order('CS2611302330AAAAA'))));

      const draws = ['CS2611302330AAAAA', 'CS2611302330BBBBB', 'CS2611302330AAAAA', 'CS2611302330CCCCC'];
      const placed = await store.transaction(async (tx) => {
        const id = await unusedOrderId(tx, () => draws.shift()!);
        await tx.insertOrder(order(id));
        return id;
      });
      assert.equal(placed, 'CS2611302330CCCCC');
      assert.deepEqual(draws, []);
      assert.equal((await store.transaction((tx) => tx.getOrder('CS2611302330CCCCC')))?.id, 'CS2611302330CCCCC');
    });

    test('an id space with nothing free fails loudly after a bounded number of draws', async () => {
      let drawn = 0;
      await assert.rejects(
        store.transaction((tx) => unusedOrderId(tx, () => (drawn++, 'CS2611302330AAAAA'))),
        /no unused order id in 16 draws/,
      );
      assert.equal(drawn, 16);
    });
  });
}

test('Alibaba order ids: 15 digits, no leading zero, all random (none repeats in 20,000 under one clock)', () => {
  const seen = new Set<string>();
  for (let i = 0; i < 20_000; i++) {
    const id = newAliyunOrderId();
    assert.match(id, /^[1-9]\d{14}$/);
    seen.add(id);
  }
  assert.equal(seen.size, 20_000);
});

test('Huawei order ids: CS, the minute, five characters of the order alphabet', () => {
  const now = Date.UTC(2026, 10, 30, 23, 30, 12);
  const tails = new Set<string>();
  for (let i = 0; i < 2_000; i++) {
    const id = newHuaweiOrderId(now);
    assert.match(id, /^CS2611302330[A-HJ-NP-Z0-9]{5}$/);
    tails.add(id.slice(-5));
  }
  // 34^5 tails: 2,000 draws repeat one with a chance near 5%; far fewer distinct means a broken draw
  assert.ok(tails.size >= 1_990, `${tails.size} distinct tails`);
});
