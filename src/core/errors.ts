// Refusals in domain terms. Core throws only the shared reasons below; every provider service
// declares its own reasons beside its rules and maps each one, in its cloud's one error catalogue,
// to a wire code, so a rule never spells a wire code and a catalogue lists every code once.

/** The refusals of the shared core: the order book and optimistic retries. */
export type CoreReason =
  /** an order that is not pending payment was asked to be paid or cancelled */
  | 'order.not-payable'
  /** the account balance does not cover the order */
  | 'order.balance'
  /** a resource kept changing under a transaction (StoreConflict after the retries) */
  | 'resource.busy';

export class DomainError<R extends string = string> extends Error {
  constructor(
    readonly reason: R,
    message: string,
    /** ids of the resources at fault, for messages that name them */
    readonly subjects: readonly string[] = [],
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

/** Throws a refusal; each service wraps it with its own reason type (e.g. `refuse` in ecs-refusals.ts). */
export const fail = <R extends string>(reason: R, message: string, subjects: readonly string[] = []): never => {
  throw new DomainError<R>(reason, message, subjects);
};
