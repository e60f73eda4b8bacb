import type { Logger } from 'pino';
import type { Clock, ManualClock, Timing } from './clock.js';
import type { FaultBook } from './faults/fault-book.js';
import type { JobRunner } from './jobs/job-runner.js';
import type { Store } from './model/store.js';
import type { Server } from './model/types.js';
import type { Metrics } from './observe/metrics.js';
import type { RequestLog } from './observe/request-log.js';
import type { OrderBook } from './orders/order-book.js';
import type { WorldSectionLoader } from './world-section.js';
import type { WorldState } from './world-state.js';

/** Everything a provider or the control API needs, built once per server by the composition root (server/). */
export interface AppContext {
  store: Store;
  world: WorldState;
  /** simulation time: jobs, orders, retention (virtual under --timing manual) */
  clock: Clock;
  /** real time: signature freshness and token expiry never follow the virtual clock */
  wallClock: Clock;
  manualClock: ManualClock | null;
  timing: Timing;
  engine: JobRunner;
  orders: OrderBook;
  log: Logger;
  worldSections: WorldSectionLoader[];
  /** the world loaded at start, so a reset restores it */
  initialWorld: unknown;
  /** the calls this node answered (null: switched off with --no-request-log) */
  requests: RequestLog | null;
  metrics: Metrics;
  faults: FaultBook;
  /** a server's status in its cloud's words, for the control API and the console */
  serverStatus(server: Server): string;
}
