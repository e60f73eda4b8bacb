// Puts the world the server started with back: from the store's snapshot when it has one (a few
// milliseconds: a test suite's reset before every test), else by loading it again, after which the
// snapshot is taken so the next reset is fast.
import type { AppContext } from '../core/app-context.js';
import { loadWorld } from './load-world.js';

/** Remembers the store's content as the world to reset to (right after the start world loaded). */
export async function snapshotWorld(ctx: AppContext): Promise<void> {
  // the virtual clock is part of the snapshot: every reset starts at the same simulated time
  if (ctx.manualClock) await ctx.store.transaction((tx) => tx.setMeta('clock.manual', String(ctx.manualClock!.now())));
  await ctx.store.snapshot?.();
}

export interface ResetOutcome {
  /** true when the snapshot was restored, false when the world was loaded again */
  restored: boolean;
}

export async function resetWorld(ctx: AppContext, opts: { trusted?: boolean } = {}): Promise<ResetOutcome> {
  await ctx.engine.stop();
  try {
    const restored = (await ctx.store.restoreSnapshot?.()) ?? false;
    if (restored) {
      const saved = await ctx.store.reads.getMeta('clock.manual');
      if (ctx.manualClock && saved !== undefined) ctx.manualClock.set(Number(saved));
    } else {
      await loadWorld(ctx.store, ctx.initialWorld, ctx.clock.now(), ctx.worldSections, { trusted: opts.trusted ?? false });
      await snapshotWorld(ctx);
    }
    await ctx.world.refresh();
    // every node sharing the store serves the new world at once
    await ctx.store.publish({ kind: 'world' });
    return { restored };
  } finally {
    ctx.engine.start();
  }
}
