// The control API as the console calls it (same origin: the console is served by specshift).
export class ApiError extends Error {}

export async function api<T = any>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const res = await fetch(`/_specshift/${path}`, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers: init.body === undefined ? {} : { 'content-type': 'application/json' },
    ...(init.body === undefined ? {} : { body: typeof init.body === 'string' ? init.body : JSON.stringify(init.body) }),
  });
  const text = await res.text();
  const data = text ? JSON.parse(text) : {};
  if (!res.ok) throw new ApiError(data?.error?.message ?? `${res.status} ${res.statusText}`);
  return data as T;
}

export const qs = (o: Record<string, string | number | undefined | null>): string => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(o)) if (v !== undefined && v !== null && v !== '') p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : '';
};

export const money = (cents: number): string => (cents / 100).toFixed(2);
export const time = (iso: string | null): string => (iso ? iso.replace('T', ' ').replace(/\.\d{3}Z$/, 'Z') : '');
