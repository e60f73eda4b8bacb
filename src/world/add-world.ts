// Adds a world beside the one loaded, without touching it: the isolation a test suite sharing one
// server needs (an account per test, or a test file's own world under a prefix). What every world
// on a server shares (regions, flavors and their sale states, Alibaba stock, quotas and rate
// limits) stays the loaded world's; the added world brings accounts and what they own (servers,
// instances, Anti-DDoS instances, ...), each refused if its name, access key or id exists already.
import { createHash } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { hex32, uuidFrom } from '../core/derived-ids.js';
import type { Store } from '../core/model/store.js';
import { WorldConflict, WorldError, type WorldSectionLoader, type WorldSummary } from '../core/world-section.js';
import { loadInto, validateWorld, WORLD_DOCUMENT } from './load-world.js';
import type { WorldFile } from './world-file.js';

/** A prefix: short, so that prefixed account names stay within the schema's 64 characters. */
export const PREFIX = /^[A-Za-z0-9][A-Za-z0-9_-]{0,23}$/;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HEX32 = /^[0-9a-f]{32}$/;
const NOT_SECTIONS = new Set(['accounts', 'description', '$schema']);

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

/** An array of things an account owns: its items name their `account`. */
const isOwned = (v: unknown): v is Json[] => Array.isArray(v) && v.some((x) => isObject(x) && typeof x.account === 'string');

/**
 * The id an added world's `id` becomes under a prefix: the same for the same prefix and id, of the
 * same shape (a UUID stays a UUID, 32 hex stay 32 hex; otherwise every letter stays a letter of its
 * case and every digit a digit, and a short leading word with its dash, such as `i-`, stays).
 */
export function namespacedId(prefix: string, id: string): string {
  const seed = `namespace/${prefix}/${id}`;
  if (UUID.test(id)) return uuidFrom(seed);
  if (HEX32.test(id)) return hex32(seed);
  const lead = /^[A-Za-z]{1,4}-/.exec(id)?.[0] ?? '';
  const h = createHash('sha256').update(seed).digest();
  let out = lead;
  for (let i = lead.length; i < id.length; i++) {
    const c = id[i]!;
    const b = h[i % h.length]! ^ (i >> 5);
    if (c >= '0' && c <= '9') out += String(b % 10);
    else if (c >= 'a' && c <= 'z') out += String.fromCharCode(97 + (b % 26));
    else if (c >= 'A' && c <= 'Z') out += String.fromCharCode(65 + (b % 26));
    else out += c;
  }
  return out;
}

export interface NamespacedWorld {
  world: WorldFile;
  /** every id the prefix changed: as written in the world, and as served */
  ids: Record<string, string>;
}

/**
 * The world with every account name prefixed (and every reference to one: `partner`, an owned
 * item's `account`), every access key id, explicit account, user and project id, and every owned
 * item's `id` changed to a namespaced one of the same shape. Ids left out are derived from the
 * (prefixed) names as usual. Secrets, passwords, user names and shared parts are unchanged.
 */
export function namespaceWorld(world: WorldFile, prefix: string): NamespacedWorld {
  if (!PREFIX.test(prefix)) throw new WorldError(`prefix must match ${PREFIX.source}`);
  const ids: Record<string, string> = {};
  const id = (v: string) => (ids[v] ??= namespacedId(prefix, v));
  const names = new Set(world.accounts.map((a) => a.name));
  const name = (n: string) => (names.has(n) ? `${prefix}-${n}` : n);
  const accounts = world.accounts.map((a) => ({
    ...a,
    name: name(a.name),
    ...(a.id !== undefined ? { id: id(a.id) } : {}),
    ...(a.partner !== undefined ? { partner: name(a.partner) } : {}),
    ...(a.access_keys ? { access_keys: a.access_keys.map((k) => ({ ...k, ak: id(k.ak) })) } : {}),
    ...(a.users ? { users: a.users.map((u) => ({ ...u, ...(u.id !== undefined ? { id: id(u.id) } : {}) })) } : {}),
    ...(a.projects ? { projects: a.projects.map((p) => ({ ...p, ...(p.id !== undefined ? { id: id(p.id) } : {}) })) } : {}),
  }));
  const out: Json = { ...world, accounts };
  for (const [key, section] of Object.entries(world)) {
    if (NOT_SECTIONS.has(key) || !isObject(section)) continue;
    const copy: Json = { ...section };
    for (const [sub, value] of Object.entries(section)) {
      if (!isOwned(value)) continue;
      copy[sub] = value.map((item) => {
        if (!isObject(item)) return item;
        const next: Json = { ...item };
        if (typeof item.account === 'string') next.account = name(item.account);
        if (typeof item.id === 'string') next.id = id(item.id);
        // bulk generators number their ids after a prefix: a longer one keeps them apart
        if (typeof item.id_prefix === 'string' || sub === 'generate_instances') {
          const given = typeof item.id_prefix === 'string' ? item.id_prefix : 'i-gen';
          next.id_prefix = `${given}${hex32(`namespace/${prefix}/${given}`).slice(0, 8)}`.slice(0, 28);
        }
        return next;
      });
    }
    out[key] = copy;
  }
  return { world: out as unknown as WorldFile, ids };
}

/**
 * The world the loaders run for an added world: its accounts and what they own, with the shared
 * parts of the loaded world (which the loaders write again, unchanged). A shared part the added
 * world repeats must equal the loaded world's.
 */
export function withSharedParts(base: WorldFile, added: WorldFile): WorldFile {
  const out: Json = { accounts: added.accounts };
  const b = base as unknown as Json;
  const a = added as unknown as Json;
  for (const key of new Set([...Object.keys(b), ...Object.keys(a)])) {
    if (NOT_SECTIONS.has(key)) continue;
    const bs = isObject(b[key]) ? (b[key] as Json) : {};
    const as = isObject(a[key]) ? (a[key] as Json) : {};
    const section: Json = {};
    for (const sub of new Set([...Object.keys(bs), ...Object.keys(as)])) {
      if (isOwned(bs[sub]) || isOwned(as[sub])) {
        if (as[sub] !== undefined) section[sub] = as[sub];
        continue;
      }
      if (as[sub] !== undefined && !isDeepStrictEqual(as[sub], bs[sub])) {
        throw new WorldError(`world file: ${key}.${sub} is shared by every world on the server: an added world may leave it out or repeat it unchanged`);
      }
      if (bs[sub] !== undefined) section[sub] = bs[sub];
    }
    out[key] = section;
  }
  return out as unknown as WorldFile;
}

/** The world document kind recording the ids added worlds gave the things their accounts own. */
const ADDED_ID_DOC = 'world.added-id';

/** [section.key, id] of every owned item that names its id. */
function ownedIds(world: WorldFile): [string, string][] {
  const out: [string, string][] = [];
  for (const [key, section] of Object.entries(world)) {
    if (NOT_SECTIONS.has(key) || !isObject(section)) continue;
    for (const [sub, value] of Object.entries(section)) {
      if (!isOwned(value)) continue;
      for (const item of value) if (isObject(item) && typeof item.id === 'string') out.push([`${key}.${sub}`, item.id]);
    }
  }
  return out;
}

export interface AddedWorld extends WorldSummary {
  prefix: string | null;
  ids: Record<string, string>;
}

const isUniqueViolation = (err: unknown): boolean => {
  const e = err as { code?: string };
  return e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || e?.code === 'SQLITE_CONSTRAINT_UNIQUE' || e?.code === '23505';
};

/** Adds the world beside the loaded one, in one transaction; with a prefix, namespaced first. */
export async function addWorld(store: Store, raw: unknown, now: number, sections: readonly WorldSectionLoader[], opts: { prefix?: string; fallbackBase?: unknown } = {}): Promise<AddedWorld> {
  let world = validateWorld(raw);
  let ids: Record<string, string> = {};
  if (opts.prefix !== undefined) {
    const ns = namespaceWorld(world, opts.prefix);
    world = validateWorld(ns.world);
    ids = ns.ids;
  }
  return store.transaction(async (tx) => {
    const stored = await tx.getMeta(WORLD_DOCUMENT);
    const base = (stored !== undefined ? JSON.parse(stored) : (opts.fallbackBase ?? { accounts: [] })) as WorldFile;
    const composed = withSharedParts(base, world);

    const accounts = await tx.listAccounts();
    const takenNames = new Set(accounts.map((a) => a.name));
    const takenIds = new Set(accounts.map((a) => a.id));
    const keys = new Set((await tx.listCredentials()).map((c) => c.accessKey));
    const projects = new Set((await tx.listProjects()).map((p) => p.id));
    const users = new Set((await tx.listUsers()).map((u) => u.id));
    for (const a of world.accounts) {
      if (takenNames.has(a.name)) throw new WorldConflict(`world file: account ${a.name} exists already`);
      const accountId = a.id ?? hex32(`account/${a.name}`);
      if (takenIds.has(accountId)) throw new WorldConflict(`world file: account id ${accountId} (account ${a.name}) exists already`);
      for (const k of a.access_keys ?? []) if (keys.has(k.ak)) throw new WorldConflict(`world file: access key ${k.ak} exists already`);
      for (const p of a.projects ?? []) if (p.id !== undefined && projects.has(p.id)) throw new WorldConflict(`world file: project id ${p.id} exists already`);
      for (const u of a.users ?? []) if (u.id !== undefined && users.has(u.id)) throw new WorldConflict(`world file: user id ${u.id} exists already`);
    }
    // explicit ids of what the accounts own: some providers keep such things as world documents,
    // which a second write would silently replace, so every id is claimed here first, against the
    // loaded world's and every added world's
    const taken = ownedIds(base);
    for (const [where, id] of ownedIds(world)) {
      if (taken.some(([w, i]) => w === where && i === id) || !(await tx.claimWorldDoc(ADDED_ID_DOC, `${where}/${id}`, {}))) {
        throw new WorldConflict(`world file: ${where} id ${id} exists already`);
      }
    }
    try {
      const summary = await loadInto(tx, composed, now, sections);
      return { ...summary, prefix: opts.prefix ?? null, ids };
    } catch (err) {
      if (isUniqueViolation(err)) throw new WorldConflict(`world file: an id it declares exists already (${(err as Error).message})`);
      throw err;
    }
  });
}
