// The control API's views of what happened and what may go wrong: the request log (read, streamed,
// cleared), the metrics, and the fault rules (scripted, listed, removed) with the stock switch.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../core/app-context.js';
import { FaultSpecError, ruleView, type FaultInput } from '../core/faults/fault-rules.js';
import type { StockChange } from '../core/faults/fault-book.js';
import { detailView, entryView, matches, type RawEntry, type RequestFilter } from '../core/observe/request-log.js';
import { ControlError, jsonBody } from './control-error.js';

type Query = Record<string, string | string[] | undefined>;
export const lastOf = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[v.length - 1] : v);

function filterOf(q: Query): RequestFilter {
  const f: RequestFilter = {};
  for (const k of ['cloud', 'operation', 'status', 'since', 'account', 'resource', 'q'] as const) {
    const v = lastOf(q[k]);
    if (v !== undefined && v !== '') {
      if (v.length > 200) throw new ControlError(400, 'BadRequest', `${k} is at most 200 characters`);
      f[k] = v;
    }
  }
  if (f.status && !/^(\d{1,3}|[1-5]xx|error)$/i.test(f.status)) throw new ControlError(400, 'BadRequest', 'status is a status code (409), a class (4xx) or "error"');
  if (f.since && !/^\d+$/.test(f.since) && Number.isNaN(Date.parse(f.since))) throw new ControlError(400, 'BadRequest', 'since is the seq of the last entry seen or an ISO time');
  return f;
}

const limitOf = (v: string | string[] | undefined, def: number, max: number): number => {
  const n = Number(lastOf(v) ?? def);
  return Number.isInteger(n) && n >= 1 ? Math.min(n, max) : def;
};

/** The stock switch's body: {cloud, flavor, zone, state: "sold-out" | "available", count?}. */
function stockChangeOf(body: Record<string, unknown>): { cloud: 'huawei' | 'aliyun'; change: StockChange } {
  const { cloud, flavor, zone, state, count } = body;
  if (cloud !== 'huawei' && cloud !== 'aliyun') throw new ControlError(400, 'BadRequest', 'cloud must be huawei or aliyun');
  if (typeof flavor !== 'string' || !flavor || flavor.length > 64) throw new ControlError(400, 'BadRequest', 'flavor (the flavor or instance type id) is mandatory');
  if (typeof zone !== 'string' || !zone || zone.length > 64) throw new ControlError(400, 'BadRequest', 'zone (the availability zone) is mandatory');
  if (state !== 'sold-out' && state !== 'available') throw new ControlError(400, 'BadRequest', 'state must be sold-out or available');
  if (count !== undefined && (typeof count !== 'number' || !Number.isInteger(count) || count < 0 || count > 1_000_000 || cloud !== 'aliyun' || state !== 'available')) {
    throw new ControlError(400, 'BadRequest', 'count (0-1000000) goes with an Alibaba type made available');
  }
  for (const k of Object.keys(body)) if (!['kind', 'cloud', 'flavor', 'zone', 'state', 'count'].includes(k)) throw new ControlError(400, 'BadRequest', `unknown field ${k}`);
  return { cloud, change: { flavor, zone, state, ...(typeof count === 'number' ? { count } : {}) } };
}

export async function observeRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const log = () => {
    if (!ctx.requests) throw new ControlError(409, 'RequestLogOff', 'this node runs without a request log (--no-request-log)');
    return ctx.requests;
  };

  // ---------------------------------------------------------------- request log
  app.get<{ Querystring: Query }>('/_specshift/requests', async (req) => {
    const l = log();
    const entries = l.query(filterOf(req.query), limitOf(req.query.limit, 100, 1000));
    return { requests: entries.map(entryView), last_seq: l.nextSeq - 1 };
  });

  app.get<{ Params: { seq: string } }>('/_specshift/requests/:seq', async (req) => {
    const seq = Number(req.params.seq);
    const e = Number.isInteger(seq) && seq > 0 ? log().get(seq) : undefined;
    if (!e) throw new ControlError(404, 'NotFound', `no request ${req.params.seq.slice(0, 32)} in the log (it keeps the last ${log().capacity})`);
    return detailView(e);
  });

  app.delete('/_specshift/requests', async () => {
    log().clear();
    return { cleared: true };
  });

  const streams = new Set<FastifyReply>();
  app.addHook('preClose', (done) => {
    for (const s of streams) s.raw.end();
    streams.clear();
    done();
  });

  /** Server-sent events: one `request` event per logged call matching the filter, as it is logged. */
  app.get<{ Querystring: Query }>('/_specshift/requests/stream', (req: FastifyRequest<{ Querystring: Query }>, reply) => {
    const l = log();
    const f = filterOf(req.query);
    const resume = req.headers['last-event-id'];
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-request-id': String(req.id) });
    const send = (e: RawEntry) => res.write(`id: ${e.seq}\nevent: request\ndata: ${JSON.stringify(entryView(e))}\n\n`);
    // what was missed since the Last-Event-ID (a reconnect), else the recent backlog the filter asks for
    const since = typeof resume === 'string' && /^\d+$/.test(resume) ? resume : f.since;
    for (const e of l.query({ ...f, ...(since ? { since } : {}) }, limitOf(req.query.backlog, since ? 1000 : 50, 1000))) send(e);
    const stop = l.subscribe((e) => {
      if (matches(e, { ...f, since: undefined })) send(e);
    });
    const ping = setInterval(() => res.write(': ping\n\n'), 15_000);
    ping.unref();
    streams.add(reply);
    res.on('close', () => {
      stop();
      clearInterval(ping);
      streams.delete(reply);
    });
  });

  // ---------------------------------------------------------------- metrics
  app.get('/_specshift/metrics', async (_req, reply) => {
    const { contentType, body } = await ctx.metrics.render();
    return reply.type(contentType).send(body);
  });

  // ---------------------------------------------------------------- faults
  const legacyFaults = async () => ((await ctx.store.reads.getWorldDoc('fault')) as { message?: string }[]).length;

  app.get('/_specshift/faults', async () => {
    await ctx.faults.refresh();
    return { faults: ctx.faults.list().map(ruleView), pending_step_failures: await legacyFaults() };
  });

  /** A rule, or `{faults: [rules]}`; `kind: "stock"` sets stock at once; `{server_id, message}` alone is the first fault API. */
  app.post('/_specshift/faults', async (req) => {
    const body = jsonBody(req);
    if (body.kind === undefined && body.faults === undefined) {
      if (typeof body.server_id !== 'string' || body.server_id.length > 64) throw new ControlError(400, 'BadRequest', 'give a fault rule (kind, ...) or server_id (string)');
      const message = typeof body.message === 'string' ? body.message.slice(0, 256) : 'injected failure';
      await ctx.store.transaction((tx) => tx.putWorldDoc('fault', body.server_id as string, { message }));
      return { server_id: body.server_id, message };
    }
    if (body.kind === 'stock') return setStock(body);
    const inputs = body.faults === undefined ? [body] : body.faults;
    if (!Array.isArray(inputs) || inputs.length === 0 || inputs.length > 100) throw new ControlError(400, 'BadRequest', 'faults must be a list of 1-100 rules');
    const now = ctx.clock.now();
    const rules = inputs.map((raw, i) => {
      if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new ControlError(400, 'BadRequest', `faults[${i}] must be an object`);
      const input = { ...(raw as FaultInput) };
      if (typeof input.account === 'string' && !/^[0-9a-f]{32}$/.test(input.account)) {
        const a = [...ctx.world.accounts.values()].find((x) => x.name === input.account);
        if (!a) throw new ControlError(400, 'BadRequest', `no account named ${input.account.slice(0, 64)}`);
        input.account = a.id;
      }
      try {
        return ctx.faults.parse(input, now);
      } catch (err) {
        if (err instanceof FaultSpecError) throw new ControlError(400, 'BadRequest', inputs.length > 1 ? `faults[${i}]: ${err.message}` : err.message);
        throw err;
      }
    });
    await ctx.store.transaction((tx) => ctx.faults.put(tx, rules));
    await ctx.faults.changed();
    const views = rules.map(ruleView);
    return body.faults === undefined ? views[0] : { faults: views };
  });

  const setStock = async (body: Record<string, unknown>) => {
    const { cloud, change } = stockChangeOf(body);
    const support = ctx.faults.cloud(cloud);
    if (!support) throw new ControlError(404, 'NotFound', `${cloud} is not served`);
    const result = await ctx.store.transaction((tx) => support.setStock(tx, change));
    // flavors are cached per node: this one and every other re-read the world
    await ctx.world.refresh();
    await ctx.store.publish({ kind: 'world' });
    return result;
  };
  app.post('/_specshift/faults/stock', async (req) => setStock(jsonBody(req)));

  app.delete<{ Params: { id: string } }>('/_specshift/faults/:id', async (req) => {
    const id = req.params.id;
    const found = id.length <= 64 && ctx.faults.list().some((r) => r.id === id);
    if (!found) throw new ControlError(404, 'NotFound', `no fault rule ${id.slice(0, 64)}`);
    await ctx.store.transaction((tx) => tx.deleteWorldDoc('fault-rule', id));
    await ctx.faults.changed();
    return { deleted: id };
  });

  app.delete('/_specshift/faults', async () => {
    await ctx.faults.refresh();
    const ids = ctx.faults.list().map((r) => r.id);
    const legacy = (await ctx.store.reads.getWorldDoc('fault')).length;
    await ctx.store.transaction(async (tx) => {
      for (const id of ids) await tx.deleteWorldDoc('fault-rule', id);
    });
    await ctx.faults.changed();
    return { deleted: ids, pending_step_failures: legacy };
  });
}
