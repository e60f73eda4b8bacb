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

/**
 * The last value of a pure function of one argument, for arguments that come in runs (the date of
 * a burst of signed requests, one-second resolution): one comparison on a hit, no map.
 */
export function rememberLast<K, V>(derive: (key: K) => V): (key: K) => V {
  let last: { key: K; value: V } | null = null;
  return (key: K): V => {
    if (last !== null && last.key === key) return last.value;
    const value = derive(key);
    last = { key, value };
    return value;
  };
}
