import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { ErrorObject } from 'ajv';
import type { Account, Credential, Flavor, Project, Region, Server, User } from '../core/model/types.js';
import type { StoreTx, Store } from '../store/store.js';
import { packageFile } from '../paths.js';
import { hex32, uuidFrom } from './derived-ids.js';
import { shippedHuaweiFlavors, toFlavor } from './flavor-catalog.js';
import type { WorldFile, WorldServer } from './world-file.js';

export class WorldError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WorldError';
  }
}

/** What a world section of another provider (aliyun, aad) needs from the core loader. */
export interface WorldLoadContext {
  now: number;
  accountByName(name: string): Account;
}

export interface WorldSectionLoader {
  key: 'aliyun' | 'aad';
  load(section: Record<string, unknown>, ctx: WorldLoadContext, tx: StoreTx): Promise<void>;
}

export interface WorldSummary {
  accounts: { name: string; id: string; kind: string; accessKeys: { cloud: string; ak: string; sk: string }[]; users: { name: string; password: string }[]; projects: { id: string; region: string }[] }[];
  servers: number;
  flavors: number;
}

let validator: ((data: unknown) => boolean) & { errors?: ErrorObject[] | null } | undefined;

export function validateWorld(data: unknown): WorldFile {
  if (!validator) {
    // Ajv is loaded on first use: a restart on an existing data directory loads no world, and
    // importing Ajv at start-up cost ~20 ms of the cold-start budget (bench/README.md)
    const { Ajv } = createRequire(import.meta.url)('ajv') as typeof import('ajv');
    const schema = JSON.parse(readFileSync(packageFile('schema', 'world.schema.json'), 'utf8')) as object;
    // unoptimised code compiles in half the time (~55 ms less on every first start) and a world
    // file is validated once, so the slower validator never shows
    validator = new Ajv({ allErrors: false, strict: false, code: { optimize: false } }).compile(schema);
  }
  if (!validator(data)) {
    const e = validator.errors?.[0];
    throw new WorldError(`world file: ${e?.instancePath || '/'} ${e?.message ?? 'is invalid'}`);
  }
  return data as WorldFile;
}

const usdToCents = (s: string | undefined) => (s === undefined ? 0 : Math.round(Number(s) * 100));
const DAY = 24 * 3600 * 1000;

/** Replaces everything in the store with the given world, in one transaction. */
export interface LoadWorldOptions {
  /**
   * The world is the shipped demo world, which the test suite validates against the schema
   * (test/reliability/shipped-world.test.ts): loading Ajv and compiling the schema for it cost
   * ~90 ms of every first start.
   */
  trusted?: boolean;
}

export async function loadWorld(store: Store, raw: unknown, now: number, sections: readonly WorldSectionLoader[] = [], opts: LoadWorldOptions = {}): Promise<WorldSummary> {
  const world = opts.trusted ? (raw as WorldFile) : validateWorld(raw);
  return store.transaction(async (tx) => {
    await tx.wipe();
    const summary: WorldSummary = { accounts: [], servers: 0, flavors: 0 };
    const regions = new Map<string, Region>();
    for (const r of world.huawei?.regions ?? []) {
      const region: Region = { id: r.id, cloud: 'huawei', name: r.name ?? r.id, zones: r.zones };
      regions.set(r.id, region);
      await tx.putRegion(region);
    }

    const accounts = new Map<string, Account>();
    const projects = new Map<string, Project>(); // key account/region
    const firstUser = new Map<string, User>();
    for (const a of world.accounts) {
      if (accounts.has(a.name)) throw new WorldError(`world file: account ${a.name} is declared twice`);
      const account: Account = {
        id: a.id ?? hex32(`account/${a.name}`),
        name: a.name,
        kind: a.kind ?? 'normal',
        partnerId: null,
        balanceCents: usdToCents(a.balance ?? '0'),
        canPay: a.can_pay ?? true,
      };
      accounts.set(a.name, account);
    }
    for (const a of world.accounts) {
      const account = accounts.get(a.name)!;
      if (a.partner !== undefined) {
        const partner = accounts.get(a.partner);
        if (!partner || partner.kind !== 'partner') throw new WorldError(`world file: account ${a.name} names ${a.partner}, which is not a partner account`);
        account.partnerId = partner.id;
      } else if (account.kind === 'partner_customer') {
        throw new WorldError(`world file: partner_customer account ${a.name} must name its partner`);
      }
      await tx.putAccount(account);
      const entry: WorldSummary['accounts'][number] = { name: a.name, id: account.id, kind: account.kind, accessKeys: [], users: [], projects: [] };
      const users = a.users?.length ? a.users : [{ name: a.name, password: `${a.name}-password` }];
      const usersByName = new Map<string, User>();
      for (const u of users) {
        const user: User = { id: u.id ?? hex32(`user/${a.name}/${u.name}`), accountId: account.id, name: u.name, password: u.password };
        usersByName.set(u.name, user);
        if (!firstUser.has(a.name)) firstUser.set(a.name, user);
        await tx.putUser(user);
        entry.users.push({ name: u.name, password: u.password });
      }
      for (const k of a.access_keys ?? []) {
        const user = k.user ? usersByName.get(k.user) : firstUser.get(a.name);
        if (!user) throw new WorldError(`world file: access key ${k.ak} names unknown user ${k.user}`);
        const cred: Credential = { cloud: k.cloud ?? 'huawei', accessKey: k.ak, secretKey: k.sk, accountId: account.id, userId: user.id, securityToken: k.security_token ?? null };
        await tx.putCredential(cred);
        entry.accessKeys.push({ cloud: cred.cloud, ak: k.ak, sk: k.sk });
      }
      for (const p of a.projects ?? []) {
        if (!regions.has(p.region)) throw new WorldError(`world file: project of ${a.name} names unknown region ${p.region}`);
        const project: Project = { id: p.id ?? hex32(`project/${a.name}/${p.region}`), accountId: account.id, region: p.region, name: p.region };
        projects.set(`${a.name}/${p.region}`, project);
        await tx.putProject(project);
        entry.projects.push({ id: project.id, region: p.region });
      }
      summary.accounts.push(entry);
    }

    const flavors = new Map<string, Flavor>();
    for (const f of [...shippedHuaweiFlavors(), ...(world.huawei?.flavors ?? [])]) flavors.set(f.id, toFlavor(f));
    for (const [id, avail] of Object.entries(world.huawei?.flavor_availability ?? {})) {
      const f = flavors.get(id);
      if (!f) throw new WorldError(`world file: flavor_availability names unknown flavor ${id}`);
      if (avail.status) f.extraSpecs['cond:operation:status'] = avail.status;
      if (avail.az) f.extraSpecs['cond:operation:az'] = Object.entries(avail.az).map(([az, s]) => `${az}(${s})`).join(', ');
    }
    for (const f of flavors.values()) await tx.putFlavor(f);
    summary.flavors = flavors.size;

    const projectOf = (accountName: string, region: string, what: string): { account: Account; project: Project } => {
      const account = accounts.get(accountName);
      if (!account) throw new WorldError(`world file: ${what} names unknown account ${accountName}`);
      const project = projects.get(`${accountName}/${region}`);
      if (!project) throw new WorldError(`world file: ${what}: account ${accountName} has no project in region ${region}`);
      return { account, project };
    };
    const zoneOf = (region: string, az: string | undefined, what: string): string => {
      const r = regions.get(region);
      if (!r) throw new WorldError(`world file: ${what} names unknown region ${region}`);
      if (az === undefined) return r.zones[0]!;
      if (!r.zones.includes(az)) throw new WorldError(`world file: ${what} names zone ${az}, not in region ${region}`);
      return az;
    };

    const seen = new Set<string>();
    for (const [i, s] of (world.huawei?.servers ?? []).entries()) {
      const what = `server ${s.id ?? s.name ?? i}`;
      const server = buildServer(s, i, now, projectOf(s.account, s.region, what), zoneOf(s.region, s.az, what));
      if (!flavors.has(server.flavorId)) throw new WorldError(`world file: ${what} names unknown flavor ${s.flavor}`);
      if (seen.has(server.id)) throw new WorldError(`world file: server id ${server.id} is declared twice`);
      seen.add(server.id);
      await tx.insertServer(server);
      summary.servers++;
    }
    for (const g of world.huawei?.generate_servers ?? []) {
      const what = `generate_servers ${g.name_prefix ?? g.flavor}`;
      const owner = projectOf(g.account, g.region, what);
      const az = zoneOf(g.region, g.az, what);
      if (!flavors.has(g.flavor)) throw new WorldError(`world file: ${what} names unknown flavor ${g.flavor}`);
      const prefix = g.name_prefix ?? 'ecs';
      for (let n = 0; n < g.count; n++) {
        const spec: WorldServer = { id: uuidFrom(`server/${g.account}/${prefix}/${n}`), account: g.account, region: g.region, flavor: g.flavor, name: `${prefix}-${n}`, status: g.status ?? 'SHUTOFF' };
        await tx.insertServer(buildServer(spec, n, now, owner, az));
        summary.servers++;
      }
    }

    const ctx: WorldLoadContext = {
      now,
      accountByName(name) {
        const a = accounts.get(name);
        if (!a) throw new WorldError(`world file: unknown account ${name}`);
        return a;
      },
    };
    for (const loader of sections) {
      const section = world[loader.key];
      if (section) await loader.load(section, ctx, tx);
    }
    await tx.setMeta('world.loadedAt', String(now));
    return summary;
  });
}

function buildServer(s: WorldServer, index: number, now: number, owner: { account: Account; project: Project }, az: string): Server {
  const prepaid = s.billing === 'prepaid';
  return {
    cloud: 'huawei',
    id: s.id ?? uuidFrom(`server/${owner.account.name}/${s.name ?? index}`),
    accountId: owner.account.id,
    projectId: owner.project.id,
    region: owner.project.region,
    az,
    name: s.name ?? `ecs-${index}`,
    flavorId: s.flavor,
    vmState: s.status === 'ACTIVE' ? 'active' : s.status === 'ERROR' ? 'error' : 'stopped',
    taskState: null,
    billing: prepaid ? 'prepaid' : 'postpaid',
    spot: s.spot ?? false,
    osType: s.os_type ?? 'Linux',
    imageId: s.image?.id ?? uuidFrom(`image/${s.image?.name ?? 'CentOS 7.9 64bit'}`),
    imageName: s.image?.name ?? 'CentOS 7.9 64bit',
    imageType: s.image?.type ?? 'gold',
    dedicatedHostId: s.dedicated_host_id ?? null,
    tags: s.tags ?? {},
    enterpriseProjectId: s.enterprise_project_id ?? '0',
    locked: s.locked ?? false,
    frozen: s.frozen ?? false,
    cpuThreads: null,
    busyJobId: null,
    expiresAt: prepaid ? (s.expires_at ? Date.parse(s.expires_at) : now + 30 * DAY) : null,
    createdAt: now - 86_400_000 + index,
    updatedAt: now,
    version: 1,
  };
}
