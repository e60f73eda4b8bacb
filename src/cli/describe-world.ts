import type { AppContext } from '../core/app-context.js';

/** The start banner: where to point an SDK and with which keys and project ids. */
export function describeWorld(address: string, ctx: AppContext, timing: string, inMemory = false): string {
  const lines = [`specshift listening on ${address} (timing ${timing}, store ${ctx.store.engine}${inMemory ? ' in memory: nothing is kept' : ''})`, ''];
  for (const account of ctx.world.accounts.values()) {
    lines.push(`account ${account.name} (${account.kind}, domain id ${account.id})`);
    for (const c of ctx.world.credentials.values()) {
      if (c.accountId === account.id) lines.push(`  ${c.cloud} access key ${c.accessKey}  secret ${c.secretKey}${c.securityToken ? '  (temporary: needs its security token)' : ''}`);
    }
    for (const u of ctx.world.users) if (u.accountId === account.id) lines.push(`  IAM user ${u.name}  password ${u.password}`);
    for (const p of ctx.world.projectsOf(account.id)) lines.push(`  project ${p.id}  region ${p.region}`);
  }
  lines.push('', `control API: ${address}/_specshift/health`, `console: ${address}/_specshift/console`, '');
  return lines.join('\n');
}
