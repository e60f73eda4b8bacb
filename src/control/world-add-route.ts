// POST /_specshift/world/add[?prefix=P]: a world added beside the loaded one (world/add-world.ts),
// for suites that share one server: an account per test, or a test file's world under a prefix.
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../core/app-context.js';
import { addWorld, PREFIX } from '../world/add-world.js';
import { ControlError, jsonBody } from './control-error.js';

export function worldAddRoute(app: FastifyInstance, ctx: AppContext): void {
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
