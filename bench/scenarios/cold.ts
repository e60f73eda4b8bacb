// Cold starts: spawn to first answered request, the median of several starts.
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { coldStartOnce } from '../lib/cold-start.js';

export interface ColdStarts {
  runs: number[];
  median: number;
  peakRssBytes: number | null;
}

export const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

function summarise(rs: { ms: number; peakRssBytes: number | null }[]): ColdStarts {
  const rss = rs.map((r) => r.peakRssBytes).filter((x): x is number => x !== null);
  return { runs: rs.map((r) => r.ms), median: median(rs.map((r) => r.ms)), peakRssBytes: rss.length ? Math.max(...rss) : null };
}

/** The demo world on a new data directory each time: the world is validated and loaded too. */
export async function demoFresh(root: string, runs: number): Promise<ColdStarts> {
  const rs = [];
  for (let i = 0; i < runs; i++) {
    const dir = mkdtempSync(join(root, 'demo-fresh-'));
    rs.push(await coldStartOnce({ dataDir: join(dir, 'data') }));
    rmSync(dir, { recursive: true, force: true });
  }
  return summarise(rs);
}

/** Restarts of one existing data directory (the demo world, or a generated one). */
export async function existing(dataDir: string, runs: number, keepExtraCaCerts = false): Promise<ColdStarts> {
  const rs = [];
  for (let i = 0; i < runs; i++) rs.push(await coldStartOnce({ dataDir, keepExtraCaCerts }));
  return summarise(rs);
}
