// The Keystone service catalog in tokens and GET /v3/auth/catalog: every service specshift serves,
// in every Huawei region of the world, each URL pointing at specshift itself (the scheme and host the
// client called). Types, names and URL shapes follow Huawei's catalog and the lookups golangsdk makes
// (openstack/client.go: it uses an "ecs" URL as .../v1/{project_id}/, adds "v2.0/" to "network", "v2/" to
// "image", and so on); the choices are in docs/huawei-iam.md.
import { hex32 } from '../../../core/derived-ids.js';
import type { Project, Region } from '../../../core/model/types.js';

interface CatalogService {
  type: string;
  name: string;
  /** global services have one endpoint, region "*"; regional ones one per region */
  regional: boolean;
  /** the path after the host; {project_id} is the project of the endpoint's region */
  path: string;
  /** identity is both: a global endpoint and one per region, as IAM has both */
  alsoGlobal?: boolean;
}

const SERVICES: readonly CatalogService[] = [
  { type: 'identity', name: 'keystone', regional: true, alsoGlobal: true, path: '/v3' },
  { type: 'iam', name: 'iam', regional: false, path: '/v3.0' },
  { type: 'ecs', name: 'ecs', regional: true, path: '/v1/{project_id}' },
  { type: 'ecsv1.1', name: 'ecsv1.1', regional: true, path: '/v1.1/{project_id}' },
  { type: 'evs', name: 'evs', regional: true, path: '/v2/{project_id}' },
  { type: 'volumev2', name: 'cinderv2', regional: true, path: '/v2/{project_id}' },
  { type: 'ims', name: 'ims', regional: true, path: '' },
  { type: 'image', name: 'glance', regional: true, path: '' },
  { type: 'vpc', name: 'vpc', regional: true, path: '/v1/{project_id}' },
  { type: 'network', name: 'neutron', regional: true, path: '' },
  { type: 'bssv1', name: 'bssv1', regional: false, path: '/v1.0' },
  { type: 'bssv2', name: 'bssv2', regional: false, path: '/v2' },
  { type: 'aad', name: 'aad', regional: false, path: '' },
];

export interface CatalogEndpoint {
  id: string;
  interface: 'public';
  region: string;
  region_id: string;
  url: string;
}

export interface CatalogEntry {
  endpoints: CatalogEndpoint[];
  id: string;
  name: string;
  type: string;
}

/** Whose catalog: the account's projects, and the project the token or signature is scoped to (null: domain scope). */
export interface CatalogScope {
  projects: readonly Project[];
  scopedProject: Project | null;
}

/**
 * The catalog of a scope. An endpoint whose URL carries a project id gets the project of its region:
 * the scoped project in its own region, the account's project elsewhere. Where the account has no
 * project, or the scope is a domain, such endpoints are left out, as Keystone leaves out an endpoint
 * whose URL it cannot fill in; a service left with no endpoint is left out too.
 */
export function buildCatalog(endpoint: string, regions: readonly Region[], scope: CatalogScope): CatalogEntry[] {
  const projectIn = (region: string): string | null => {
    if (scope.scopedProject === null) return null;
    if (scope.scopedProject.region === region) return scope.scopedProject.id;
    return scope.projects.find((p) => p.region === region)?.id ?? null;
  };
  const out: CatalogEntry[] = [];
  for (const s of SERVICES) {
    const endpoints: CatalogEndpoint[] = [];
    const add = (region: string) => {
      let path = s.path;
      if (path.includes('{project_id}')) {
        const pid = region === '*' ? null : projectIn(region);
        if (pid === null) return;
        path = path.replace('{project_id}', pid);
      }
      endpoints.push({ id: hex32(`catalog-endpoint/${s.type}/${region}`), interface: 'public', region, region_id: region, url: `${endpoint}${path}` });
    };
    if (!s.regional || s.alsoGlobal) add('*');
    if (s.regional) for (const r of regions) add(r.id);
    if (endpoints.length > 0) out.push({ endpoints, id: hex32(`catalog-service/${s.type}`), name: s.name, type: s.type });
  }
  return out;
}
