import { DomainError } from './errors.js';
import { StoreConflict } from './model/store.js';

/**
 * Engines without serialised transactions (PostgreSQL) may lose an optimistic race; a retry re-reads
 * and re-checks. Still losing after three: the resource is busy (`resource.busy`), which each
 * service renders as its cloud's "being operated" refusal, with this message.
 */
export async function retryOnConflict<T>(fn: () => Promise<T>, busyMessage: string): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (err instanceof StoreConflict && attempt < 3) continue;
      if (err instanceof StoreConflict) throw new DomainError('resource.busy', busyMessage);
      throw err;
    }
  }
}
