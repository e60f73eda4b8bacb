// The world file's `faults` section: rules in force from the moment the world loads, written as
// the control API takes them (docs/control-api.md). Accounts may be named by name.
import { WorldError, type WorldSectionLoader } from '../world-section.js';
import type { FaultBook } from './fault-book.js';
import { FaultSpecError } from './fault-rules.js';

export function faultsWorldSection(book: FaultBook): WorldSectionLoader {
  return {
    key: 'faults',
    async load(section, ctx, tx) {
      const list = section as unknown;
      if (!Array.isArray(list)) throw new WorldError('world file: faults must be a list of fault rules');
      for (const [i, raw] of list.entries()) {
        if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new WorldError(`world file: faults[${i}] must be an object`);
        const input = { ...(raw as Record<string, unknown>) };
        if (typeof input.account === 'string' && !/^[0-9a-f]{32}$/.test(input.account)) input.account = ctx.accountByName(input.account).id;
        try {
          await book.put(tx, [book.parse(input, ctx.now)]);
        } catch (err) {
          if (err instanceof FaultSpecError) throw new WorldError(`world file: faults[${i}]: ${err.message}`);
          throw err;
        }
      }
    },
  };
}
