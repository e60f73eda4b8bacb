// Alibaba's id formats, built from core's random hex.
import { randomHex } from '../../../core/random-hex.js';

/** Order ids are long decimal numbers (OrderId "1234567890"), sent as strings. */
export const newAliyunOrderId = (now: number): string => `${now}${String(Math.floor(Math.random() * 100)).padStart(2, '0')}`;

/** Task ids as Alibaba's asynchronous ECS tasks name them: t- and 20 characters. */
export const newAliyunTaskId = (): string => `t-${randomHex(10)}`;
