// What the rest of specshift tells the metrics (served at /_specshift/metrics in the Prometheus
// text format). The implementation (server/metrics.ts) uses prom-client; this port keeps the layers
// below the composition root free of it.
export interface Metrics {
  /** one answered cloud call */
  request(cloud: string, operation: string, status: number, seconds: number): void;
  /** one store transaction, committed or not */
  transaction(seconds: number): void;
  /** one job step the engine committed, by the job's status after it */
  jobStep(cloud: string, type: string, status: string): void;
  /** a fault rule fired */
  fault(kind: string): void;
  /** the text exposition format and its content type */
  render(): Promise<{ contentType: string; body: string }>;
}

/** Metrics that measure nothing (the bench's baseline, --no-request-log). */
export const NO_METRICS: Metrics = {
  request() {},
  transaction() {},
  jobStep() {},
  fault() {},
  render: async () => ({ contentType: 'text/plain; version=0.0.4; charset=utf-8', body: '# metrics are off on this node (--no-request-log)\n' }),
};
