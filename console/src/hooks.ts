import { useEffect, useRef, useState } from 'preact/hooks';

/** Calls `load` now and every `ms` while mounted (and again when `deps` change); keeps the last result. */
export function usePoll<T>(load: () => Promise<T>, ms: number, deps: unknown[]): { data: T | undefined; error: string | null; reload: () => void } {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  const live = useRef(true);
  useEffect(() => {
    live.current = true;
    let timer: number | undefined;
    const run = async () => {
      try {
        const d = await load();
        if (live.current) {
          setData(d);
          setError(null);
        }
      } catch (e) {
        if (live.current) setError((e as Error).message);
      }
      if (live.current) timer = window.setTimeout(run, ms);
    };
    void run();
    return () => {
      live.current = false;
      window.clearTimeout(timer);
    };
  }, [...deps, tick]);
  return { data, error, reload: () => setTick((t) => t + 1) };
}
