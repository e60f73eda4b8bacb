// Status filters at a flat cost (table server_state_counts, migration 10 of both engines, and on
// SQLite the index servers_listed_by_state). A wire status (Huawei SHUTOFF, Alibaba Stopped) is a
// few (vm_state, task_state) pairs. The total is the sum of the pairs' counters on both engines. On
// SQLite each pair is also one range of the index, already in listing order (created_at, id), and a
// page is the first rows of each range merged: neither reads the servers outside the page, however
// many match. PostgreSQL pages with one query over servers_listed (no index on the state columns:
// it would make every state change a non-HOT update), which stops once its page is full.
import type { ServerQuery } from '../core/model/store.js';

/** One (vm_state, task_state) pair of a status filter; `task` null: no task running. */
export interface StatePair {
  vm: string;
  task: string | null;
}

/** The distinct pairs a status filter names, in a fixed order (none: the filter matches nothing). */
export function statePairs(statusIn: NonNullable<ServerQuery['statusIn']>): StatePair[] {
  const seen = new Set<string>();
  const out: StatePair[] = [];
  for (const alt of statusIn) {
    for (const task of alt.taskStates) {
      const key = `${alt.vmState}\u0000${task ?? ''}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ vm: alt.vmState, task });
    }
  }
  return out;
}

/**
 * Whether a listing can be served pair by pair: a status filter in one project, with nothing else
 * but paging (the other filters still count and page through one query over the matching rows).
 */
export function listedByState(q: ServerQuery): boolean {
  return q.statusIn !== undefined && !!q.projectId && !q.ids && !q.flavorId && !q.nameLike && !q.tags && !q.notTags && !q.enterpriseProjectId && !q.idParts;
}

/** A server's place in listing order. */
export interface Position {
  created_at: number | string;
  id: string;
}

/** A row of one pair's range: its listing position and document. */
export interface PositionedRow extends Position {
  doc: string;
}

/**
 * The rows from `offset` to `offset + limit` of the union of the pairs' ranges, in listing order
 * (created_at, then id by code unit: ids are ASCII, which both engines' byte order agrees with).
 * Each range holds at most `offset + limit` rows, already sorted.
 */
export function mergeRanges(ranges: PositionedRow[][], offset: number, limit: number): string[] {
  const all = ranges.length === 1 ? ranges[0]! : ranges.flat().sort(byPosition);
  return all.slice(offset, offset + limit).map((r) => r.doc);
}

/** Listing order: created_at, then id by code unit (ids are ASCII, which both engines' byte order agrees with). */
export const byPosition = (a: Position, b: Position): number => {
  const d = Number(a.created_at) - Number(b.created_at);
  return d !== 0 ? d : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
};
