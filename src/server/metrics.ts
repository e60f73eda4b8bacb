// The Prometheus metrics of one server, with prom-client: a registry per server (tests run several
// in one process), so nothing is global.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Store } from '../core/model/store.js';
import type { Metrics } from '../core/observe/metrics.js';

/** Latency buckets (seconds): specshift answers in well under a millisecond to a few hundred. */
const REQUEST_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10];
const TX_BUCKETS = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5, 2];

export function promMetrics(store: Store, opts: { processMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (opts.processMetrics !== false) collectDefaultMetrics({ register: registry, prefix: 'specshift_' });
  const requests = new Counter({
    name: 'specshift_requests_total',
    help: 'Cloud API calls answered, by cloud, operation and HTTP status (status 0: connection dropped by a fault)',
    labelNames: ['cloud', 'operation', 'status'] as const,
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'specshift_request_duration_seconds',
    help: 'Time from a cloud call arriving to its answer, by cloud and operation',
    labelNames: ['cloud', 'operation'] as const,
    buckets: REQUEST_BUCKETS,
    registers: [registry],
  });
  const tx = new Histogram({
    name: 'specshift_store_transaction_seconds',
    help: 'Store transactions, from the call to the commit (SQLite: including the wait for the shared commit)',
    buckets: TX_BUCKETS,
    registers: [registry],
  });
  const steps = new Counter({
    name: 'specshift_job_steps_total',
    help: 'Job steps committed by this node, by cloud, job type and the job status after the step',
    labelNames: ['cloud', 'type', 'status'] as const,
    registers: [registry],
  });
  const faults = new Counter({
    name: 'specshift_faults_fired_total',
    help: 'Injected faults that fired, by kind',
    labelNames: ['kind'] as const,
    registers: [registry],
  });
  new Gauge({
    name: 'specshift_jobs',
    help: 'Jobs in the store by status (read at scrape time; every node of a cluster reports the same store)',
    labelNames: ['status'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      const counts = await store.reads.countJobsByStatus().catch(() => ({}) as Record<string, number>);
      for (const status of ['INIT', 'RUNNING', 'SUCCESS', 'FAIL', 'PENDING_PAYMENT']) this.set({ status }, counts[status] ?? 0);
    },
  });
  // label children are looked up once per (cloud, operation, status): the hot path then only adds
  const requestChild = new Map<string, { inc(): void }>();
  const latencyChild = new Map<string, { observe(v: number): void }>();
  return {
    request(cloud, operation, status, seconds) {
      const k = `${cloud}\u0000${operation}`;
      const ks = `${k}\u0000${status}`;
      let c = requestChild.get(ks);
      if (!c) requestChild.set(ks, (c = requests.labels(cloud, operation, String(status))));
      c.inc();
      let h = latencyChild.get(k);
      if (!h) latencyChild.set(k, (h = latency.labels(cloud, operation)));
      h.observe(seconds);
    },
    transaction(seconds) {
      tx.observe(seconds);
    },
    jobStep(cloud, type, status) {
      steps.labels(cloud, type, status).inc();
    },
    fault(kind) {
      faults.labels(kind).inc();
    },
    async render() {
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
}
