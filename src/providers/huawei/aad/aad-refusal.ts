// Why AAD refuses a change, in domain terms. The rules throw these; aad-errors.ts is the one place
// that turns them into wire codes.

export type AadRefusalReason =
  | 'instance.not-found'
  | 'instance.expired'
  | 'instance.frozen'
  | 'instance.order-pending'
  | 'spec.out-of-range'
  | 'spec.not-applicable'
  | 'spec.elastic-below-basic'
  | 'spec.elastic-service-disabled'
  | 'spec.qps-not-enabled';

export class AadRefusal extends Error {
  constructor(
    readonly reason: AadRefusalReason,
    message: string,
  ) {
    super(message);
    this.name = 'AadRefusal';
  }
}

export const refuse = (reason: AadRefusalReason, message: string): never => {
  throw new AadRefusal(reason, message);
};
