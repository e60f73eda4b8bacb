// Who is calling: an SDK-HMAC-SHA256 signature by a known AK/SK, or an IAM token. Failures use the
// API gateway's flat envelope, as the real gateway answers before any service sees the request.
import type { FastifyRequest } from 'fastify';
import type { Clock } from '../../../core/clock.js';
import type { Store } from '../../../core/model/store.js';
import { noteOf } from '../../../core/observe/request-note.js';
import type { WorldState } from '../../../core/world-state.js';
import { HuaweiFailure } from './huawei-errors.js';
import { diagnoseSignature, parseAuthorization, parseSdkDate, SIGNATURE_WINDOW_MS, verifySignature, type ParsedAuthorization } from './sdk-hmac-sha256.js';

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
  const note = noteOf(req);
  const authorization = header(req, 'authorization');
  const token = header(req, 'x-auth-token');
  try {
    let caller: HuaweiCaller;
    if (authorization) {
      note.signature = /^\s*(\S+)/.exec(authorization)?.[1]?.slice(0, 32) ?? 'Authorization';
      const body = await signedBody(req);
      // parsed once: the look-up below and the verification read the same fields
      const auth = parseAuthorization(authorization);
      // a key this node has not cached may come from a world another node just loaded
      if (auth && !world.credentials.has(auth.accessKey)) await world.caughtUp();
      caller = authenticateSignature(req, auth, world, clock, body);
    } else if (token) {
      note.signature = 'X-Auth-Token';
      caller = await authenticateToken(token, store, clock);
    } else {
      note.reason = 'no credentials: the request has neither an Authorization header (AK/SK signature) nor an X-Auth-Token';
      throw denied('Authorization not found.');
    }
    note.account = caller.accountId;
    if (caller.projectId) note.project = caller.projectId;
    return caller;
  } catch (err) {
    if (err instanceof HuaweiFailure && note.reason === undefined) note.reason = err.reason ?? err.message;
    throw err;
  }
}

/** Sets the refusal's plain-words reason on the call's note and returns the failure to throw. */
const refusal = (req: FastifyRequest, failure: HuaweiFailure, reason: string): HuaweiFailure => {
  noteOf(req).reason = reason;
  return failure;
};

function authenticateSignature(req: FastifyRequest, auth: ParsedAuthorization | null, world: WorldState, clock: Clock, body: Buffer | undefined): HuaweiCaller {
  if (!auth) {
    throw refusal(req, denied('the Authorization header is not a valid SDK-HMAC-SHA256 signature'), 'the Authorization header is not "SDK-HMAC-SHA256 Access=<AK>, SignedHeaders=<h1;h2>, Signature=<64 hex digits>"');
  }
  const cred = world.credentials.get(auth.accessKey);
  if (!cred || cred.cloud !== 'huawei') {
    throw refusal(req, denied('ak not exist'), cred ? `access key ${auth.accessKey} is an Alibaba Cloud key, unknown to Huawei's gateway` : `access key ${auth.accessKey} is not in the world`);
  }
  noteOf(req).account = cred.accountId;
  const date = header(req, 'x-sdk-date');
  const signedAt = parseSdkDate(date);
  if (Number.isNaN(signedAt)) throw refusal(req, denied('X-Sdk-Date is missing or malformed'), `X-Sdk-Date ${date === undefined ? 'is missing' : `"${date.slice(0, 40)}" is not YYYYMMDDTHHMMSSZ`}`);
  const now = clock.now();
  if (Math.abs(now - signedAt) > SIGNATURE_WINDOW_MS) {
    noteOf(req).reason = `X-Sdk-Date ${date} is ${Math.round((signedAt - now) / 1000)} s from the server clock; the gateway accepts at most ${SIGNATURE_WINDOW_MS / 1000} s either way`;
    throw new HuaweiFailure(
      'APIGW.0303',
      `Incorrect app authentication information: signature expired, signature time: ${date}, server time: ${new Date(now).toISOString().replace(/[-:]|\.\d{3}/g, '')}`,
    );
  }
  const url = req.raw.url ?? '/';
  const q = url.indexOf('?');
  const signed = {
    method: req.method,
    path: q < 0 ? url : url.slice(0, q),
    rawQuery: q < 0 ? '' : url.slice(q + 1),
    headers: req.headers,
    body,
  };
  const ok = verifySignature(signed, auth, cred.secretKey);
  if (!ok) throw refusal(req, denied('verify aksk signature fail'), diagnoseSignature(signed, auth, cred.secretKey));
  if (cred.securityToken !== null && header(req, 'x-security-token') !== cred.securityToken) {
    const sent = header(req, 'x-security-token') === undefined ? 'is missing' : 'is not the one issued with it';
    throw refusal(req, denied('the security token of a temporary access key is missing or wrong'), `access key ${auth.accessKey} is temporary and its X-Security-Token ${sent}`);
  }
  const projectHeader = header(req, 'x-project-id');
  if (projectHeader !== undefined) {
    const p = world.projects.get(projectHeader);
    if (!p || p.accountId !== cred.accountId) {
      throw refusal(req, denied('the project in X-Project-Id does not belong to this account'), `X-Project-Id ${projectHeader.slice(0, 64)} is ${p ? 'a project of another account' : 'no project of the world'}`);
    }
  }
  // GlobalCredentials (global services such as AAD and BSS) name the account instead of a project
  const domainHeader = header(req, 'x-domain-id');
  if (domainHeader !== undefined && domainHeader !== cred.accountId) {
    throw refusal(req, denied('the domain in X-Domain-Id does not belong to this account'), `X-Domain-Id ${domainHeader.slice(0, 64)} is not the account of access key ${auth.accessKey}`);
  }
  return { accountId: cred.accountId, userId: cred.userId, projectId: projectHeader ?? null, via: 'aksk' };
}

async function authenticateToken(token: string, store: Store, clock: Clock): Promise<HuaweiCaller> {
  if (token.length > 20000) throw denied('decrypt token fail');
  const t = await store.reads.getToken(token);
  if (!t) throw new HuaweiFailure('APIGW.0301', 'Incorrect IAM authentication information: decrypt token fail', undefined, 'the X-Auth-Token was not issued by this IAM (or the world was reloaded since)');
  if (t.expiresAt <= clock.now()) throw new HuaweiFailure('APIGW.0301', 'Incorrect IAM authentication information: decrypt token fail', undefined, `the X-Auth-Token expired at ${new Date(t.expiresAt).toISOString()}`);
  return { accountId: t.accountId, userId: t.userId, projectId: t.projectId, via: 'token' };
}

/**
 * A project id in the path must be the caller's: the token's or the signed X-Project-Id scope, or
 * (AK/SK without that header) any project of the account.
 */
export function requireProject(caller: HuaweiCaller, world: WorldState, pathProjectId: string): string {
  const project = world.projects.get(pathProjectId);
  const mismatch = (why: string) => new HuaweiFailure('Common.0018', 'The project ID in the token does not match that in the URL.', undefined, why);
  if (caller.projectId !== null) {
    if (caller.projectId !== pathProjectId) throw mismatch(`the credentials are scoped to project ${caller.projectId}, the path names ${pathProjectId.slice(0, 64)}`);
    return pathProjectId;
  }
  if (caller.via === 'token') throw new HuaweiFailure('Common.0018', 'A project-scoped token is required for this API.', undefined, 'the token is scoped to the domain, and this API needs a project-scoped token');
  if (!project || project.accountId !== caller.accountId) throw mismatch(`project ${pathProjectId.slice(0, 64)} in the path is ${project ? 'a project of another account' : 'no project of the world'}`);
  return pathProjectId;
}
