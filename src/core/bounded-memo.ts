// A memo for a pure function that hot paths call again and again with the same few arguments
// (derived ids, formatted times, sorted header lists). Bounded: when full it is cleared, so
// arguments a client chooses (hostile ones included) cannot grow it, and a burst of new ones costs
// only their first derivation again.
export class BoundedMemo<K, V> {
  private readonly values = new Map<K, V>();

  constructor(private readonly capacity: number) {}

  /** The value remembered for `key`; on a miss, `derive(key)`, remembered. `derive` must be pure. */
  get(key: K, derive: (key: K) => V): V {
    let value = this.values.get(key);
    if (value === undefined) {
      value = derive(key);
      if (this.values.size >= this.capacity) this.values.clear();
      this.values.set(key, value);
    }
    return value;
  }
}
