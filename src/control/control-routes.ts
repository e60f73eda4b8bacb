// The /_specshift/ control API: health, worlds, the manual clock, faults, and read-only views of
// jobs and orders. It is for tests and operators on the same machine, not for cloud SDKs.
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../core/app-context.js';
import { loadWorld } from '../world/load-world.js';
import { resetWorld } from '../world/reset-world.js';
import { worldNamespaceRoutes } from './world-namespace-routes.js';
import { ControlError, controlErrorHandler, jsonBody } from './control-error.js';
import { consoleReads } from './console-reads.js';
import { observeRoutes } from './observe-routes.js';

export async function controlRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  app.setErrorHandler(controlErrorHandler);

  const reload = async (world: unknown) => {
    await ctx.engine.stop();
    try {
      const summary = await loadWorld(ctx.store, world, ctx.clock.now(), ctx.worldSections);
      await ctx.world.refresh();
      await ctx.faults.refresh();
      // every node sharing the store serves the new world at once
      await ctx.store.publish({ kind: 'world' });
      return summary;
    } finally {
      ctx.engine.start();
    }
  };

  /**
   * For load balancers and orchestrators: 200 while this node can reach its store, 503 when it
   * cannot (it would answer every cloud call with an "unavailable" error).
   */
  app.get('/_specshift/health', async (_req, reply) => {
    const database = await ctx.store.ping().then(
      () => 'ok',
      () => 'unavailable',
    );
    return reply.code(database === 'ok' ? 200 : 503).send({
      status: database === 'ok' ? 'ok' : 'unavailable',
      database,
      engine: ctx.store.engine,
      timing: ctx.engine.mode,
      now: new Date(ctx.clock.now()).toISOString(),
    });
  });

  /** Ready to serve: the store answers and holds a world. */
  app.get('/_specshift/ready', async (_req, reply) => {
    const loaded = await ctx.store.reads.getMeta('world.loadedAt').catch(() => null);
    const ready = loaded !== null && loaded !== undefined;
    return reply.code(ready ? 200 : 503).send({ ready, servers: ready ? await ctx.store.reads.countServers() : 0 });
  });

  app.post('/_specshift/world', async (req) => reload(jsonBody(req)));
  app.post('/_specshift/world/reset', async () => {
    const { restored } = await resetWorld(ctx);
    return { reset: true, restored };
  });
  worldNamespaceRoutes(app, ctx);

  app.get('/_specshift/clock', async () => ({ timing: ctx.engine.mode, now: new Date(ctx.clock.now()).toISOString(), epoch_ms: ctx.clock.now() }));
  app.post('/_specshift/clock/advance', async (req) => {
    if (!ctx.manualClock) throw new ControlError(409, 'NotManual', 'the clock only moves by hand with --timing manual');
    const body = jsonBody(req);
    const ms = body.ms ?? (typeof body.seconds === 'number' ? body.seconds * 1000 : undefined);
    if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0 || ms > 366 * 24 * 3600 * 1000) {
      throw new ControlError(400, 'BadRequest', 'give {"ms": N} or {"seconds": N}, 0 to one year');
    }
    const clock = ctx.manualClock;
    // from the latest time any node set (read under its row lock): concurrent advances through
    // several nodes add up instead of one overwriting the other
    const now = await ctx.store.transaction(async (tx) => {
      const next = Math.max(clock.now(), Number((await tx.getMeta('clock.manual')) ?? 0)) + ms;
      await tx.setMeta('clock.manual', String(next));
      return next;
    });
    clock.set(now);
    // the other nodes' clocks move with this one
    await ctx.store.publish({ kind: 'clock', now });
    ctx.engine.poke();
    await ctx.engine.settle();
    return { now: new Date(now).toISOString(), epoch_ms: now };
  });

  /** Waits until no job is due at the current time: tests call it instead of sleeping. */
  app.post('/_specshift/jobs/settle', async () => {
    ctx.engine.poke();
    await ctx.engine.settle();
    return { settled: true };
  });

  await observeRoutes(app, ctx);
  await consoleReads(app, ctx);
}
