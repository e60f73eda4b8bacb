// Read endpoints of the control API that the console (and scripts) page through: accounts and
// their keys, servers (server-side paging and search over the store's indexed queries: a world
// of 1,000,000 servers reads one page at a time), one job with its sub-jobs, the catalog. Plus
// paying and cancelling an order of either cloud, as its owner would in the cloud's console.
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../core/app-context.js';
import type { Cloud, Job, Order, OrderStatus, Server } from '../core/model/types.js';
import { ControlError } from './control-error.js';
import { lastOf } from './observe-routes.js';

type Query = Record<string, string | string[] | undefined>;

const CLOUDS: readonly string[] = ['huawei', 'aliyun'] satisfies Cloud[];
const ORDER_STATUSES: readonly string[] = ['pending_payment', 'processing', 'completed', 'cancelled'] satisfies OrderStatus[];

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export const orderView = (o: Order) => ({
  id: o.id,
  cloud: o.cloud,
  account: o.accountId,
  kind: o.kind,
  status: o.status,
  amount_cents: o.amountCents,
  resource_id: o.resourceId,
  job_id: o.jobId,
  detail: o.detail,
  created_at: iso(o.createdAt),
  paid_at: iso(o.paidAt),
});

export const jobView = (j: Job) => ({
  id: j.id,
  cloud: j.cloud,
  account: j.accountId,
  parent_id: j.parentId,
  type: j.type,
  status: j.status,
  phase: j.phase,
  server_id: j.serverId,
  order_id: j.orderId,
  error_code: j.errorCode,
  fail_reason: j.failReason,
  created_at: iso(j.createdAt),
  begin_at: iso(j.beginAt),
  end_at: iso(j.endAt),
  due_at: iso(j.dueAt),
  sub_jobs: j.childCount,
  plan: j.plan,
});

export async function consoleReads(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const serverView = (s: Server) => ({
    id: s.id,
    cloud: s.cloud,
    name: s.name,
    status: ctx.serverStatus(s),
    flavor: s.flavorId,
    billing: s.billing,
    account: s.accountId,
    project: s.projectId,
    region: s.region,
    az: s.az,
    vm_state: s.vmState,
    task_state: s.taskState,
    busy_job: s.busyJobId,
    locked: s.locked,
    expires_at: iso(s.expiresAt),
    updated_at: iso(s.updatedAt),
  });

  app.get('/_specshift/accounts', async () => {
    const accounts = [...ctx.world.accounts.values()].sort((a, b) => a.name.localeCompare(b.name));
    const creds = [...ctx.world.credentials.values()];
    const balances = new Map((await ctx.store.reads.listAccounts()).map((a) => [a.id, a.balanceCents]));
    return {
      accounts: accounts.map((a) => ({
        id: a.id,
        name: a.name,
        kind: a.kind,
        partner_id: a.partnerId,
        balance_cents: balances.get(a.id) ?? a.balanceCents,
        can_pay: a.canPay,
        // the same keys the start banner prints: this API is for the machine specshift runs on
        access_keys: creds.filter((c) => c.accountId === a.id).map((c) => ({ cloud: c.cloud, ak: c.accessKey, sk: c.secretKey, temporary: c.securityToken !== null })),
        users: ctx.world.users.filter((u) => u.accountId === a.id).map((u) => ({ id: u.id, name: u.name })),
        projects: ctx.world.projectsOf(a.id).map((p) => ({ id: p.id, region: p.region, name: p.name })),
      })),
    };
  });

  /** One page of an account's servers: `q` finds a server by id or a name containing it; `after` continues after a server id. */
  app.get<{ Querystring: Query }>('/_specshift/servers', async (req) => {
    const accountId = lastOf(req.query.account);
    if (!accountId || accountId.length > 64) throw new ControlError(400, 'BadRequest', 'account (an account id) is mandatory: servers are listed per account');
    const limit = Math.min(Math.max(Number(lastOf(req.query.limit) ?? 50) || 50, 1), 500);
    const q = lastOf(req.query.q)?.trim();
    const after = lastOf(req.query.after);
    const flavor = lastOf(req.query.flavor);
    if ((q && q.length > 128) || (after && after.length > 128) || (flavor && flavor.length > 64)) throw new ControlError(400, 'BadRequest', 'q and after are at most 128 characters, flavor 64');
    const looksLikeId = q !== undefined && /^(i-[0-9a-z]+|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/.test(q);
    const page = await ctx.store.reads.listServers({
      accountId,
      limit,
      ...(q && looksLikeId ? { ids: [q] } : q ? { nameLike: q } : {}),
      ...(flavor ? { flavorId: flavor } : {}),
      ...(after ? { afterId: after } : {}),
    });
    return { total: page.total, servers: page.items.map(serverView), next_after: page.items.length === limit ? page.items[page.items.length - 1]!.id : null };
  });

  app.get<{ Params: { id: string } }>('/_specshift/servers/:id', async (req) => {
    const s = await ctx.store.reads.getServer(req.params.id.slice(0, 128));
    if (!s) throw new ControlError(404, 'NotFound', `no server ${req.params.id.slice(0, 64)}`);
    const job = s.busyJobId ? await ctx.store.reads.getJob(s.busyJobId) : undefined;
    return { ...serverView(s), job: job ? jobView(job) : null, detail: s };
  });

  app.get<{ Querystring: Query }>('/_specshift/jobs', async (req) => {
    const status = lastOf(req.query.status);
    const account = lastOf(req.query.account);
    const limit = Math.min(Math.max(Number(lastOf(req.query.limit) ?? 100) || 100, 1), 1000);
    const topLevel = lastOf(req.query.top) === '1';
    const jobs = await ctx.store.reads.listJobs({ limit, ...(status ? { status: status.slice(0, 32) } : {}), ...(account ? { accountId: account.slice(0, 64) } : {}), ...(topLevel ? { parentId: null } : {}) });
    return { jobs };
  });

  app.get<{ Params: { id: string } }>('/_specshift/jobs/:id', async (req) => {
    const job = await ctx.store.reads.getJob(req.params.id.slice(0, 128));
    if (!job) throw new ControlError(404, 'NotFound', `no job ${req.params.id.slice(0, 64)}`);
    const children = job.childCount > 0 ? await ctx.store.reads.listChildJobs(job.id) : [];
    return { ...jobView(job), children: children.map(jobView) };
  });

  /**
   * One page of orders, newest first (all accounts unless `account`): `after` continues after an
   * order id (`next_after` of the previous page). Read through the store's order indexes, a page
   * at a time: the order book of a busy world is never read whole.
   */
  app.get<{ Querystring: Query }>('/_specshift/orders', async (req) => {
    const account = lastOf(req.query.account);
    const cloud = lastOf(req.query.cloud);
    const status = lastOf(req.query.status);
    const after = lastOf(req.query.after);
    const limit = Math.min(Math.max(Number(lastOf(req.query.limit) ?? 100) || 100, 1), 1000);
    if (after && after.length > 64) throw new ControlError(400, 'BadRequest', 'after (an order id) is at most 64 characters');
    // a cloud or status no order can have matches nothing (as the filters over every order did)
    if ((cloud && !CLOUDS.includes(cloud)) || (status && !ORDER_STATUSES.includes(status))) return { orders: [], next_after: null };
    const page = await ctx.store.reads.listOrderPage({
      ...(account ? { accountId: account.slice(0, 64) } : {}),
      ...(cloud ? { cloud: cloud as Cloud } : {}),
      ...(status ? { status: status as OrderStatus } : {}),
      ...(after ? { afterId: after } : {}),
      order: 'desc',
      limit,
    });
    return { orders: page.items, next_after: page.items.length === limit ? page.items[page.items.length - 1]!.id : null };
  });

  const settle = async (orderId: string, how: 'pay' | 'cancel') => {
    if (orderId.length > 64) throw new ControlError(400, 'BadRequest', 'order ids are at most 64 characters');
    const result = await ctx.store.transaction(async (tx) => {
      const order = await tx.getOrder(orderId);
      if (!order) throw new ControlError(404, 'NotFound', `no order ${orderId}`);
      const now = ctx.clock.now();
      if (how === 'cancel') return ctx.orders.cancel(tx, order, now);
      const account = await tx.getAccount(order.accountId);
      if (!account) throw new ControlError(404, 'NotFound', `the account of order ${orderId} is gone`);
      return ctx.orders.pay(tx, account, order, now, 'explicit');
    });
    ctx.engine.poke();
    return orderView(result);
  };
  /** Pays an order of either cloud from its account's balance, as its owner would in the cloud's console. */
  app.post<{ Params: { id: string } }>('/_specshift/orders/:id/pay', async (req) => settle(req.params.id, 'pay'));
  app.post<{ Params: { id: string } }>('/_specshift/orders/:id/cancel', async (req) => settle(req.params.id, 'cancel'));

  /** Flavors (instance types) and zones per cloud, for the console's forms. */
  app.get('/_specshift/catalog', async () => {
    const flavors = [...ctx.world.flavors.values()].map((f) => ({
      cloud: f.cloud,
      id: f.id,
      vcpus: f.vcpus,
      ram_mb: f.ramMb,
      ...(f.extraSpecs['cond:operation:az'] ? { az_states: f.extraSpecs['cond:operation:az'] } : {}),
      ...(f.extraSpecs['cond:operation:status'] ? { status: f.extraSpecs['cond:operation:status'] } : {}),
    }));
    const regions = [...ctx.world.regions.values()].map((r) => ({ cloud: r.cloud, id: r.id, zones: r.zones }));
    return { flavors, regions };
  });
}
