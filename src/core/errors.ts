// Domain error kinds. Core code throws these; each provider maps a reason to its own wire code
// in exactly one catalogue, so rules never know what a cloud calls a failure.

export type ErrorReason =
  | 'request.invalid'
  | 'request.empty'
  | 'server.not-found'
  | 'server.not-stopped'
  | 'server.busy'
  | 'server.spot'
  | 'server.windows'
  | 'server.locked'
  | 'server.frozen'
  | 'server.on-dedicated-host'
  | 'server.dedicated-host-required'
  | 'server.prepaid'
  | 'server.billing-mixed'
  | 'server.az-mixed'
  | 'server.flavor-mixed'
  | 'server.market-image'
  | 'flavor.not-found'
  | 'flavor.same'
  | 'flavor.sold-out'
  | 'flavor.abandoned'
  | 'flavor.not-offered'
  | 'flavor.downsize'
  | 'cpu-options.invalid'
  | 'batch.too-many'
  | 'batch.duplicate'
  | 'batch.auto-pay'
  | 'job.not-found'
  | 'order.not-found'
  | 'order.not-payable'
  | 'order.balance'
  | 'throttled'
  | 'fault.injected';

export class DomainError extends Error {
  constructor(
    readonly reason: ErrorReason,
    message: string,
    /** ids of the resources at fault, for messages that name them */
    readonly subjects: readonly string[] = [],
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const fail = (reason: ErrorReason, message: string, subjects: readonly string[] = []): never => {
  throw new DomainError(reason, message, subjects);
};
