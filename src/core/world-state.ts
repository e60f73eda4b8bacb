import type { Account, Credential, Flavor, Project, Region, User } from './model/types.js';
import type { Store } from './model/store.js';

/**
 * Read-mostly world data (keys, projects, flavors, regions) cached in memory because every request
 * needs it; refreshed whenever a world is loaded, on this node or (told through the store) another.
 * Balances and servers are never cached.
 */
export class WorldState {
  /** the world.loadedAt stamp of the world cached here */
  private loadedAt: string | undefined;
  private checking: Promise<boolean> | null = null;
  credentials = new Map<string, Credential>();
  projects = new Map<string, Project>();
  flavors = new Map<string, Flavor>();
  regions = new Map<string, Region>();
  users: User[] = [];
  accounts = new Map<string, Account>();

  constructor(private readonly store: Store) {}

  /**
   * The world.loadedAt stamp of the world cached here: current for this node's own loads, resets
   * and restores (each refreshes the cache), and for another node's as soon as its notice arrives.
   */
  get stamp(): string | undefined {
    return this.loadedAt;
  }

  async refresh(): Promise<void> {
    const r = this.store.reads;
    this.loadedAt = await r.getMeta('world.loadedAt');
    const [creds, projects, flavors, regions, users, accounts] = await Promise.all([
      r.listCredentials(),
      r.listProjects(),
      r.listFlavors(),
      r.listRegions(),
      r.listUsers(),
      r.listAccounts(),
    ]);
    this.credentials = new Map(creds.map((c) => [c.accessKey, c]));
    this.projects = new Map(projects.map((p) => [p.id, p]));
    this.flavors = new Map(flavors.map((f) => [f.id, f]));
    this.regions = new Map(regions.map((x) => [x.id, x]));
    this.users = users;
    this.accounts = new Map(accounts.map((a) => [a.id, a]));
  }

  /**
   * On a look-up that found nothing (an unknown key or project): whether another node loaded a new
   * world this node has not heard of yet, in which case the cache is refreshed and true returned.
   * One cheap read, only on misses, so the notice between nodes is never the only way to learn.
   */
  async caughtUp(): Promise<boolean> {
    if (!this.store.shared) return false;
    this.checking ??= (async () => {
      try {
        if ((await this.store.reads.getMeta('world.loadedAt')) === this.loadedAt) return false;
        await this.refresh();
        return true;
      } finally {
        this.checking = null;
      }
    })();
    return this.checking;
  }

  flavor(cloud: Flavor['cloud'], id: string): Flavor | undefined {
    const f = this.flavors.get(id);
    return f && f.cloud === cloud ? f : undefined;
  }

  projectsOf(accountId: string): Project[] {
    return [...this.projects.values()].filter((p) => p.accountId === accountId);
  }
}
