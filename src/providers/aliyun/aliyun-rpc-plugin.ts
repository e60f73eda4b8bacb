// Alibaba Cloud ECS over the RPC protocol, on the shared port at path `/`: GET or POST, the
// operation in Action/Version (parameters or x-acs-* headers), parameters in the query or a form
// body, both signature schemes. Every reply is JSON; every failure, fastify's own included, is
// rendered in Alibaba's error envelope by this scope's error handler.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../core/app-context.js';
import { DomainError, type CoreReason } from '../../core/errors.js';
import { StoreUnavailable } from '../../core/model/store.js';
import type { OperationInfo, ProviderPlugin, UnroutedKind, WireAnswer } from '../provider-plugin.js';
import { aliyunControlRoutes } from './aliyun-control-routes.js';
import { ALIYUN_ECS_ACTIONS, ALIYUN_ECS_VERSION, isAliyunEcsAction, type AliyunEcsAction } from './ecs/ecs-action-names.js';
import { registerAliyunJobs } from './ecs/ecs-jobs.js';
import { ECS_HANDLERS } from './ecs/ecs-operations.js';
import { AliyunEcsService } from './ecs/ecs-service.js';
import { aliyunWorldSection } from './ecs/ecs-world.js';
import { settingsDoc } from './ecs/ecs-world-docs.js';
import { AliyunFailure, type AliyunErrorKey } from './shared/aliyun-errors.js';
import { FixedWindowLimiter } from './shared/rate-limiter.js';
import { authFailure, RpcAuthenticator } from './shared/rpc-auth.js';
import { aliyunRequestId, errorBody, sendFailure, sendSuccess, validHostId } from './shared/rpc-envelope.js';
import { RpcParams } from './shared/rpc-params.js';
import { parseRpcRequest } from './shared/rpc-request.js';

/**
 * Refusals of the neutral core (the order book, optimistic retries) in Alibaba's words. Alibaba's
 * own rules throw catalogue keys directly (aliyun-errors.ts): there a published code is the reason.
 */
const CORE_REFUSALS: Record<CoreReason, AliyunErrorKey> = {
  'order.balance': 'InvalidAccountStatus.NotEnoughBalance',
  'order.not-payable': 'LastOrderProcessing',
  'resource.busy': 'IncorrectInstanceStatus',
};

export function aliyunErrorHandler(err: FastifyError | Error, req: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (err instanceof AliyunFailure) return sendFailure(req, reply, err);
  // the database behind this node is gone for now: a retryable 503; nothing was committed
  if (err instanceof StoreUnavailable) return sendFailure(req, reply, new AliyunFailure('ServiceUnavailable'));
  if (err instanceof DomainError) {
    const key = (CORE_REFUSALS as Record<string, AliyunErrorKey | undefined>)[err.reason];
    if (key) return sendFailure(req, reply, new AliyunFailure(key));
  } else {
    // fastify's own refusals (body too large, bad Content-Length) happen before any handler ran
    const status = (err as FastifyError).statusCode;
    if (status === 413) return sendFailure(req, reply, new AliyunFailure('RequestEntityTooLarge'));
    if (status !== undefined && status >= 400 && status < 500) {
      return sendFailure(req, reply, new AliyunFailure('InvalidParameter', '', {}, `The request is not valid: ${err.message}`));
    }
  }
  // only an injected fault answers 5xx: a defect of specshift must not pass for a cloud failure
  req.log.error({ err }, 'aliyun: unexpected failure');
  return sendFailure(req, reply, new AliyunFailure('UnknownError'));
}

async function aliyunRpcRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  registerAliyunJobs(ctx.engine);
  const authenticator = new RpcAuthenticator(ctx.world, ctx.store, ctx.wallClock);
  const service = new AliyunEcsService(ctx);
  const limiter = new FixedWindowLimiter();
  let limiterWorld: string | undefined;
  app.setErrorHandler(aliyunErrorHandler);

  /** The world's rate limit for the action (per account), counted on the simulation clock. */
  async function throttle(accountId: string, action: AliyunEcsAction): Promise<void> {
    const loadedAt = await ctx.store.reads.getMeta('world.loadedAt');
    if (loadedAt !== limiterWorld) {
      limiter.clear();
      limiterWorld = loadedAt;
    }
    const limits = (await settingsDoc(ctx.store.reads)).rateLimits;
    const limit = limits[action] ?? limits['*'];
    if (!limit) return;
    const decision = limiter.take(`${accountId}/${action}`, limit, ctx.clock.now());
    // the SDK turns x-acs-retry-after (ms) into ThrottlingError.retryAfter
    if (!decision.allowed) throw new AliyunFailure('Throttling', '', { 'x-acs-retry-after': String(decision.retryAfterMs) });
  }

  async function handle(req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
    const parsed = parseRpcRequest({
      method: req.method,
      rawUrl: req.raw.url ?? '/',
      headers: req.headers,
      body: req.body instanceof Buffer ? req.body : undefined,
    });
    if (!parsed.ok) throw authFailure(parsed.error);
    const call = parsed.call;
    if (call.version !== ALIYUN_ECS_VERSION) throw new AliyunFailure('InvalidVersion');
    if (!isAliyunEcsAction(call.action)) throw new AliyunFailure('InvalidAction.NotFound');
    const cred = await authenticator.authenticate(call);
    await throttle(cred.accountId, call.action);
    const body = await ECS_HANDLERS[call.action]({
      app: ctx,
      service,
      caller: { accountId: cred.accountId, userId: cred.userId },
      params: new RpcParams(call.params),
    });
    return sendSuccess(req, reply, body);
  }

  app.route({ method: ['GET', 'POST'], url: '/', config: { cloud: 'aliyun', service: 'ecs' }, handler: handle });
  // its own scope: control calls answer in the control API's envelope, not Alibaba's
  await app.register(async (scope) => aliyunControlRoutes(scope, ctx));
}

const ECS_OPERATIONS: OperationInfo[] = ALIYUN_ECS_ACTIONS.map((name) => ({ cloud: 'aliyun', service: 'ecs', name, method: 'GET/POST', path: '/', version: ALIYUN_ECS_VERSION }));

/** How Alibaba's gateway answers what no action took (an unknown path, a request it cannot parse). */
function unrouted(kind: UnroutedKind, status: number, message: string, requestId: string, host: string | undefined): WireAnswer {
  const envelope = (code: string, msg: string) => errorBody(aliyunRequestId(requestId), validHostId(host), code, msg);
  switch (kind) {
    case 'not-found':
      return { status: 404, body: envelope('InvalidAction.NotFound', 'Specified api is not found, please check your url and method.') };
    case 'too-large':
      return { status, body: envelope('RequestEntityTooLarge', message) };
    case 'invalid':
      return { status, body: envelope('InvalidParameter', message) };
    case 'malformed':
      return { status, body: envelope(status === 400 ? 'InvalidParameter' : 'BadRequest', message) };
  }
}

/** Alibaba Cloud over the RPC protocol at `/`: ECS 2014-05-26, and the control routes for its orders. */
export const aliyunRpcPlugin: ProviderPlugin = {
  name: 'aliyun-rpc',
  operations: ECS_OPERATIONS,
  worldSections: [aliyunWorldSection],
  family: { claims: (url) => url === '/' || url.startsWith('/?'), answer: unrouted },
  register: aliyunRpcRoutes,
};
