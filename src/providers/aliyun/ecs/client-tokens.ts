// ClientToken idempotence ("How to ensure idempotence"): a token names one successful request of
// one account and action. Repeating it with the same parameters answers the first reply again and
// changes nothing; with other parameters it is IdempotenceParamNotMatch. Records are world
// documents written in the transaction of the change they describe, so a crash never keeps one
// without the other. The record is claimed first, with one insert-if-absent: the same token sent
// twice at once, to one node or to two sharing a database, makes one change, and the second request
// waits for the first's transaction and answers its reply.
import type { StoreTx } from '../../../core/model/store.js';
import { refuse } from '../shared/aliyun-errors.js';
import type { RpcParams } from '../shared/rpc-params.js';

const TOKEN_DOC = 'aliyun-client-token';
/** Decision (the retention is unpublished): a token is remembered for a day of simulation time. */
export const CLIENT_TOKEN_RETENTION_MS = 24 * 3600 * 1000;

/** Parameters that do not make two requests different (the caller's identity, the token itself). */
const NOT_FINGERPRINTED = ['ClientToken', 'OwnerId', 'OwnerAccount', 'ResourceOwnerId', 'ResourceOwnerAccount'];

export interface TokenRecord {
  fingerprint: string;
  /** the first reply, without its RequestId; null while (or if) the first request did not finish */
  reply: Record<string, unknown> | null;
  /** the job the first request started, if any: while it runs the token is still "processing" */
  jobId: string | null;
  at: number;
}

/** seed 004: "can contain only ASCII characters and cannot exceed 64 characters". */
export function readClientToken(params: RpcParams): string | undefined {
  const token = params.str('ClientToken', 4096);
  if (token === undefined) return undefined;
  if (token.length > 64 || !/^[\x20-\x7e]+$/.test(token)) refuse('InvalidClientToken.ValueNotSupported');
  return token;
}

const docId = (accountId: string, action: string, token: string): string => `${accountId}/${action}/${token}`;

export interface TokenKey {
  accountId: string;
  action: string;
  token: string;
}

/**
 * The reply to repeat, or undefined when the token is new (or forgotten): then this transaction
 * holds the token, and rememberToken records the reply in it. Throws IdempotenceParamNotMatch for a
 * token reused with other parameters, and LastTokenProcessing while the first request's job has not
 * finished.
 */
export async function replayOf(tx: StoreTx, key: TokenKey, params: RpcParams, now: number): Promise<Record<string, unknown> | undefined> {
  const id = docId(key.accountId, key.action, key.token);
  const claim: TokenRecord = { fingerprint: params.fingerprint(NOT_FINGERPRINTED), reply: null, jobId: null, at: now };
  if (await tx.claimWorldDoc(TOKEN_DOC, id, claim)) return undefined;
  const rec = (await tx.findWorldDoc(TOKEN_DOC, id)) as TokenRecord | undefined;
  // forgotten, or held by a request that committed without finishing (an injected fault): start over
  if (!rec || rec.reply === null || now - rec.at > CLIENT_TOKEN_RETENTION_MS) return undefined;
  if (rec.fingerprint !== claim.fingerprint) refuse('IdempotenceParamNotMatch');
  if (rec.jobId) {
    const job = await tx.getJob(rec.jobId);
    if (job && (job.status === 'INIT' || job.status === 'RUNNING')) refuse('LastTokenProcessing');
  }
  return rec.reply;
}

export async function rememberToken(tx: StoreTx, key: TokenKey, params: RpcParams, reply: Record<string, unknown>, jobId: string | null, now: number): Promise<void> {
  const rec: TokenRecord = { fingerprint: params.fingerprint(NOT_FINGERPRINTED), reply, jobId, at: now };
  await tx.putWorldDoc(TOKEN_DOC, docId(key.accountId, key.action, key.token), rec);
}
