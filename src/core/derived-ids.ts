import { createHash } from 'node:crypto';
import { BoundedMemo } from './bounded-memo.js';

// Ids the world file leaves out are derived from names, so the same world always yields the
// same ids: a README snippet or a test can name them.
const digest = (seed: string) => createHash('sha256').update(seed).digest('hex');

/**
 * Derived ids by seed, a bounded memo (cleared when full, so a world load of a million servers
 * with derived ids does not grow it). Rendering one Huawei server derives a dozen ids from its
 * project and zone (VPC, subnet, security group, host), the same ones for every server of the
 * project: a SHA-256 each was a third of a ShowServer's render (bench/README.md, twelfth pass).
 */
const uuidMemo = new BoundedMemo<string, string>(4096);
const hexMemo = new BoundedMemo<string, string>(4096);

const hex32Of = (seed: string): string => digest(seed).slice(0, 32);

function uuidOf(seed: string): string {
  const h = digest(seed);
  // version 4 layout so clients that validate uuids accept it
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${'89ab'[parseInt(h[16]!, 16) % 4]}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export const hex32 = (seed: string): string => hexMemo.get(seed, hex32Of);

export const uuidFrom = (seed: string): string => uuidMemo.get(seed, uuidOf);
