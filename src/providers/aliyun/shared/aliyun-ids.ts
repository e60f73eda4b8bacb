// Alibaba's id formats, built from core's random hex.
import { hex32 } from '../../../core/derived-ids.js';
import { randomHex } from '../../../core/random-hex.js';

/** Order ids are long decimal numbers (OrderId "1234567890"), sent as strings. */
export const newAliyunOrderId = (now: number): string => `${now}${String(Math.floor(Math.random() * 100)).padStart(2, '0')}`;

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
