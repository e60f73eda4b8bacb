// Alibaba Cloud over the RPC protocol, on the shared port at path `/`: GET or POST, the operation
// in Action/Version (parameters or x-acs-* headers), parameters in the query or a form body, both
// signature schemes. One route serves several products, told apart by Version: ECS 2014-05-26 and
// BSS (BssOpenApi) 2017-12-14. Every reply is JSON; every failure, fastify's own included, is
// rendered in Alibaba's error envelope by this scope's error handler.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../core/app-context.js';
import { DomainError, type CoreReason } from '../../core/errors.js';
import { StoreUnavailable, unexpectedFailureReason } from '../../core/model/store.js';
import { noteOf } from '../../core/observe/request-note.js';
import type { OperationInfo, ProviderPlugin, UnroutedKind, WireAnswer } from '../provider-plugin.js';
import { dropConnection, routeFaults } from '../route-gate.js';
import { aliyunCloudFaults } from './aliyun-cloud-faults.js';
import { statusOf } from './ecs/instance-state.js';
import { aliyunControlRoutes } from './aliyun-control-routes.js';
import { ALIYUN_BSS_ACTIONS, ALIYUN_BSS_VERSION, type AliyunBssAction } from './bss/bss-action-names.js';
import { BSS_HANDLERS } from './bss/bss-operations.js';
import { BSS_PARAM_REFUSALS } from './bss/bss-refusals.js';
import { BssReads } from './bss/bss-service.js';
import { ALIYUN_ECS_ACTIONS, ALIYUN_ECS_VERSION, type AliyunEcsAction } from './ecs/ecs-action-names.js';
import { registerAliyunJobs } from './ecs/ecs-jobs.js';
import { ECS_HANDLERS } from './ecs/ecs-operations.js';
import { AliyunEcsService } from './ecs/ecs-service.js';
import { aliyunWorldSection } from './ecs/ecs-world.js';
import { settingsDoc, type AliyunSettingsDoc } from './ecs/ecs-world-docs.js';
import { AliyunFailure, type AliyunErrorKey } from './shared/aliyun-errors.js';
import { aliyunFaultFailure } from './shared/aliyun-faults.js';
import { FixedWindowLimiter } from './shared/rate-limiter.js';
import { authFailure, RpcAuthenticator } from './shared/rpc-auth.js';
import { aliyunRequestId, errorBody, hostIdOf, sendFailure, sendSuccess, validHostId } from './shared/rpc-envelope.js';
import { RpcParams, type ParamRefusals } from './shared/rpc-params.js';
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

/**
 * One Alibaba product on the RPC route: its API version and the actions it serves. A request names
 * the product by Version (else InvalidVersion), then an action of it (else InvalidAction.NotFound).
 */
interface RpcProduct {
  readonly service: string;
  readonly version: string;
  /** its name in Alibaba's troubleshooting links (the error envelope's Recommend) */
  readonly troubleshootName: string;
  readonly actions: readonly string[];
  /** how the product words MissingParameter / InvalidParameter (default: the gateway's) */
  readonly paramRefusals?: ParamRefusals;
}

/** The products the route serves; adding one means a folder, an entry here and its runner below. */
const PRODUCTS = [
  { service: 'ecs', version: ALIYUN_ECS_VERSION, troubleshootName: 'Ecs', actions: ALIYUN_ECS_ACTIONS },
  { service: 'bss', version: ALIYUN_BSS_VERSION, troubleshootName: 'BssOpenApi', actions: ALIYUN_BSS_ACTIONS, paramRefusals: BSS_PARAM_REFUSALS },
] as const satisfies readonly RpcProduct[];

type ProductService = (typeof PRODUCTS)[number]['service'];

const PRODUCT_BY_VERSION: ReadonlyMap<string, RpcProduct & { service: ProductService }> = new Map(PRODUCTS.map((p) => [p.version, p]));

/** What a product's runner gets besides the action: who calls, with what, at which host. */
interface ProductCall {
  caller: { accountId: string; userId: string };
  params: RpcParams;
  host: string;
}

/** Runs an action the product lists and returns the reply body without RequestId. */
type ProductRunner = (action: string, call: ProductCall) => Promise<Record<string, unknown>>;

/** The product a request was dispatched to, so its failures name the product (Recommend). */
const productOfRequest = new WeakMap<FastifyRequest, RpcProduct>();

export function aliyunErrorHandler(err: FastifyError | Error, req: FastifyRequest, reply: FastifyReply): FastifyReply {
  const product = productOfRequest.get(req)?.troubleshootName;
  if (err instanceof AliyunFailure) return sendFailure(req, reply, err, product);
  // the database behind this node is gone for now: a retryable 503; nothing was committed
  if (err instanceof StoreUnavailable) return sendFailure(req, reply, new AliyunFailure('ServiceUnavailable'), product);
  if (err instanceof DomainError) {
    const key = (CORE_REFUSALS as Record<string, AliyunErrorKey | undefined>)[err.reason];
    if (key) return sendFailure(req, reply, new AliyunFailure(key, '', {}, undefined, `refused by the rules (${err.reason}): ${err.message}`), product);
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
  noteOf(req).reason = unexpectedFailureReason(err);
  return sendFailure(req, reply, new AliyunFailure('UnknownError'), product);
}

async function aliyunRpcRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  registerAliyunJobs(ctx.engine);
  const authenticator = new RpcAuthenticator(ctx.world, ctx.store, ctx.wallClock);
  const service = new AliyunEcsService(ctx);
  const bss = new BssReads(ctx);
  const runners: Record<ProductService, ProductRunner> = {
    ecs: (action, c) => ECS_HANDLERS[action as AliyunEcsAction]({ app: ctx, service, caller: c.caller, params: c.params }),
    bss: (action, c) => BSS_HANDLERS[action as AliyunBssAction]({ app: ctx, bss, caller: c.caller, params: c.params, host: c.host }),
  };
  const limiter = new FixedWindowLimiter();
  let limiterWorld: string | undefined;
  /** the world's rate limits, read once per world: only a world load (or a reset to one) writes them */
  let limitsOfWorld: Promise<AliyunSettingsDoc['rateLimits']> | null = null;
  app.setErrorHandler(aliyunErrorHandler);

  /** The world's rate limit for the action (per account), counted on the simulation clock. */
  async function throttle(accountId: string, action: string): Promise<void> {
    // the stamp of the world this node has cached, not a store read per call: a load, reset or
    // restore refreshes it here, another node's load as soon as its notice arrives
    const loadedAt = ctx.world.stamp;
    if (loadedAt !== limiterWorld) {
      limiter.clear();
      limiterWorld = loadedAt;
      limitsOfWorld = null;
    }
    if (limitsOfWorld === null) {
      const reading = settingsDoc(ctx.store.reads).then((d) => d.rateLimits);
      // a failed read (the database away for a moment) is not kept: the next call reads again
      reading.catch(() => {
        if (limitsOfWorld === reading) limitsOfWorld = null;
      });
      limitsOfWorld = reading;
    }
    const limits = await limitsOfWorld;
    const limit = limits[action] ?? limits['*'];
    if (!limit) return;
    const decision = limiter.take(`${accountId}/${action}`, limit, ctx.clock.now());
    // the SDK turns x-acs-retry-after (ms) into ThrottlingError.retryAfter
    if (!decision.allowed) {
      throw new AliyunFailure('Throttling', '', { 'x-acs-retry-after': String(decision.retryAfterMs) }, undefined, `the world's rate limit for ${action} (${limit.calls} calls per ${limit.periodMs} ms) is used up for this account`);
    }
  }

  async function handle(req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
    const note = noteOf(req);
    note.cloud = 'aliyun';
    const parsed = parseRpcRequest({
      method: req.method,
      rawUrl: req.raw.url ?? '/',
      headers: req.headers,
      body: req.body instanceof Buffer ? req.body : undefined,
    });
    if (!parsed.ok) throw authFailure(parsed.error);
    const call = parsed.call;
    note.operation = call.action;
    note.signature = call.scheme;
    const region = call.params.RegionId;
    if (region) note.region = region.slice(0, 64);
    const resources = resourceIds(call.params);
    if (resources.length > 0) note.resources = resources;
    const product = PRODUCT_BY_VERSION.get(call.version);
    if (!product) throw new AliyunFailure('InvalidVersion', '', {}, undefined, `Version ${call.version.slice(0, 32)} names no product served here (${PRODUCTS.map((p) => `${p.version} ${p.service}`).join(', ')})`);
    note.service = product.service;
    productOfRequest.set(req, product);
    if (!product.actions.includes(call.action)) throw new AliyunFailure('InvalidAction.NotFound', '', {}, undefined, `${product.service} ${product.version} has no action ${call.action.slice(0, 64)}`);
    const cred = await authenticator.authenticate(call);
    note.account = cred.accountId;
    await throttle(cred.accountId, call.action);
    // scripted faults (core/faults): after authentication, so a rule may be scoped to an account
    const faults = await routeFaults(req, { cloud: 'aliyun', operation: call.action, account: cred.accountId, resources: note.resources });
    if (faults?.answer) throw aliyunFaultFailure(faults.answer);
    const body = await runners[product.service](call.action, {
      caller: { accountId: cred.accountId, userId: cred.userId },
      params: new RpcParams(call.params, product.paramRefusals),
      host: hostIdOf(req),
    });
    if (faults?.drop) return dropConnection(req, reply);
    return sendSuccess(req, reply, body);
  }

  /** The ids a call names (InstanceId, InstanceIds, OrderId, ...), for the request log and fault scopes. */
  function resourceIds(params: Readonly<Record<string, string>>): string[] {
    const out: string[] = [];
    for (const [k, v] of Object.entries(params)) {
      if (!v || v.length > 4096 || !/Ids?$/.test(k) || /^(RegionId|ZoneId|OwnerId|ResourceOwnerId|ResourceGroupId|ClientToken)$/.test(k)) continue;
      if (k.endsWith('Ids') && v.startsWith('[')) {
        try {
          const list = JSON.parse(v) as unknown;
          if (Array.isArray(list)) for (const x of list.slice(0, 100)) if (typeof x === 'string') out.push(x.slice(0, 128));
        } catch {
          /* malformed: the action refuses it */
        }
      } else out.push(v.slice(0, 128));
    }
    return out;
  }

  app.route({ method: ['GET', 'POST'], url: '/', config: { cloud: 'aliyun' }, handler: handle });
  // its own scope: control calls answer in the control API's envelope, not Alibaba's
  await app.register(async (scope) => aliyunControlRoutes(scope, ctx));
}

const OPERATIONS: OperationInfo[] = PRODUCTS.flatMap((p) =>
  p.actions.map((name) => ({ cloud: 'aliyun' as const, service: p.service, name, method: 'GET/POST', path: '/', version: p.version })),
);

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

/** Alibaba Cloud over the RPC protocol at `/`: ECS 2014-05-26, BSS 2017-12-14, and the control routes for its orders. */
export const aliyunRpcPlugin: ProviderPlugin = {
  name: 'aliyun-rpc',
  operations: OPERATIONS,
  worldSections: [aliyunWorldSection],
  family: { claims: (url) => url === '/' || url.startsWith('/?'), answer: unrouted },
  cloud: { id: 'aliyun', faults: aliyunCloudFaults, status: statusOf },
  register: aliyunRpcRoutes,
};
