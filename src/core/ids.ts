import { randomBytes, randomFillSync, randomUUID } from 'node:crypto';

// Every request takes a request id and most a job id: one randomBytes() call each cost ~10 us
// (an OpenSSL call and a Buffer), so ids are cut from a pool refilled 4 KiB at a time.
const pool = Buffer.alloc(4096);
let poolAt = pool.length;
const hex = (bytes: number): string => {
  if (poolAt + bytes > pool.length) {
    randomFillSync(pool);
    poolAt = 0;
  }
  poolAt += bytes;
  return pool.toString('hex', poolAt - bytes, poolAt);
};

/** Huawei job ids are 32 hex characters starting with ff8080 (e.g. ff80808288d41e1b018990260955686a). */
export const newHuaweiJobId = (): string => 'ff8080' + Date.now().toString(16).padStart(12, '0').slice(-12) + hex(7);

export const newServerId = (): string => randomUUID();

/** Request ids as Huawei's gateway sends them in X-Request-Id: 32 hex characters. */
export const newRequestId = (): string => hex(16);

const ORDER_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789';

/** Huawei order ids: CS + yyMMddHHmm + 5 characters, e.g. CS1711152257C60TL. */
export function newHuaweiOrderId(now: number): string {
  const d = new Date(now);
  const two = (n: number) => String(n).padStart(2, '0');
  const stamp = two(d.getUTCFullYear() % 100) + two(d.getUTCMonth() + 1) + two(d.getUTCDate()) + two(d.getUTCHours()) + two(d.getUTCMinutes());
  const tail = Array.from(randomBytes(5), (b) => ORDER_ALPHABET[b % ORDER_ALPHABET.length]).join('');
  return `CS${stamp}${tail}`;
}

export const newToken = (): string => 'MIIT' + randomBytes(96).toString('base64url');
