// Who is calling: an SDK-HMAC-SHA256 signature by a known AK/SK, or an IAM token. Failures use the
// API gateway's flat envelope, as the real gateway answers before any service sees the request.
import type { FastifyRequest } from 'fastify';
import type { Clock } from '../../../core/clock.js';
import type { Store } from '../../../core/model/store.js';
import type { WorldState } from '../../../core/world-state.js';
import { HuaweiFailure } from './huawei-errors.js';
import { parseAuthorization, parseSdkDate, SIGNATURE_WINDOW_MS, verifySignature } from './sdk-hmac-sha256.js';

export interface HuaweiCaller {
  accountId: string;
  userId: string;
  /** the project the credentials are scoped to (X-Project-Id or the token's scope); null = domain level */
  projectId: string | null;
  via: 'aksk' | 'token';
}

const denied = (detail: string) => new HuaweiFailure('APIGW.0301', `Incorrect IAM authentication information: ${detail}`);

const header = (req: FastifyRequest, name: string): string | undefined => {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
};

const MAX_UNPARSED_BODY = 64 * 1024;

/**
 * The body bytes the signature covers. The SDK's IAM look-up sends `{}` with a GET, and fastify
 * does not read bodies of GET requests, so those bytes are read here, bounded.
 */
async function signedBody(req: FastifyRequest): Promise<Buffer | undefined> {
  if (req.body instanceof Buffer) return req.body;
  const length = Number(header(req, 'content-length') ?? 0);
  if (!length || req.raw.readableEnded) return undefined;
  if (length > MAX_UNPARSED_BODY) throw denied('the request body of this method is too large to verify');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req.raw) {
    size += (chunk as Buffer).length;
    if (size > MAX_UNPARSED_BODY) throw denied('the request body of this method is too large to verify');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export async function authenticateHuawei(req: FastifyRequest, world: WorldState, store: Store, clock: Clock): Promise<HuaweiCaller> {
  const authorization = header(req, 'authorization');
  const token = header(req, 'x-auth-token');
  if (authorization) {
    const body = await signedBody(req);
    const ak = parseAuthorization(authorization)?.accessKey;
    // a key this node has not cached may come from a world another node just loaded
    if (ak !== undefined && !world.credentials.has(ak)) await world.caughtUp();
    return authenticateSignature(req, authorization, world, clock, body);
  }
  if (token) return authenticateToken(token, store, clock);
  throw denied('Authorization not found.');
}

function authenticateSignature(req: FastifyRequest, authorization: string, world: WorldState, clock: Clock, body: Buffer | undefined): HuaweiCaller {
  const auth = parseAuthorization(authorization);
  if (!auth) throw denied('the Authorization header is not a valid SDK-HMAC-SHA256 signature');
  const cred = world.credentials.get(auth.accessKey);
  if (!cred || cred.cloud !== 'huawei') throw denied('ak not exist');
  const date = header(req, 'x-sdk-date');
  const signedAt = parseSdkDate(date);
  if (Number.isNaN(signedAt)) throw denied('X-Sdk-Date is missing or malformed');
  const now = clock.now();
  if (Math.abs(now - signedAt) > SIGNATURE_WINDOW_MS) {
    throw new HuaweiFailure(
      'APIGW.0303',
      `Incorrect app authentication information: signature expired, signature time: ${date}, server time: ${new Date(now).toISOString().replace(/[-:]|\.\d{3}/g, '')}`,
    );
  }
  const url = req.raw.url ?? '/';
  const q = url.indexOf('?');
  const ok = verifySignature(
    {
      method: req.method,
      path: q < 0 ? url : url.slice(0, q),
      rawQuery: q < 0 ? '' : url.slice(q + 1),
      headers: req.headers,
      body,
    },
    auth,
    cred.secretKey,
  );
  if (!ok) throw denied('verify aksk signature fail');
  if (cred.securityToken !== null && header(req, 'x-security-token') !== cred.securityToken) {
    throw denied('the security token of a temporary access key is missing or wrong');
  }
  const projectHeader = header(req, 'x-project-id');
  if (projectHeader !== undefined) {
    const p = world.projects.get(projectHeader);
    if (!p || p.accountId !== cred.accountId) throw denied('the project in X-Project-Id does not belong to this account');
  }
  // GlobalCredentials (global services such as AAD and BSS) name the account instead of a project
  const domainHeader = header(req, 'x-domain-id');
  if (domainHeader !== undefined && domainHeader !== cred.accountId) throw denied('the domain in X-Domain-Id does not belong to this account');
  return { accountId: cred.accountId, userId: cred.userId, projectId: projectHeader ?? null, via: 'aksk' };
}

async function authenticateToken(token: string, store: Store, clock: Clock): Promise<HuaweiCaller> {
  if (token.length > 20000) throw denied('decrypt token fail');
  const t = await store.reads.getToken(token);
  if (!t || t.expiresAt <= clock.now()) throw denied('decrypt token fail');
  return { accountId: t.accountId, userId: t.userId, projectId: t.projectId, via: 'token' };
}

/**
 * A project id in the path must be the caller's: the token's or the signed X-Project-Id scope, or
 * (AK/SK without that header) any project of the account.
 */
export function requireProject(caller: HuaweiCaller, world: WorldState, pathProjectId: string): string {
  const project = world.projects.get(pathProjectId);
  const mismatch = () => new HuaweiFailure('Common.0018', 'The project ID in the token does not match that in the URL.');
  if (caller.projectId !== null) {
    if (caller.projectId !== pathProjectId) throw mismatch();
    return pathProjectId;
  }
  if (caller.via === 'token') throw new HuaweiFailure('Common.0018', 'A project-scoped token is required for this API.');
  if (!project || project.accountId !== caller.accountId) throw mismatch();
  return pathProjectId;
}
