// What every BSS action handler gets: the caller, its parameters, the host it addressed and the
// reads it answers from; and the parameter readers the BSS actions share. Handlers return the
// reply body without RequestId; the plugin adds it.
import type { AppContext } from '../../../core/app-context.js';
import type { Account } from '../../../core/model/types.js';
import { parseAcsTimestamp } from '../shared/rpc-request.js';
import type { RpcParams } from '../shared/rpc-params.js';
import { refuseParameter } from './bss-refusals.js';
import type { BssReads } from './bss-service.js';

export interface BssCaller {
  accountId: string;
  userId: string;
}

export interface BssActionContext {
  app: AppContext;
  bss: BssReads;
  caller: BssCaller;
  params: RpcParams;
  /** the endpoint the client addressed (Data.HostName) */
  host: string;
}

export type BssActionHandler = (a: BssActionContext) => Promise<Record<string, unknown>>;

/** OwnerId is a long in the SDK models; Alibaba UIDs have 16 digits. */
const OWNER_ID = /^\d{1,19}$/;

/**
 * The account the call is about: OwnerId, else the caller's. A long beyond 2^53 cannot be a UID
 * specshift derives (they stay below it, exact as JSON numbers) and reads as another owner.
 */
export function ownerAccount(a: BssActionContext): Promise<Account> {
  const text = a.params.str('OwnerId', 32);
  if (text !== undefined && !OWNER_ID.test(text)) refuseParameter('OwnerId');
  return a.bss.account(a.caller, text === undefined ? undefined : Number(text));
}

/** The default page size of the BSS list APIs (their pages' samples), and the largest taken. */
export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 300;

/** PageNum (from 1) and PageSize (1-300, default 20). */
export function paging(a: BssActionContext): { pageNum: number; pageSize: number } {
  return {
    pageNum: a.params.int('PageNum', { min: 1, max: 1_000_000 }) ?? 1,
    pageSize: a.params.int('PageSize', { min: 1, max: MAX_PAGE_SIZE }) ?? DEFAULT_PAGE_SIZE,
  };
}

/** A `yyyy-MM-ddTHH:mm:ssZ` (UTC) time parameter, as epoch ms. */
export function timeParam(a: BssActionContext, name: string): number | undefined {
  const text = a.params.str(name, 32);
  if (text === undefined) return undefined;
  const ms = parseAcsTimestamp(text);
  return Number.isNaN(ms) ? refuseParameter(name) : ms;
}

/** A time as BSS shows it, to the second. */
export const toSecond = (ms: number): number => Math.floor(ms / 1000) * 1000;

/** The slice of `items` a page shows. */
export const pageOf = <T>(items: readonly T[], p: { pageNum: number; pageSize: number }): T[] =>
  items.slice((p.pageNum - 1) * p.pageSize, p.pageNum * p.pageSize);
