// The note a call carries from the route to the request log: the route, the authenticator and the
// error handler each write what they learned. Attached to the framework's request object.
import type { RequestNote } from './request-log.js';

export type { RequestNote };

const NOTE = Symbol('specshift.requestNote');

/** The call's note, created on first use. */
export function noteOf(req: object): RequestNote {
  const holder = req as { [NOTE]?: RequestNote };
  return (holder[NOTE] ??= {});
}

/** The note if anything wrote one. */
export const peekNote = (req: object): RequestNote | undefined => (req as { [NOTE]?: RequestNote })[NOTE];
