/**
 * A failure already phrased in a cloud's wire terms (gateway auth, malformed request). Thrown from
 * provider code; the provider's error handler renders it in that cloud's envelope.
 */
export class WireFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** which envelope: ECS {"error":{...}}, gateway {"error_code","error_msg"} */
    readonly envelope: 'ecs' | 'gateway' = 'ecs',
  ) {
    super(message);
    this.name = 'WireFailure';
  }
}
