// Documents read back unchanged, kept in memory while nothing in the database could have changed
// them: polling (GET a job, again and again, by every SDK's waiter) reads the same few rows between
// writes, and a read through SQLite costs a statement, two locks of the WAL index and a page lookup.
//
// Validity is one number: SQLite's total_changes() for the connection, which moves with every row
// inserted, updated or deleted (triggers' rows included), committed or rolled back. An entry is
// served only while that number is what it was when the entry was made, so any write at all (not
// only one to that row) retires every entry: the cache never has to know which statement touches
// which row. Entries are made only outside a transaction, from committed data: a read inside an
// open transaction may see its uncommitted rows, and a rollback does not move total_changes() back.
// Nothing else writes the database (one process owns a data directory; the checkpoint thread copies
// pages and writes no rows).

export class CommittedDocs {
  private readonly docs = new Map<string, string>();
  private at = -1;

  /**
   * @param changes total_changes() of the connection (a prepared `SELECT total_changes()`, ~0.1 us)
   * @param inTransaction whether the connection is inside a transaction now
   * @param capacity entries kept at most (each a document's JSON text); the oldest goes first
   */
  constructor(
    private readonly changes: () => number,
    private readonly inTransaction: () => boolean,
    private readonly capacity = 4096,
  ) {}

  /** The JSON text of `key` as committed, or undefined when it is not known to be current. */
  get(key: string): string | undefined {
    const now = this.changes();
    if (now !== this.at) {
      this.docs.clear();
      this.at = now;
      return undefined;
    }
    return this.docs.get(key);
  }

  /** Keeps what a read just returned, if it was read outside a transaction at the current count. */
  keep(key: string, doc: string): void {
    if (this.inTransaction() || this.changes() !== this.at) return;
    if (this.docs.size >= this.capacity) this.docs.delete(this.docs.keys().next().value as string);
    this.docs.set(key, doc);
  }

  get size(): number {
    return this.docs.size;
  }
}
