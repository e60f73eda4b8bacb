import { randomFillSync } from 'node:crypto';

// Every request takes a request id and most a job id: one randomBytes() call each cost ~10 us
// (an OpenSSL call and a Buffer), so random hex is cut from a pool refilled 4 KiB at a time.
// Each cloud builds its own id formats from it (providers/*/shared/*-ids.ts).
const pool = Buffer.alloc(4096);
let poolAt = pool.length;

/** `bytes` random bytes as lower-case hex (2 characters a byte). */
export function randomHex(bytes: number): string {
  if (poolAt + bytes > pool.length) {
    randomFillSync(pool);
    poolAt = 0;
  }
  poolAt += bytes;
  return pool.toString('hex', poolAt - bytes, poolAt);
}

/** A request id: 32 hex characters, rendered by each cloud in its own layout. */
export const newRequestId = (): string => randomHex(16);
