// Loads a world file into the store in one transaction: the accounts, users and access keys every
// cloud shares are built here; each provider's section is handed to that provider's loader.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { ErrorObject } from 'ajv';
import { hex32 } from '../core/derived-ids.js';
import type { Store, StoreTx } from '../core/model/store.js';
import type { Account, Credential, User } from '../core/model/types.js';
import { WorldError, type WorldLoadContext, type WorldSectionLoader, type WorldSummary } from '../core/world-section.js';
import { packageFile } from '../paths.js';
import type { WorldFile } from './world-file.js';

export { WorldError };

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

export interface LoadWorldOptions {
  /**
   * The world is the shipped demo world, which the test suite validates against the schema
   * (test/reliability/shipped-world.test.ts): loading Ajv and compiling the schema for it cost
   * ~90 ms of every first start.
   */
  trusted?: boolean;
}

/** The meta key holding the last world loaded whole, as given: what added worlds share with it. */
export const WORLD_DOCUMENT = 'world.document';

/** Replaces everything in the store with the given world, in one transaction. */
export async function loadWorld(store: Store, raw: unknown, now: number, sections: readonly WorldSectionLoader[], opts: LoadWorldOptions = {}): Promise<WorldSummary> {
  const world = opts.trusted ? (raw as WorldFile) : validateWorld(raw);
  return store.transaction(async (tx) => {
    const previous = await tx.getMeta('world.loadedAt');
    await tx.wipe();
    const summary = await loadInto(tx, world, now, sections, previous);
    // the shared parts of the world (regions, flavors, sale states, stock, rate limits), for
    // worlds added beside it later (world/add-world.ts)
    await tx.setMeta(WORLD_DOCUMENT, JSON.stringify(world));
    return summary;
  });
}

/**
 * Builds a world's accounts, users and keys and hands each provider its section, inside the caller's
 * transaction; stamps the world. An added world (world/add-world.ts) runs it without a wipe.
 */
export async function loadInto(tx: StoreTx, world: WorldFile, now: number, sections: readonly WorldSectionLoader[], previousStamp?: string): Promise<WorldSummary> {
  {
    const summary: WorldSummary = { accounts: [], servers: 0, flavors: 0 };

    const accounts = new Map<string, Account>();
    for (const a of world.accounts) {
      if (accounts.has(a.name)) throw new WorldError(`world file: account ${a.name} is declared twice`);
      accounts.set(a.name, {
        id: a.id ?? hex32(`account/${a.name}`),
        name: a.name,
        kind: a.kind ?? 'normal',
        partnerId: null,
        balanceCents: usdToCents(a.balance ?? '0'),
        canPay: a.can_pay ?? true,
      });
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
      let firstUser: User | undefined;
      for (const u of users) {
        const user: User = { id: u.id ?? hex32(`user/${a.name}/${u.name}`), accountId: account.id, name: u.name, password: u.password };
        usersByName.set(u.name, user);
        firstUser ??= user;
        await tx.putUser(user);
        entry.users.push({ name: u.name, password: u.password });
      }
      for (const k of a.access_keys ?? []) {
        const user = k.user ? usersByName.get(k.user) : firstUser;
        if (!user) throw new WorldError(`world file: access key ${k.ak} names unknown user ${k.user}`);
        const cred: Credential = { cloud: k.cloud ?? 'huawei', accessKey: k.ak, secretKey: k.sk, accountId: account.id, userId: user.id, securityToken: k.security_token ?? null };
        await tx.putCredential(cred);
        entry.accessKeys.push({ cloud: cred.cloud, ak: k.ak, sk: k.sk });
      }
      summary.accounts.push(entry);
    }

    const ctx: WorldLoadContext = {
      now,
      accountByName(name) {
        const a = accounts.get(name);
        if (!a) throw new WorldError(`world file: unknown account ${name}`);
        return a;
      },
      rawAccounts: world.accounts as unknown as Record<string, unknown>[],
      summary,
    };
    for (const loader of sections) {
      const section = (world as unknown as Record<string, unknown>)[loader.key];
      if (section !== undefined || loader.runsWithoutSection) await loader.load((section ?? {}) as Record<string, unknown>, ctx, tx);
    }
    // a new stamp even when the (virtual) clock has not moved since the last load
    const previous = Number(previousStamp ?? (await tx.getMeta('world.loadedAt')) ?? 0);
    await tx.setMeta('world.loadedAt', String(previous >= now ? previous + 1 : now));
    return summary;
  }
}
