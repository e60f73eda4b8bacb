import type { Account, Credential, Flavor, Project, Region, User } from './model/types.js';
import type { Store } from './model/store.js';

/**
 * Read-mostly world data (keys, projects, flavors, regions) cached in memory because every request
 * needs it; refreshed whenever a world is loaded. Balances and servers are never cached.
 */
export class WorldState {
  credentials = new Map<string, Credential>();
  projects = new Map<string, Project>();
  flavors = new Map<string, Flavor>();
  regions = new Map<string, Region>();
  users: User[] = [];
  accounts = new Map<string, Account>();

  constructor(private readonly store: Store) {}

  async refresh(): Promise<void> {
    const r = this.store.reads;
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

  flavor(cloud: Flavor['cloud'], id: string): Flavor | undefined {
    const f = this.flavors.get(id);
    return f && f.cloud === cloud ? f : undefined;
  }

  projectsOf(accountId: string): Project[] {
    return [...this.projects.values()].filter((p) => p.accountId === accountId);
  }
}
