// Signature nonces this process has recorded (Alibaba's SignatureNonce), kept in memory so that a
// claim needs no lookup in the database, and its record is an append in expiry order (nonce_log,
// migration 11) rather than an insert at a random place of a b-tree keyed by the nonce: that random
// page, written to the log with every group's COMMIT, was a fifth of a ModifyInstanceSpec's CPU
// (bench/README.md). One process owns a SQLite data directory, so what this process remembers is
// everything there is to know; a restart reads the log back (SqliteStore.reloadNonces).
//
// Memory is bounded: past `capacity` nonces (each ~150 bytes of key and map entry) new ones go to
// the table keyed by the nonce, as they all did before; the store then checks that table too until
// its last such nonce has expired.

export class RecentNonces {
  /** nonce -> expiry, in the order recorded: expiries are the wall clock plus a constant, so that order is (nearly) expiry order */
  private readonly recorded = new Map<string, number>();
  /** nonces whose claim is in a transaction not yet committed: a second claim of one loses at once */
  private readonly inFlight = new Set<string>();

  constructor(readonly capacity: number) {}

  /** whether the nonce is recorded or being recorded */
  has(nonce: string): boolean {
    return this.recorded.has(nonce) || this.inFlight.has(nonce);
  }

  /** whether memory has room for one more (counting the claims in flight) */
  get hasRoom(): boolean {
    return this.recorded.size + this.inFlight.size < this.capacity;
  }

  /** A claim of the nonce begins: until it ends, every other claim of it loses. */
  begin(nonce: string): void {
    this.inFlight.add(nonce);
  }

  /** The claim ended: recorded (committed, remembered until `expiresAt`) or not (refused, rolled back, or kept elsewhere). */
  end(nonce: string, recordedUntil: number | null): void {
    this.inFlight.delete(nonce);
    if (recordedUntil !== null) this.recorded.set(nonce, recordedUntil);
  }

  /**
   * Forgets the nonces that expired before `now`, oldest first, stopping at the first live one. One
   * recorded while the wall clock stepped back may then stay a little longer: a nonce kept past its
   * expiry still counts as used, and any request that old is refused for its timestamp anyway.
   */
  purge(now: number): void {
    for (const [nonce, expiresAt] of this.recorded) {
      if (expiresAt >= now) break;
      this.recorded.delete(nonce);
    }
  }

  /** What the database holds replaces what memory held (a start, a wipe, a snapshot restored); claims in flight stay. */
  replace(rows: Iterable<{ nonce: string; expires_at: number }>): void {
    this.recorded.clear();
    for (const r of rows) this.recorded.set(r.nonce, r.expires_at);
  }

  get size(): number {
    return this.recorded.size;
  }
}
