// A provider's part of the world file. The world loader (world/load-world.ts) builds what every
// cloud shares (accounts, their users and keys), then hands each provider its section.
import type { Account } from './model/types.js';
import type { StoreTx } from './model/store.js';

export interface WorldSummaryAccount {
  name: string;
  id: string;
  kind: string;
  accessKeys: { cloud: string; ak: string; sk: string }[];
  users: { name: string; password: string }[];
  projects: { id: string; region: string }[];
}

/** What a start printed: the loaded world's accounts, keys and projects. */
export interface WorldSummary {
  accounts: WorldSummaryAccount[];
  servers: number;
  flavors: number;
}

export interface WorldLoadContext {
  now: number;
  accountByName(name: string): Account;
  /** the world file's `accounts` entries as written, for sections that read per-account fields (projects) */
  rawAccounts: readonly Record<string, unknown>[];
  summary: WorldSummary;
}

export interface WorldSectionLoader {
  /** the top-level key of the world file this loader reads */
  key: string;
  /** run with an empty section when the file has none (a loader that also reads per-account fields) */
  runsWithoutSection?: boolean;
  /** loaders run in the order the providers are registered; a later one may use what an earlier one stored */
  load(section: Record<string, unknown>, ctx: WorldLoadContext, tx: StoreTx): Promise<void>;
}

export class WorldError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WorldError';
  }
}

/** A world that cannot be added beside the loaded one: a name, key or id it declares exists already. */
export class WorldConflict extends WorldError {
  constructor(message: string) {
    super(message);
    this.name = 'WorldConflict';
  }
}
