// Batch resize rules (seed 000) as pure functions: what a batch must be as a whole. Each server in
// it must also pass the single-server rules (resize-rules.ts).
import type { Server } from '../../../../core/model/types.js';
import { refuse } from '../ecs-refusals.js';

/** seed 000: "a maximum of 50 ECSs in a batch" */
export const MAX_BATCH = 50;

/** The list itself: at most 50 servers, none twice. */
export function checkBatchList(serverIds: readonly string[]): void {
  if (serverIds.length > MAX_BATCH) refuse('batch.too-many', `At most ${MAX_BATCH} ECSs can be modified in a batch; ${serverIds.length} were given.`);
  const dup = serverIds.find((id, i) => serverIds.indexOf(id) !== i);
  if (dup) refuse('batch.duplicate', `ECS ${dup} appears more than once in the batch.`, [dup]);
}

/**
 * seed 000: the servers of a batch share their billing mode, AZ and current flavor; yearly/monthly
 * batches never auto-pay and may not hold servers created from paid marketplace images.
 */
export function checkBatchServers(servers: readonly Server[], autoPay: boolean): void {
  const first = servers[0]!;
  const differ = (pick: (s: Server) => string) => servers.filter((s) => pick(s) !== pick(first)).map((s) => s.id);
  const mixedBilling = differ((s) => s.billing);
  if (mixedBilling.length) refuse('server.billing-mixed', `All ECSs of a batch must have the same billing mode; ${mixedBilling.join(', ')} differ from ${first.id}.`, mixedBilling);
  const mixedAz = differ((s) => s.az);
  if (mixedAz.length) refuse('server.az-mixed', `All ECSs of a batch must be in the same AZ; ${mixedAz.join(', ')} are not in ${first.az}.`, mixedAz);
  const mixedFlavor = differ((s) => s.flavorId);
  if (mixedFlavor.length) refuse('server.flavor-mixed', `All ECSs of a batch must have the same current flavor; ${mixedFlavor.join(', ')} differ from ${first.flavorId}.`, mixedFlavor);
  const prepaid = first.billing === 'prepaid';
  if (prepaid && autoPay) refuse('batch.auto-pay', 'Auto-payment is not supported for batch modification of yearly/monthly ECSs; pay the order instead.');
  const market = prepaid ? servers.filter((s) => s.imageType === 'market').map((s) => s.id) : [];
  if (market.length) refuse('server.market-image', `Yearly/monthly ECSs created from paid public images cannot be batch modified: ${market.join(', ')}.`, market);
}
