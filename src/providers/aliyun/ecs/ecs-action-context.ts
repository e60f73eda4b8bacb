// What every ECS action handler gets: the caller, its parameters and the services. Handlers
// return the reply body without RequestId; the plugin adds it.
import type { AppContext } from '../../../core/app-context.js';
import { refuse } from '../shared/aliyun-errors.js';
import type { RpcParams } from '../shared/rpc-params.js';
import type { AliyunCaller, AliyunEcsService } from './ecs-service.js';

export interface ActionContext {
  app: AppContext;
  service: AliyunEcsService;
  caller: AliyunCaller;
  params: RpcParams;
}

export type ActionHandler = (a: ActionContext) => Promise<Record<string, unknown>>;

/** ECS ids (instances, zones, regions) are short; anything longer is not one. */
export const MAX_ID = 64;

/** RegionId, mandatory where the operation's model has it, and one of the world's Alibaba regions. */
export function requireRegion(a: ActionContext): string {
  const id = a.params.required('RegionId', MAX_ID);
  const region = a.app.world.regions.get(id);
  if (!region || region.cloud !== 'aliyun') refuse('InvalidRegionId.NotFound');
  return id;
}

/** DryRun=true on a read: everything checked, the answer is the DryRunOperation refusal. */
export function dryRunRequested(a: ActionContext): boolean {
  return a.params.bool('DryRun') === true;
}

/** An opaque paging token for a position in a list sorted by a text key. */
export const encodeToken = (position: string): string => Buffer.from(position, 'utf8').toString('base64url');

/** Decodes a token made by encodeToken whose position has the expected form; anything else is an invalid NextToken. */
export function decodeToken(token: string, position: RegExp): string {
  if (!/^[A-Za-z0-9_-]{1,512}$/.test(token)) return refuse('InvalidParameter', 'NextToken');
  const text = Buffer.from(token, 'base64url').toString('utf8');
  if (!position.test(text) || encodeToken(text) !== token) refuse('InvalidParameter', 'NextToken');
  return text;
}
