// The one place where domain failures become Huawei ECS wire codes (Error Codes page, ecs_07_0002).
// Choices the reference marks unconfirmed are explained in docs/fidelity.md.
import type { ErrorReason } from '../../../core/errors.js';

export interface WireError {
  status: number;
  code: string;
}

export const ECS_ERRORS: Record<ErrorReason, WireError> = {
  'request.invalid': { status: 400, code: 'Ecs.0005' },
  'request.empty': { status: 400, code: 'Common.0002' },
  'server.not-found': { status: 404, code: 'Ecs.0114' },
  'server.not-stopped': { status: 400, code: 'Ecs.0100' },
  'server.busy': { status: 400, code: 'Ecs.0100' },
  'server.spot': { status: 400, code: 'Ecs.0704' },
  'server.windows': { status: 400, code: 'Ecs.0802' },
  'server.locked': { status: 400, code: 'Ecs.0605' },
  'server.frozen': { status: 400, code: 'Ecs.0030' },
  'server.on-dedicated-host': { status: 400, code: 'Ecs.0803' },
  'server.dedicated-host-required': { status: 400, code: 'Ecs.0803' },
  'server.prepaid': { status: 400, code: 'Ecs.0112' },
  'server.billing-mixed': { status: 400, code: 'Ecs.0005' },
  'server.az-mixed': { status: 400, code: 'Ecs.0005' },
  'server.flavor-mixed': { status: 400, code: 'Ecs.0005' },
  'server.market-image': { status: 400, code: 'Ecs.0802' },
  'flavor.not-found': { status: 400, code: 'Ecs.0029' },
  'flavor.same': { status: 400, code: 'Ecs.0810' },
  'flavor.sold-out': { status: 400, code: 'Ecs.0018' },
  'flavor.abandoned': { status: 400, code: 'Ecs.0019' },
  'flavor.not-offered': { status: 400, code: 'Ecs.0804' },
  'flavor.downsize': { status: 400, code: 'Ecs.0804' },
  'cpu-options.invalid': { status: 400, code: 'Ecs.0005' },
  'batch.too-many': { status: 400, code: 'Ecs.0118' },
  'batch.duplicate': { status: 400, code: 'Ecs.0005' },
  'batch.auto-pay': { status: 400, code: 'Ecs.0005' },
  'job.not-found': { status: 400, code: 'Common.0011' },
  'order.not-found': { status: 400, code: 'Ecs.0701' },
  'order.not-payable': { status: 400, code: 'Ecs.7000' },
  'order.balance': { status: 400, code: 'Ecs.7000' },
  throttled: { status: 429, code: 'APIGW.0308' },
  'fault.injected': { status: 500, code: 'Common.0001' },
};
