// Batch start/stop rules (ecs_02_0303) as a pure function: what every server of an os-start or
// os-stop must be. A locked or frozen ECS refuses every lifecycle operation (ECS "Error Codes":
// Ecs.0605 "ECS locked.", Ecs.0030 frozen), as resize does; one busy with another job refuses too.
import type { Server } from '../../../../core/model/types.js';
import { refuse } from '../ecs-refusals.js';
import { isBusy } from './server-status.js';

export function checkPower(servers: readonly Server[]): void {
  for (const s of servers) {
    if (s.locked) refuse('server.locked', `ECS ${s.id} is locked.`, [s.id]);
    if (s.frozen) refuse('server.frozen', `ECS ${s.id} is frozen.`, [s.id]);
    if (isBusy(s)) refuse('server.busy', `ECS ${s.id} is being operated by another task.`, [s.id]);
  }
}
