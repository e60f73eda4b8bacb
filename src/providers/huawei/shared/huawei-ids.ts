// Huawei's id formats, built from core's random hex.
import { randomBytes, randomInt } from 'node:crypto';
import { randomHex } from '../../../core/random-hex.js';

/** Job ids are 32 hex characters starting with ff8080 (e.g. ff80808288d41e1b018990260955686a). */
export const newHuaweiJobId = (): string => 'ff8080' + Date.now().toString(16).padStart(12, '0').slice(-12) + randomHex(7);

const ORDER_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789';

/** Order ids: CS + yyMMddHHmm + 5 characters, e.g. CS1711152257C60TL. */
export function newHuaweiOrderId(now: number): string {
  const d = new Date(now);
  const two = (n: number) => String(n).padStart(2, '0');
  const stamp = two(d.getUTCFullYear() % 100) + two(d.getUTCMonth() + 1) + two(d.getUTCDate()) + two(d.getUTCHours()) + two(d.getUTCMinutes());
  const tail = Array.from({ length: 5 }, () => ORDER_ALPHABET[randomInt(ORDER_ALPHABET.length)]).join('');
  return `CS${stamp}${tail}`;
}

/** IAM tokens: opaque, long, starting MIIT like the real PKI tokens. */
export const newToken = (): string => 'MIIT' + randomBytes(96).toString('base64url');
