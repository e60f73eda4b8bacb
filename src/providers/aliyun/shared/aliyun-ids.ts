// Alibaba's id formats, built from core's random hex.
import { randomInt } from 'node:crypto';
import { hex32 } from '../../../core/derived-ids.js';
import { randomHex } from '../../../core/random-hex.js';

const seven = (): string => String(randomInt(10_000_000)).padStart(7, '0');

/**
 * Order ids are 15-digit decimal numbers (OrderId "211248958120637"), sent as strings. All random:
 * the milliseconds and two random digits this was once made of collided under a frozen clock.
 */
export const newAliyunOrderId = (): string => `${randomInt(1, 10)}${seven()}${seven()}`;

/** Task ids as Alibaba's asynchronous ECS tasks name them: t- and 20 characters. */
export const newAliyunTaskId = (): string => `t-${randomHex(10)}`;

/**
 * An account's Alibaba UID (the numeric OwnerId of BSS replies, 16 digits like 1234567890123456),
 * derived from the account id so it never changes; below 2^53, so a JSON number keeps it exact.
 */
export function aliyunUid(accountId: string): number {
  const n = parseInt(hex32(`aliyun-uid/${accountId}`).slice(0, 13), 16);
  return 1_000_000_000_000_000 + (n % 8_000_000_000_000_000);
}
