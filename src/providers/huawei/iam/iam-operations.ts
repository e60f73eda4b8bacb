// The IAM (Keystone v3) calls clients make around ECS: password tokens and their validation, the
// service catalog, regions, and the project and domain look-ups the SDK performs when it is given a
// region instead of a project id.
import type { AppContext } from '../../../core/app-context.js';
import type { Project } from '../../../core/model/types.js';
import type { HuaweiCaller } from '../shared/huawei-auth.js';
import { HuaweiFailure } from '../shared/huawei-errors.js';
import { newToken } from '../shared/huawei-ids.js';
import { ok, one, operation, type AnyHuaweiOperation } from '../shared/huawei-operation.js';
import { parseJson, Reader } from '../shared/json-body.js';
import { buildCatalog } from './iam-catalog.js';
import { huaweiRegions, renderRegion } from './iam-regions.js';
import { renderToken, scopedProject, wantsCatalog } from './iam-token.js';

export interface IamEnv {
  ctx: AppContext;
  /** null for the anonymous password-token call */
  caller: HuaweiCaller | null;
  endpoint: string;
}

const TOKEN_TTL_MS = 24 * 3600 * 1000;
export const iamInvalid = (message: string) => new HuaweiFailure('IAM.0011', `Request parameter error: ${message}`);
const read = new Reader(iamInvalid);

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

interface PasswordTokenRequest {
  password: string;
  userName: string | undefined;
  userId: string | undefined;
  domainName: string | undefined;
  domainId: string | undefined;
  scope: { project: { id: string | undefined; name: string | undefined } } | { domain: true } | null;
}

function readPasswordToken(raw: Buffer | undefined): PasswordTokenRequest {
  const body = read.object(parseJson(raw, iamInvalid, iamInvalid('the request body is empty')), 'body', ['auth']);
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
  const scope = read.optionalObject(auth.scope, 'auth.scope', ['project', 'domain']);
  let tokenScope: PasswordTokenRequest['scope'] = null;
  if (scope?.project !== undefined) {
    const sp = read.object(scope.project, 'auth.scope.project', ['name', 'id', 'domain']);
    tokenScope = { project: { name: read.optionalString(sp.name, 'scope.project.name', { max: 64 }), id: read.optionalString(sp.id, 'scope.project.id', { max: 64 }) } };
  } else if (scope?.domain !== undefined) {
    read.object(scope.domain, 'auth.scope.domain', ['name', 'id']);
    tokenScope = { domain: true };
  }
  return { password, userName, userId, domainName, domainId, scope: tokenScope };
}

const unauthorized = (message: string) => new HuaweiFailure('keystone.401', message);
const notFound = (message: string) => new HuaweiFailure('keystone.404', message);

/** Opaque tokens: printable ASCII, as long as the real PKI tokens get (the gateway refuses longer). */
const SUBJECT_TOKEN = /^[\x21-\x7e]{1,20000}$/;

export const IAM_OPERATIONS: readonly AnyHuaweiOperation<IamEnv>[] = [
  operation({
    name: 'KeystoneCreateUserTokenByPassword',
    method: 'POST',
    path: '/v3/auth/tokens',
    anonymous: true,
    read: (req) => ({ ...readPasswordToken(req.body), catalog: wantsCatalog(req.query.nocatalog) }),
    async handle(cmd, { ctx, endpoint }: IamEnv) {
      const accounts = [...ctx.world.accounts.values()];
      const user = ctx.world.users.find((x) => {
        if (cmd.userId !== undefined) return x.id === cmd.userId;
        const acct = accounts.find((a) => a.id === x.accountId);
        return x.name === cmd.userName && acct !== undefined && (acct.name === cmd.domainName || acct.id === cmd.domainId);
      });
      if (!user || user.password !== cmd.password) throw unauthorized('The username or password is wrong.');
      const account = ctx.world.accounts.get(user.accountId)!;
      let project: Project | null = null;
      if (cmd.scope && 'project' in cmd.scope) {
        const { id, name } = cmd.scope.project;
        project = ctx.world.projectsOf(account.id).find((p) => p.id === id || (id === undefined && p.name === name)) ?? null;
        if (!project) throw unauthorized('The request you have made requires authentication.');
      }
      const now = ctx.wallClock.now();
      const record = { token: newToken(), userId: user.id, accountId: account.id, projectId: project?.id ?? null, issuedAt: now, expiresAt: now + TOKEN_TTL_MS };
      await ctx.store.transaction((tx) => tx.putToken(record));
      return { status: 201, headers: { 'X-Subject-Token': record.token }, body: renderToken(record, ctx.world, endpoint, cmd.catalog) };
    },
  }),
  operation({
    name: 'KeystoneListProjects',
    method: 'GET',
    path: '/v3/projects',
    read: (req) => ({ name: one(req.query.name) }),
    async handle(cmd, { ctx, caller, endpoint }: IamEnv) {
      const projects = ctx.world.projectsOf(caller!.accountId).filter((p) => cmd.name === undefined || p.name === cmd.name);
      return ok({ projects: projects.map((p) => projectJson(p, caller!.accountId, endpoint)), links: { self: `${endpoint}/v3/projects`, previous: null, next: null } });
    },
  }),
  operation({
    name: 'KeystoneListAuthProjects',
    method: 'GET',
    path: '/v3/auth/projects',
    read: () => ({}),
    async handle(_cmd, { ctx, caller, endpoint }: IamEnv) {
      return ok({ projects: ctx.world.projectsOf(caller!.accountId).map((p) => projectJson(p, caller!.accountId, endpoint)), links: { self: `${endpoint}/v3/auth/projects` } });
    },
  }),
  operation({
    name: 'KeystoneListAuthDomains',
    method: 'GET',
    path: '/v3/auth/domains',
    read: () => ({}),
    async handle(_cmd, { ctx, caller, endpoint }: IamEnv) {
      const account = ctx.world.accounts.get(caller!.accountId)!;
      return ok({
        domains: [{ id: account.id, name: account.name, enabled: true, description: '', links: { self: `${endpoint}/v3/domains/${account.id}` } }],
        links: { self: `${endpoint}/v3/auth/domains` },
      });
    },
  }),
  operation({
    name: 'KeystoneValidateToken',
    method: 'GET',
    path: '/v3/auth/tokens',
    read(req) {
      const raw = req.headers['x-subject-token'];
      const subject = Array.isArray(raw) ? raw[0] : raw;
      if (subject === undefined || subject === '') throw new HuaweiFailure('IAM.0009', 'X-Subject-Token is missing.');
      if (!SUBJECT_TOKEN.test(subject)) throw new HuaweiFailure('IAM.0009', 'X-Subject-Token is invalid.');
      return { subject, catalog: wantsCatalog(req.query.nocatalog) };
    },
    async handle(cmd, { ctx, caller, endpoint }: IamEnv) {
      const t = await ctx.store.reads.getToken(cmd.subject);
      // an expired token, or another account's, is as unknown as one never issued
      const body = t && t.expiresAt > ctx.wallClock.now() && t.accountId === caller!.accountId ? renderToken(t, ctx.world, endpoint, cmd.catalog) : null;
      if (!body) throw notFound('The resource could not be found.');
      return { headers: { 'X-Subject-Token': cmd.subject }, body };
    },
  }),
  operation({
    name: 'KeystoneShowCatalog',
    method: 'GET',
    path: '/v3/auth/catalog',
    read: () => ({}),
    async handle(_cmd, { ctx, caller, endpoint }: IamEnv) {
      const catalog = buildCatalog(endpoint, huaweiRegions(ctx.world.regions.values()), {
        projects: ctx.world.projectsOf(caller!.accountId),
        scopedProject: scopedProject(ctx.world, caller!.projectId),
      });
      return ok({ catalog, links: { self: `${endpoint}/v3/auth/catalog` } });
    },
  }),
  operation({
    name: 'KeystoneListRegions',
    method: 'GET',
    path: '/v3/regions',
    read: () => ({}),
    async handle(_cmd, { ctx, endpoint }: IamEnv) {
      return ok({
        regions: huaweiRegions(ctx.world.regions.values()).map((r) => renderRegion(r, endpoint)),
        links: { self: `${endpoint}/v3/regions`, previous: null, next: null },
      });
    },
  }),
  operation({
    name: 'KeystoneShowRegion',
    method: 'GET',
    path: '/v3/regions/:region_id',
    read: (req) => ({ regionId: req.params.region_id! }),
    async handle(cmd, { ctx, endpoint }: IamEnv) {
      const region = ctx.world.regions.get(cmd.regionId);
      if (region?.cloud !== 'huawei') throw notFound(`Could not find region: ${cmd.regionId.slice(0, 64)}.`);
      return ok({ region: renderRegion(region, endpoint) });
    },
  }),
  operation({
    name: 'KeystoneShowProject',
    method: 'GET',
    path: '/v3/projects/:project_id',
    read: (req) => ({ projectId: req.params.project_id! }),
    async handle(cmd, { ctx, caller, endpoint }: IamEnv) {
      const project = ctx.world.projects.get(cmd.projectId);
      // another account's project is as unknown as a missing one
      if (!project || project.accountId !== caller!.accountId) throw notFound(`Could not find project: ${cmd.projectId.slice(0, 64)}.`);
      return ok({ project: projectJson(project, caller!.accountId, endpoint) });
    },
  }),
];
