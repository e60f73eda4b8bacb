// Named prepared statements for the store's fixed, frequent statements (a job poll, a server or
// account read, a nonce claim).
//
// Why: a statement sent unnamed is parsed, analysed and planned by PostgreSQL on every execution.
// Named, node-postgres parses it once per connection and afterwards sends only Bind and Execute.
// Measured on the development VM (10 connections, a primary-key read of a 600-byte document):
// PostgreSQL's CPU per read ~80 -> ~45 µs, reads a second +15-30% (bench/README.md, fifteenth pass).
//
// Only statements whose text is fixed at the call site are named (`prepared(sql)` there), so the
// set is bounded by the code: a connection keeps every statement it prepared for as long as it
// lives, and a text built from a query's filters (IN lists, optional conditions) would add one per
// shape. Names are given in order of first use and never reused for another text, as node-postgres
// requires of a name on one connection.
//
// A deployment behind PgBouncer in transaction pooling mode needs PgBouncer 1.21 or later with
// max_prepared_statements set (docs/deploy.md): before that, a named statement prepared on one
// server connection is not there on the next.
const names = new Map<string, string>();

/** Marks `sql` as a fixed statement to run named; returns it unchanged. */
export function prepared(sql: string): string {
  if (!names.has(sql)) names.set(sql, `specshift_${names.size + 1}`);
  return sql;
}

/** The name `sql` runs under, if it was marked. */
export const preparedName = (sql: string): string | undefined => names.get(sql);
