// A parameterised statement as one self-contained text, its $N placeholders replaced by quoted
// literals, so several statements can travel in one simple-protocol message (node-postgres sends one
// extended-protocol statement per round trip and cannot pipeline). The transaction uses it to carry
// its BEGIN and its deferred writes with the next statement or the COMMIT (postgres-ops.ts).

/**
 * `pg.escapeLiteral`'s output, made without its character-by-character concatenation: quotes and
 * backslashes doubled, the whole quoted, ` E` before it when there is a backslash. Measured on a
 * 1.2 KB server document: 6-9 µs with pg's, 0.6-0.7 µs here, and a resize inlines two documents
 * (bench/README.md, fifteenth pass). A test compares the two on hostile and random strings.
 */
export function quoteLiteral(s: string): string {
  const backslash = s.includes('\\');
  const body = backslash || s.includes("'") ? s.replace(/['\\]/g, (c) => c + c) : s;
  return backslash ? ` E'${body}'` : `'${body}'`;
}

/**
 * `sql` with each `$N` replaced by the literal of `values[N - 1]`, or null when a value is not a
 * string, a finite number, a boolean or null (the caller then sends it with parameters).
 *
 * Every value becomes a quoted, untyped literal ('42', not 42): PostgreSQL then resolves its type
 * from where it stands, exactly as it does for an untyped text parameter, which is what node-postgres
 * sends (numbers and booleans as their text). `quoteLiteral` (as `pg.escapeLiteral`) doubles quotes and
 * backslashes (E'' when there are backslashes), so the text of any value, hostile or not, stays one literal. The
 * replacement is one pass over `sql`: a `$1` inside a value is never read as a placeholder. `sql`
 * itself must hold no `$` but its placeholders (no dollar-quoted bodies): specshift's statements do not.
 */
export function inlineParameters(sql: string, values: readonly unknown[]): string | null {
  const literals: string[] = [];
  for (const v of values) {
    if (v === null || v === undefined) literals.push('NULL');
    else if (typeof v === 'string') literals.push(quoteLiteral(v));
    else if (typeof v === 'number' && Number.isFinite(v)) literals.push(`'${String(v)}'`);
    else if (typeof v === 'boolean') literals.push(v ? "'true'" : "'false'");
    else return null;
  }
  let missing = false;
  const text = sql.replace(/\$(\d+)/g, (_m, n: string) => {
    const lit = literals[Number(n) - 1];
    if (lit === undefined) missing = true;
    return lit ?? 'NULL';
  });
  return missing ? null : text;
}
