// Translates a ServerQuery into a parameterised WHERE clause, with the same meaning as the SQLite
// engine's listServers. Values always travel as parameters; only column names and operators are text.
import type { ServerQuery } from '../../core/model/store.js';
import { groupByLength } from '../id-parts.js';

export interface Where {
  cond: string;
  args: unknown[];
  /** appends a parameter and returns its placeholder ($n) */
  arg(v: unknown): string;
}

export function whereOf(q: ServerQuery): Where {
  const args: unknown[] = [];
  const arg = (v: unknown) => {
    args.push(v);
    return `$${args.length}`;
  };
  const where: string[] = [`account_id = ${arg(q.accountId)}`];
  if (q.projectId) where.push(`project_id = ${arg(q.projectId)}`);
  if (q.ids) where.push(`id = ANY(${arg(q.ids)}::text[])`);
  if (q.flavorId) where.push(`flavor_id = ${arg(q.flavorId)}`);
  // ILIKE: SQLite's LIKE ignores ASCII case, and callers rely on that
  if (q.nameLike) where.push(`name ILIKE ${arg(`%${q.nameLike.replace(/[\\%_]/g, (c) => '\\' + c)}%`)} ESCAPE '\\'`);
  if (q.statusIn) {
    const alts = q.statusIn.map((s) => {
      const named = s.taskStates.filter((t): t is string => t !== null);
      const parts: string[] = [];
      if (named.length) parts.push(`task_state = ANY(${arg(named)}::text[])`);
      if (s.taskStates.includes(null)) parts.push('task_state IS NULL');
      return `(vm_state = ${arg(s.vmState)} AND (${parts.join(' OR ') || 'FALSE'}))`;
    });
    where.push(`(${alts.join(' OR ') || 'FALSE'})`);
  }
  for (const [k, v] of Object.entries(q.tags ?? {})) where.push(`tags ->> ${arg(k)} = ${arg(v)}`);
  for (const [k, v] of Object.entries(q.notTags ?? {})) where.push(`coalesce(tags ->> ${arg(k)}, '') <> ${arg(v)}`);
  if (q.enterpriseProjectId) where.push(`enterprise_project_id = ${arg(q.enterpriseProjectId)}`);
  for (const part of q.idParts ?? []) {
    // grouped by length: one array comparison per length instead of one LIKE per value
    const fn = part.at === 'start' ? 'left' : 'right';
    const alts = [...groupByLength(part.values)].map(([n, vs]) => `${fn}(id, ${Number(n)}) = ANY(${arg(vs)}::text[])`);
    where.push(`(${alts.join(' OR ') || 'FALSE'})`);
  }
  return { cond: where.join(' AND '), args, arg };
}
