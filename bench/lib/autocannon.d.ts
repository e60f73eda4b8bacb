// autocannon ships no types; the bench uses it through lib/load.ts only.
declare module 'autocannon' {
  const autocannon: (opts: Record<string, unknown>) => PromiseLike<Record<string, unknown>> & { on(event: string, fn: (...args: any[]) => void): void; stop(): void };
  export default autocannon;
}
