// What an ECS operation handler works with: the services, the caller and the request's endpoint.
import type { AppContext } from '../../../core/app-context.js';
import { HuaweiFailure } from '../shared/huawei-errors.js';
import type { Caller, EcsService } from './ecs-service.js';

export interface EcsEnv {
  ctx: AppContext;
  ecs: EcsService;
  caller: Caller;
  /** scheme and host the client called, for links */
  endpoint: string;
}

/** A malformed field of an ECS request. */
export const ecsInvalid = (message: string): HuaweiFailure => new HuaweiFailure('Ecs.0005', `Invalid parameter: ${message}`);

export const EMPTY_BODY = new HuaweiFailure('Common.0002', 'The request body is empty.');
