// The IAM calls clients make around ECS: password tokens (POST /v3/auth/tokens) and the project
// and domain look-ups the SDK performs when it is given a region instead of a project id.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../../server/app-context.js';
import { newToken } from '../../../core/ids.js';
import type { Project } from '../../../core/model/types.js';
import { authenticateHuawei } from '../shared/huawei-auth.js';
import { WireFailure } from '../shared/http-error.js';
import { parseJson, Reader, type JsonObject } from '../shared/json-body.js';

const TOKEN_TTL_MS = 24 * 3600 * 1000;
const iamInvalid = (message: string) => new WireFailure(400, 'IAM.0011', `Request parameter error: ${message}`, 'gateway');
const read = new Reader(iamInvalid);

function iamErrorHandler(err: Error, req: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (err instanceof WireFailure) {
    if (err.code === 'keystone.401') {
      // Keystone-style body, as IAM answers a failed password authentication
      return reply.code(401).send({ error: { code: 401, message: err.message, title: 'Unauthorized' } });
    }
    return reply.code(err.status).send({ error_code: err.code, error_msg: err.message, request_id: String(req.id) });
  }
  const status = (err as { statusCode?: number }).statusCode;
  if (status && status >= 400 && status < 500) return reply.code(status).send({ error_code: 'IAM.0011', error_msg: err.message, request_id: String(req.id) });
  req.log.error({ err }, 'unexpected failure');
  return reply.code(500).send({ error_code: 'IAM.0001', error_msg: 'System error.', request_id: String(req.id) });
}

const projectJson = (p: Project, domainId: string, endpoint: string) => ({
  id: p.id,
  name: p.name,
  domain_id: domainId,
  parent_id: domainId,
  description: '',
  enabled: true,
  is_domain: false,
  links: { self: `${endpoint}/v3/projects/${p.id}` },
});

export async function huaweiIamRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  app.setErrorHandler(iamErrorHandler);
  const endpointOf = (req: FastifyRequest) => `${req.protocol}://${req.headers.host ?? '127.0.0.1'}`;

  app.post('/v3/auth/tokens', async (req, reply) => {
    const body = read.object(parseJson(req.body as Buffer | undefined, iamInvalid, iamInvalid('the request body is empty')), 'body', ['auth']);
    const auth = read.object(body.auth, 'auth', ['identity', 'scope']);
    const identity = read.object(auth.identity, 'auth.identity', ['methods', 'password']);
    const methods = read.array(identity.methods, 'auth.identity.methods', 1, 1);
    if (methods[0] !== 'password') throw iamInvalid('only the password method is supported');
    const pw = read.object(identity.password, 'auth.identity.password', ['user']);
    const u = read.object(pw.user, 'auth.identity.password.user', ['name', 'id', 'password', 'domain']);
    const password = read.string(u.password, 'user.password', { max: 128 });
    const userName = read.optionalString(u.name, 'user.name', { max: 64 });
    const userId = read.optionalString(u.id, 'user.id', { max: 64 });
    const domain = read.optionalObject(u.domain, 'user.domain', ['name', 'id']);
    const domainName = domain ? read.optionalString(domain.name, 'user.domain.name', { max: 64 }) : undefined;
    const domainId = domain ? read.optionalString(domain.id, 'user.domain.id', { max: 64 }) : undefined;
    const accounts = [...ctx.world.accounts.values()];
    const user = ctx.world.users.find((x) => {
      if (userId !== undefined) return x.id === userId;
      const acct = accounts.find((a) => a.id === x.accountId);
      return x.name === userName && acct !== undefined && (acct.name === domainName || acct.id === domainId);
    });
    if (!user || user.password !== password) throw new WireFailure(401, 'keystone.401', 'The username or password is wrong.');
    const account = ctx.world.accounts.get(user.accountId)!;

    let project: Project | null = null;
    const scope = read.optionalObject(auth.scope, 'auth.scope', ['project', 'domain']);
    if (scope?.project !== undefined) {
      const sp = read.object(scope.project, 'auth.scope.project', ['name', 'id', 'domain']);
      const name = read.optionalString(sp.name, 'scope.project.name', { max: 64 });
      const id = read.optionalString(sp.id, 'scope.project.id', { max: 64 });
      project = ctx.world.projectsOf(account.id).find((p) => p.id === id || (id === undefined && p.name === name)) ?? null;
      if (!project) throw new WireFailure(401, 'keystone.401', 'The request you have made requires authentication.');
    } else if (scope?.domain !== undefined) {
      read.object(scope.domain, 'auth.scope.domain', ['name', 'id']);
    }
    const now = ctx.wallClock.now();
    const token = newToken();
    await ctx.store.transaction((tx) => tx.putToken({ token, userId: user.id, accountId: account.id, projectId: project?.id ?? null, issuedAt: now, expiresAt: now + TOKEN_TTL_MS }));
    const domainJson = { id: account.id, name: account.name };
    const tokenBody: JsonObject = {
      expires_at: new Date(now + TOKEN_TTL_MS).toISOString(),
      issued_at: new Date(now).toISOString(),
      methods: ['password'],
      catalog: [],
      roles: [{ id: '0', name: 'op_service' }, { id: '1', name: 'te_admin' }],
      user: { id: user.id, name: user.name, domain: domainJson, password_expires_at: '' },
    };
    if (project) tokenBody.project = { id: project.id, name: project.name, domain: domainJson };
    else tokenBody.domain = domainJson;
    return reply.code(201).header('X-Subject-Token', token).send({ token: tokenBody });
  });

  app.get<{ Querystring: Record<string, string | undefined> }>('/v3/projects', async (req) => {
    const caller = await authenticateHuawei(req, ctx.world, ctx.store, ctx.wallClock);
    const name = req.query.name;
    const projects = ctx.world.projectsOf(caller.accountId).filter((p) => name === undefined || p.name === name);
    const endpoint = endpointOf(req);
    return { projects: projects.map((p) => projectJson(p, caller.accountId, endpoint)), links: { self: `${endpoint}/v3/projects`, previous: null, next: null } };
  });

  app.get('/v3/auth/projects', async (req) => {
    const caller = await authenticateHuawei(req, ctx.world, ctx.store, ctx.wallClock);
    const endpoint = endpointOf(req);
    return { projects: ctx.world.projectsOf(caller.accountId).map((p) => projectJson(p, caller.accountId, endpoint)), links: { self: `${endpoint}/v3/auth/projects` } };
  });

  app.get('/v3/auth/domains', async (req) => {
    const caller = await authenticateHuawei(req, ctx.world, ctx.store, ctx.wallClock);
    const account = ctx.world.accounts.get(caller.accountId)!;
    const endpoint = endpointOf(req);
    return {
      domains: [{ id: account.id, name: account.name, enabled: true, description: '', links: { self: `${endpoint}/v3/domains/${account.id}` } }],
      links: { self: `${endpoint}/v3/auth/domains` },
    };
  });
}
