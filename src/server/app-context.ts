import type { Logger } from 'pino';
import type { Clock, ManualClock, Timing } from '../core/clock.js';
import type { EcsService } from '../core/services/ecs-service.js';
import type { OrderBook } from '../core/services/orders.js';
import type { WorldState } from '../core/world-state.js';
import type { JobEngine } from '../jobs/job-engine.js';
import type { Store } from '../store/store.js';
import type { WorldSectionLoader } from '../world/load-world.js';

/** Everything a route needs, built once per server (see server/create-server.ts). */
export interface AppContext {
  store: Store;
  world: WorldState;
  /** simulation time: jobs, orders, retention (virtual under --timing manual) */
  clock: Clock;
  /** real time: signature freshness and token expiry never follow the virtual clock */
  wallClock: Clock;
  manualClock: ManualClock | null;
  timing: Timing;
  engine: JobEngine;
  ecs: EcsService;
  orders: OrderBook;
  log: Logger;
  worldSections: WorldSectionLoader[];
  /** the world loaded at start, so a reset restores it */
  initialWorld: unknown;
}
