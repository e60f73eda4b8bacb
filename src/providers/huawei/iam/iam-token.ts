// A token's body, the same whether it is issued (POST /v3/auth/tokens) or validated (GET): the scope,
// the user, the roles and, unless nocatalog is asked for, the catalog of the token's scope.
import type { Token } from '../../../core/model/store.js';
import type { Project } from '../../../core/model/types.js';
import type { WorldState } from '../../../core/world-state.js';
import { buildCatalog } from './iam-catalog.js';
import { huaweiRegions } from './iam-regions.js';

/** IAM renders token times with six fractional digits: 2020-01-04T09:08:49.965000Z (iam_30_0004). */
export const keystoneTime = (t: number): string => new Date(t).toISOString().replace(/Z$/, '000Z');

/** The nocatalog query parameter: any non-empty value leaves the catalog out (the SDK's own words). */
export const wantsCatalog = (nocatalog: string | string[] | undefined): boolean => {
  const v = Array.isArray(nocatalog) ? nocatalog[nocatalog.length - 1] : nocatalog;
  return v === undefined || v === '';
};

/** The project a token is scoped to, if it still exists in the world. */
export const scopedProject = (world: WorldState, projectId: string | null): Project | null => (projectId === null ? null : (world.projects.get(projectId) ?? null));

/** The token body, or null when its user or account is gone from the world. */
export function renderToken(t: Token, world: WorldState, endpoint: string, withCatalog: boolean): { token: Record<string, unknown> } | null {
  const account = world.accounts.get(t.accountId);
  const user = world.users.find((u) => u.id === t.userId);
  if (!account || !user) return null;
  const project = scopedProject(world, t.projectId);
  const domain = { id: account.id, name: account.name };
  const token: Record<string, unknown> = {
    expires_at: keystoneTime(t.expiresAt),
    issued_at: keystoneTime(t.issuedAt),
    methods: ['password'],
  };
  if (withCatalog) token.catalog = buildCatalog(endpoint, huaweiRegions(world.regions.values()), { projects: world.projectsOf(account.id), scopedProject: project });
  token.roles = [
    { id: '0', name: 'op_service' },
    { id: '1', name: 'te_admin' },
  ];
  token.user = { id: user.id, name: user.name, domain, password_expires_at: '' };
  if (project) token.project = { id: project.id, name: project.name, domain };
  else token.domain = domain;
  return { token };
}
