// The world as a test suite sees it: GET /_specshift/world (every account with its keys, users and
// projects) and POST /_specshift/world/add[?prefix=P], a world added beside the loaded one
// (world/add-world.ts) for suites that share one server: an account per test, or a test file's
// world under a prefix.
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../core/app-context.js';
import type { WorldSummaryAccount } from '../core/world-section.js';
import { addWorld, PREFIX } from '../world/add-world.js';
import { WORLD_DOCUMENT } from '../world/load-world.js';
import { ControlError, jsonBody } from './control-error.js';

/** Every account the server holds, as a world load summarises it. */
export function worldAccounts(ctx: AppContext): WorldSummaryAccount[] {
  const w = ctx.world;
  return [...w.accounts.values()].map((a) => ({
    name: a.name,
    id: a.id,
    kind: a.kind,
    accessKeys: [...w.credentials.values()].filter((c) => c.accountId === a.id).map((c) => ({ cloud: c.cloud, ak: c.accessKey, sk: c.secretKey })),
    users: w.users.filter((u) => u.accountId === a.id).map((u) => ({ name: u.name, password: u.password })),
    projects: w.projectsOf(a.id).map((p) => ({ id: p.id, region: p.region })),
  }));
}

export function worldNamespaceRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/_specshift/world', async () => {
    const stored = await ctx.store.reads.getMeta(WORLD_DOCUMENT);
    return { accounts: worldAccounts(ctx), world: stored !== undefined ? (JSON.parse(stored) as unknown) : ctx.initialWorld };
  });

  app.post<{ Querystring: { prefix?: string | string[] } }>('/_specshift/world/add', async (req) => {
    const prefix = req.query.prefix;
    if (Array.isArray(prefix) || (prefix !== undefined && !PREFIX.test(prefix))) {
      throw new ControlError(400, 'BadRequest', `prefix must match ${PREFIX.source}`);
    }
    const added = await addWorld(ctx.store, jsonBody(req), ctx.clock.now(), ctx.worldSections, { ...(prefix !== undefined ? { prefix } : {}), fallbackBase: ctx.initialWorld });
    await ctx.world.refresh();
    // the other nodes sharing the store learn the new keys and projects at once
    await ctx.store.publish({ kind: 'world' });
    return added;
  });
}
