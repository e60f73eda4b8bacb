// Who is calling: checks an RPC call parsed by rpc-request.ts against the world's Alibaba keys,
// in the order the gateway reports problems: unknown key, stale clock, bad signature, STS token,
// replayed nonce. Authentication always uses the wall clock, never the virtual one.
import type { Clock } from '../../../core/clock.js';
import type { Credential } from '../../../core/model/types.js';
import type { WorldState } from '../../../core/world-state.js';
import type { Store } from '../../../core/model/store.js';
import { AliyunFailure } from './aliyun-errors.js';
import { signatureMismatchError, type AliyunAuthError } from './auth-errors.js';
import { isTimestampFresh, TIMESTAMP_WINDOW_MS, type RpcCall } from './rpc-request.js';

const MAX_NONCE_LENGTH = 128;
/** Expired nonces are deleted at most this often: one DELETE per request would be wasteful. */
const PURGE_EVERY_MS = 60 * 1000;

/** Turns a parse or auth refusal into the error the plugin renders. */
export const authFailure = (e: AliyunAuthError): AliyunFailure => new AliyunFailure(e.code, '', {}, e.message);

export class RpcAuthenticator {
  private lastPurge = 0;

  constructor(
    private readonly world: WorldState,
    private readonly store: Store,
    private readonly wallClock: Clock,
  ) {}

  async authenticate(call: RpcCall): Promise<Credential> {
    // a key this node has not cached may come from a world another node just loaded
    if (!this.world.credentials.has(call.accessKeyId)) await this.world.caughtUp();
    const cred = this.world.credentials.get(call.accessKeyId);
    // a Huawei key is as unknown to Alibaba's gateway as a made-up one
    const why = (key: ConstructorParameters<typeof AliyunFailure>[0], reason: string) => new AliyunFailure(key, '', {}, undefined, reason);
    if (!cred || cred.cloud !== 'aliyun') {
      throw why('InvalidAccessKeyId.NotFound', cred ? `access key ${call.accessKeyId} is a Huawei Cloud key, unknown to Alibaba's gateway` : `access key ${call.accessKeyId.slice(0, 64)} is not in the world`);
    }
    const now = this.wallClock.now();
    if (!isTimestampFresh(call.timestamp, now)) {
      throw why('InvalidTimeStamp.Expired', `the request was signed for ${new Date(call.timestamp).toISOString()}, ${Math.round((call.timestamp - now) / 1000)} s from the server clock; at most 900 s either way are accepted`);
    }
    if (!call.verify(cred.secretKey)) {
      const f = authFailure(signatureMismatchError(call.stringToSign));
      throw new AliyunFailure(f.key, '', {}, f.message, `${call.scheme} ${call.diagnose(cred.secretKey)}`);
    }
    if (cred.securityToken !== null) {
      if (call.securityToken === undefined) throw why('MissingSecurityToken', `access key ${cred.accessKey} is temporary (STS) and the request carries no security token`);
      if (call.securityToken !== cred.securityToken) throw why('InvalidSecurityToken.MismatchWithAccessKey', `the security token is not the one issued with access key ${cred.accessKey}`);
    } else if (call.securityToken !== undefined) {
      // a permanent key sent with a token: the pair cannot come from one STS AssumeRole
      throw why('InvalidSecurityToken.MismatchWithAccessKey', `access key ${cred.accessKey} is permanent, yet the request carries a security token`);
    }
    if (call.nonce.length > MAX_NONCE_LENGTH) throw new AliyunFailure('InvalidParameter', 'SignatureNonce', {}, undefined, `the signature nonce is longer than ${MAX_NONCE_LENGTH} characters`);
    if (!(await this.claimNonce(`aliyun/${cred.accessKey}/${call.nonce}`, now))) {
      throw why('SignatureNonceUsed', `signature nonce ${call.nonce.slice(0, 64)} was already used by access key ${cred.accessKey} in the last 15 minutes (a replayed or re-sent request)`);
    }
    return cred;
  }

  /**
   * Records the nonce for the freshness window; false when it was already seen. Of two concurrent
   * replays, on one node or on several sharing a database, exactly one passes (Store.claimNonce).
   */
  private async claimNonce(key: string, now: number): Promise<boolean> {
    if (now - this.lastPurge >= PURGE_EVERY_MS) {
      this.lastPurge = now;
      await this.store.purgeNonces(now);
    }
    // kept for the window on both sides of the signing time: a request signed up to 15 minutes
    // ahead of this clock is fresh until 15 minutes after its own timestamp. A nonce kept past its
    // expiry (purge is lazy) still counts as used; any request that old was refused above anyway.
    return this.store.claimNonce(key, now + 2 * TIMESTAMP_WINDOW_MS);
  }
}
