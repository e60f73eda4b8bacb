// ServerQuery.idParts: both engines compare id parts of one length in one list.
export function groupByLength(prefixes: readonly string[]): Map<number, string[]> {
  const out = new Map<number, string[]>();
  for (const p of prefixes) {
    const list = out.get(p.length);
    if (list) list.push(p);
    else out.set(p.length, [p]);
  }
  return out;
}
