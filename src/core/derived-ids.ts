import { createHash } from 'node:crypto';

// Ids the world file leaves out are derived from names, so the same world always yields the
// same ids: a README snippet or a test can name them.
const digest = (seed: string) => createHash('sha256').update(seed).digest('hex');

export const hex32 = (seed: string): string => digest(seed).slice(0, 32);

export function uuidFrom(seed: string): string {
  const h = digest(seed);
  // version 4 layout so clients that validate uuids accept it
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${'89ab'[parseInt(h[16]!, 16) % 4]}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
