// The specshift console: one page over the control API. Lists are paged and searched on the
// server (a world of 1,000,000 servers sends one page at a time) and re-read every second or two,
// so what jobs and the clock do shows as it happens; the request log streams (server-sent events).
import { render } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { api, money, qs, time } from './api.js';
import { usePoll } from './hooks.js';

type Tab = 'servers' | 'jobs' | 'orders' | 'requests' | 'faults' | 'accounts';
const TABS: Tab[] = ['servers', 'jobs', 'orders', 'requests', 'faults', 'accounts'];

const statusClass = (s: string): string =>
  /^(ACTIVE|Running|SUCCESS|completed|2\d\d)$/.test(s) ? 'ok' : /^(ERROR|FAIL|cancelled|[45]\d\d|0)$/.test(s) ? 'bad' : /^(SHUTOFF|Stopped)$/.test(s) ? '' : 'warn';
const Badge = ({ s, testid }: { s: string | number; testid?: string }) => (
  <span class={`badge ${statusClass(String(s))}`} data-testid={testid}>
    {String(s)}
  </span>
);

function useFlash(): [string | null, (m: string | null) => void] {
  const [msg, setMsg] = useState<string | null>(null);
  useEffect(() => {
    if (!msg) return;
    const t = setTimeout(() => setMsg(null), 6000);
    return () => clearTimeout(t);
  }, [msg]);
  return [msg, setMsg];
}

// ------------------------------------------------------------------ header: clock and world
function Header({ onError }: { onError: (m: string) => void }) {
  const { data, reload } = usePoll(() => api('clock'), 1000, []);
  const [secs, setSecs] = useState('60');
  const file = useRef<HTMLInputElement>(null);
  const run = (p: Promise<unknown>) => p.then(reload, (e: Error) => onError(e.message));
  return (
    <header>
      <h1>specshift console</h1>
      <span class="clock" data-testid="clock">
        {data ? `${time(data.now)} (${data.timing})` : '…'}
      </span>
      <span>
        <input value={secs} onInput={(e) => setSecs((e.target as HTMLInputElement).value)} aria-label="seconds to advance" data-testid="advance-seconds" /> s{' '}
        <button class="act" data-testid="advance" disabled={data?.timing !== 'manual'} onClick={() => run(api('clock/advance', { body: { seconds: Number(secs) } }))}>
          Advance
        </button>{' '}
        <button class="act" data-testid="settle" onClick={() => run(api('jobs/settle', { body: {} }))}>
          Settle
        </button>
      </span>
      <span>
        <button class="act" data-testid="world-reset" onClick={() => confirm('Reload the world the server started with? Everything else is lost.') && run(api('world/reset', { body: {} }))}>
          Reset world
        </button>{' '}
        <button class="act" onClick={() => file.current?.click()}>
          Load world…
        </button>
        <input
          type="file"
          accept="application/json"
          ref={file}
          style="display:none"
          data-testid="world-file"
          onChange={async (e) => {
            const f = (e.target as HTMLInputElement).files?.[0];
            if (f) await run(api('world', { body: await f.text() }));
          }}
        />
      </span>
    </header>
  );
}

// ------------------------------------------------------------------ servers
function Servers({ accounts, onError }: { accounts: any[]; onError: (m: string) => void }) {
  const [account, setAccount] = useState<string>('');
  const [q, setQ] = useState('');
  const [search, setSearch] = useState('');
  const [pages, setPages] = useState<(string | null)[]>([null]);
  const [selected, setSelected] = useState<string | null>(null);
  const acct = account || accounts[0]?.id || '';
  useEffect(() => setPages([null]), [acct, search]);
  useEffect(() => {
    const t = setTimeout(() => setSearch(q.trim()), 300);
    return () => clearTimeout(t);
  }, [q]);
  const after = pages[pages.length - 1];
  const { data, error } = usePoll(() => (acct ? api(`servers${qs({ account: acct, q: search, after, limit: 50 })}`) : Promise.resolve(undefined)), 1500, [acct, search, after]);
  const detail = usePoll(() => (selected ? api(`servers/${selected}`) : Promise.resolve(null)), 1500, [selected]);
  return (
    <main>
      <section class="list">
        <div class="toolbar">
          <select value={acct} onChange={(e) => setAccount((e.target as HTMLSelectElement).value)} data-testid="server-account">
            {accounts.map((a) => (
              <option value={a.id}>{a.name}</option>
            ))}
          </select>
          <input placeholder="server id or name" value={q} onInput={(e) => setQ((e.target as HTMLInputElement).value)} data-testid="server-search" />
          <span class="muted" data-testid="server-total">
            {data ? `${data.total.toLocaleString('en-US')} servers` : ''}
          </span>
          <button class="act" disabled={pages.length < 2} onClick={() => setPages(pages.slice(0, -1))}>
            ‹ Previous
          </button>
          <button class="act" disabled={!data?.next_after} onClick={() => setPages([...pages, data.next_after])}>
            Next ›
          </button>
        </div>
        {error && <div class="error">{error}</div>}
        <table data-testid="servers">
          <thead>
            <tr>
              <th>name</th>
              <th>id</th>
              <th>cloud</th>
              <th>status</th>
              <th>flavor</th>
              <th>billing</th>
              <th>zone</th>
              <th>job</th>
            </tr>
          </thead>
          <tbody>
            {(data?.servers ?? []).map((s: any) => (
              <tr class={`row ${selected === s.id ? 'sel' : ''}`} data-testid={`server-${s.id}`} onClick={() => setSelected(s.id)}>
                <td>{s.name}</td>
                <td class="mono">{s.id}</td>
                <td>{s.cloud}</td>
                <td>
                  <Badge s={s.status} testid="status" />
                </td>
                <td data-testid="flavor">{s.flavor}</td>
                <td>{s.billing}</td>
                <td>{s.az}</td>
                <td class="mono">{s.busy_job ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      {selected && detail.data && (
        <aside class="detail" data-testid="server-detail">
          <h3>
            {detail.data.name} <Badge s={detail.data.status} />
          </h3>
          <div class="toolbar">
            <button
              class="act danger"
              data-testid="fail-next-step"
              onClick={() =>
                api('faults', { body: { kind: 'job-fail', cloud: detail.data.cloud, resource: detail.data.id, count: 1, message: 'failed from the console' } }).then(
                  () => onError(`the next job step on ${detail.data.name} that can fail will fail`),
                  (e: Error) => onError(e.message),
                )
              }
            >
              Fail its next step
            </button>
          </div>
          {detail.data.job && <JobCard job={detail.data.job} />}
          <pre>{JSON.stringify(detail.data.detail, null, 2)}</pre>
        </aside>
      )}
    </main>
  );
}

function JobCard({ job }: { job: any }) {
  return (
    <div>
      <b>job</b> <span class="mono">{job.id}</span> <Badge s={job.status} /> step <b>{job.phase}</b>
      {job.error_code && <div class="reason">{`${job.error_code}: ${job.fail_reason ?? ''}`}</div>}
    </div>
  );
}

// ------------------------------------------------------------------ jobs
function Jobs() {
  const [status, setStatus] = useState('');
  const [selected, setSelected] = useState<string | null>(null);
  const { data } = usePoll(() => api(`jobs${qs({ status, top: 1, limit: 100 })}`), 1000, [status]);
  const detail = usePoll(() => (selected ? api(`jobs/${selected}`) : Promise.resolve(null)), 1000, [selected]);
  return (
    <main>
      <section class="list">
        <div class="toolbar">
          <select value={status} onChange={(e) => setStatus((e.target as HTMLSelectElement).value)}>
            <option value="">every status</option>
            {['INIT', 'RUNNING', 'SUCCESS', 'FAIL', 'PENDING_PAYMENT'].map((s) => (
              <option>{s}</option>
            ))}
          </select>
          <span class="muted">the newest 100 jobs</span>
        </div>
        <table data-testid="jobs">
          <thead>
            <tr>
              <th>job</th>
              <th>cloud</th>
              <th>type</th>
              <th>status</th>
              <th>step</th>
              <th>server</th>
              <th>sub-jobs</th>
              <th>error</th>
            </tr>
          </thead>
          <tbody>
            {(data?.jobs ?? []).map((j: any) => (
              <tr class={`row ${selected === j.id ? 'sel' : ''}`} data-testid={`job-${j.id}`} onClick={() => setSelected(j.id)}>
                <td class="mono">{j.id}</td>
                <td>{j.cloud}</td>
                <td>{j.type}</td>
                <td>
                  <Badge s={j.status} testid="job-status" />
                </td>
                <td>{j.phase}</td>
                <td class="mono">{j.serverId ?? ''}</td>
                <td>{j.childCount || ''}</td>
                <td data-testid="job-error">{j.errorCode ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      {selected && detail.data && (
        <aside class="detail" data-testid="job-detail">
          <h3>
            {detail.data.type} <Badge s={detail.data.status} />
          </h3>
          <JobCard job={detail.data} />
          <p class="muted">
            created {time(detail.data.created_at)} · began {time(detail.data.begin_at)} · ended {time(detail.data.end_at)} · next step due {time(detail.data.due_at)}
          </p>
          {detail.data.children.length > 0 && (
            <table>
              <thead>
                <tr>
                  <th>sub-job</th>
                  <th>server</th>
                  <th>status</th>
                  <th>step</th>
                  <th>error</th>
                </tr>
              </thead>
              <tbody>
                {detail.data.children.map((c: any) => (
                  <tr>
                    <td class="mono">{c.id}</td>
                    <td class="mono">{c.server_id}</td>
                    <td>
                      <Badge s={c.status} />
                    </td>
                    <td>{c.phase}</td>
                    <td>{c.error_code ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <pre>{JSON.stringify(detail.data.plan, null, 2)}</pre>
        </aside>
      )}
    </main>
  );
}

// ------------------------------------------------------------------ orders
function Orders({ onError }: { onError: (m: string) => void }) {
  const { data, reload } = usePoll(() => api('orders'), 1500, []);
  const act = (id: string, how: 'pay' | 'cancel') => api(`orders/${id}/${how}`, { body: {} }).then(reload, (e: Error) => onError(e.message));
  const orders = useMemo(() => [...(data?.orders ?? [])].sort((a: any, b: any) => b.createdAt - a.createdAt), [data]);
  return (
    <main>
      <section class="list">
        <table data-testid="orders">
          <thead>
            <tr>
              <th>order</th>
              <th>cloud</th>
              <th>kind</th>
              <th>status</th>
              <th>amount</th>
              <th>resource</th>
              <th>change</th>
              <th></th>
            </tr>
          </thead>
          <tbody>
            {orders.map((o: any) => (
              <tr data-testid={`order-${o.id}`}>
                <td class="mono">{o.id}</td>
                <td>{o.cloud}</td>
                <td>{o.kind}</td>
                <td>
                  <Badge s={o.status} testid="order-status" />
                </td>
                <td>{money(o.amountCents)}</td>
                <td class="mono">{o.resourceId}</td>
                <td>{[o.detail?.from_flavor ?? o.detail?.from_instance_type, o.detail?.to_flavor ?? o.detail?.to_instance_type].filter(Boolean).join(' → ')}</td>
                <td>
                  {o.status === 'pending_payment' && (
                    <>
                      <button class="act primary" data-testid="pay" onClick={() => act(o.id, 'pay')}>
                        Pay
                      </button>{' '}
                      <button class="act" data-testid="cancel" onClick={() => act(o.id, 'cancel')}>
                        Cancel
                      </button>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </main>
  );
}

// ------------------------------------------------------------------ request log
function Requests() {
  const [filter, setFilter] = useState({ cloud: '', operation: '', status: '' });
  const [rows, setRows] = useState<any[]>([]);
  const [selected, setSelected] = useState<number | null>(null);
  const [state, setState] = useState('connecting');
  useEffect(() => {
    setRows([]);
    const es = new EventSource(`/_specshift/requests/stream${qs({ ...filter, backlog: 200 })}`);
    es.onopen = () => setState('live');
    es.onerror = () => setState('reconnecting');
    es.addEventListener('request', (ev) => {
      const e = JSON.parse((ev as MessageEvent).data);
      setRows((r) => [e, ...r].slice(0, 500));
    });
    return () => es.close();
  }, [filter.cloud, filter.operation, filter.status]);
  const detail = usePoll(() => (selected ? api(`requests/${selected}`) : Promise.resolve(null)), 60_000, [selected]);
  const field = (k: keyof typeof filter, ph: string) => (
    <input placeholder={ph} value={filter[k]} data-testid={`filter-${k}`} onChange={(e) => setFilter({ ...filter, [k]: (e.target as HTMLInputElement).value.trim() })} />
  );
  return (
    <main>
      <section class="list">
        <div class="toolbar">
          {field('cloud', 'cloud')}
          {field('operation', 'operation')}
          {field('status', 'status, 4xx, error')}
          <span class="muted" data-testid="stream-state">
            {state}
          </span>
        </div>
        <table data-testid="requests">
          <thead>
            <tr>
              <th>#</th>
              <th>time</th>
              <th>cloud</th>
              <th>operation</th>
              <th>status</th>
              <th>code</th>
              <th>ms</th>
              <th>resources</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr class={`row ${selected === r.seq ? 'sel' : ''}`} data-testid={`request-${r.seq}`} onClick={() => setSelected(r.seq)}>
                <td>{r.seq}</td>
                <td>{time(r.at).slice(11)}</td>
                <td>{r.cloud}</td>
                <td>{r.operation ?? r.path}</td>
                <td>
                  <Badge s={r.status} />
                </td>
                <td>{r.error_code ?? ''}</td>
                <td>{r.latency_ms.toFixed(1)}</td>
                <td class="mono">{r.resources.join(' ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      {selected && detail.data && (
        <aside class="detail" data-testid="request-detail">
          <h3>
            {detail.data.operation ?? detail.data.path} <Badge s={detail.data.status} />
          </h3>
          <p class="muted">
            {detail.data.cloud} {detail.data.service} · account {detail.data.account ?? '—'} · {detail.data.region ?? ''} · signed {detail.data.signature ?? '—'} · request id{' '}
            <span class="mono">{detail.data.request_id}</span> · {detail.data.latency_ms} ms
          </p>
          {detail.data.faults.length > 0 && <p>faults fired: {detail.data.faults.join(', ')}</p>}
          {detail.data.reason && (
            <>
              <b>why</b>
              <div class="reason" data-testid="request-reason">
                {detail.data.reason}
              </div>
            </>
          )}
          <b>request</b>
          <pre data-testid="request-sent">{`${detail.data.request.method} ${detail.data.request.url}\n${Object.entries(detail.data.request.headers)
            .map(([k, v]) => `${k}: ${v}`)
            .join('\n')}\n\n${detail.data.request.body ?? ''}`}</pre>
          <b>reply</b>
          <pre>{`${detail.data.reply.status}\n${Object.entries(detail.data.reply.headers)
            .map(([k, v]) => `${k}: ${v}`)
            .join('\n')}\n\n${detail.data.reply.body ?? ''}`}</pre>
        </aside>
      )}
    </main>
  );
}

// ------------------------------------------------------------------ faults
function Faults({ onError }: { onError: (m: string) => void }) {
  const { data, reload } = usePoll(() => api('faults'), 2000, []);
  const catalog = usePoll(() => api('catalog'), 60_000, []);
  const [fail, setFail] = useState({ resource: '', step: '', message: '' });
  const [stock, setStock] = useState({ cloud: 'huawei', flavor: '', zone: '', state: 'sold-out' });
  const [throttle, setThrottle] = useState({ cloud: 'aliyun', operation: 'ModifyInstanceSpec', count: '3' });
  const [raw, setRaw] = useState('{"kind": "error", "cloud": "aliyun", "code": "InternalError", "count": 1}');
  const post = (body: unknown, done: string) => api('faults', { body }).then(() => (reload(), onError(done)), (e: Error) => onError(e.message));
  const flavors = (catalog.data?.flavors ?? []).filter((f: any) => f.cloud === stock.cloud);
  const zones = (catalog.data?.regions ?? []).filter((r: any) => r.cloud === stock.cloud).flatMap((r: any) => r.zones);
  return (
    <main>
      <section class="list">
        <fieldset>
          <legend>Fail a server's next step</legend>
          <input placeholder="server / instance id" value={fail.resource} data-testid="fail-resource" onInput={(e) => setFail({ ...fail, resource: (e.target as HTMLInputElement).value.trim() })} />{' '}
          <input placeholder="step (optional: accepted, stopping, resizing, powering)" value={fail.step} onInput={(e) => setFail({ ...fail, step: (e.target as HTMLInputElement).value.trim() })} />{' '}
          <input placeholder="message" value={fail.message} onInput={(e) => setFail({ ...fail, message: (e.target as HTMLInputElement).value })} />{' '}
          <button
            class="act primary"
            data-testid="fail-submit"
            onClick={() =>
              post({ kind: 'job-fail', resource: fail.resource, count: 1, ...(fail.step ? { step: fail.step } : {}), ...(fail.message ? { message: fail.message } : {}) }, `the next step of ${fail.resource} will fail`)
            }
          >
            Arm
          </button>
        </fieldset>
        <fieldset>
          <legend>Sell out a flavor in an availability zone (or bring it back)</legend>
          <select value={stock.cloud} onChange={(e) => setStock({ ...stock, cloud: (e.target as HTMLSelectElement).value, flavor: '', zone: '' })}>
            <option>huawei</option>
            <option>aliyun</option>
          </select>{' '}
          <input list="flavors" placeholder="flavor / instance type" value={stock.flavor} data-testid="stock-flavor" onInput={(e) => setStock({ ...stock, flavor: (e.target as HTMLInputElement).value.trim() })} />
          <datalist id="flavors">
            {flavors.map((f: any) => (
              <option value={f.id} />
            ))}
          </datalist>{' '}
          <input list="zones" placeholder="zone" value={stock.zone} data-testid="stock-zone" onInput={(e) => setStock({ ...stock, zone: (e.target as HTMLInputElement).value.trim() })} />
          <datalist id="zones">
            {zones.map((z: string) => (
              <option value={z} />
            ))}
          </datalist>{' '}
          <select value={stock.state} onChange={(e) => setStock({ ...stock, state: (e.target as HTMLSelectElement).value })}>
            <option value="sold-out">sold out</option>
            <option value="available">available</option>
          </select>{' '}
          <button class="act primary" data-testid="stock-submit" onClick={() => post({ kind: 'stock', ...stock }, `${stock.flavor} is ${stock.state} in ${stock.zone}`)}>
            Apply
          </button>
        </fieldset>
        <fieldset>
          <legend>Throttle an operation</legend>
          <select value={throttle.cloud} onChange={(e) => setThrottle({ ...throttle, cloud: (e.target as HTMLSelectElement).value })}>
            <option>huawei</option>
            <option>aliyun</option>
          </select>{' '}
          <input placeholder="operation" value={throttle.operation} onInput={(e) => setThrottle({ ...throttle, operation: (e.target as HTMLInputElement).value.trim() })} />{' '}
          <input placeholder="count" value={throttle.count} style="width:64px" onInput={(e) => setThrottle({ ...throttle, count: (e.target as HTMLInputElement).value })} /> calls{' '}
          <button class="act primary" onClick={() => post({ kind: 'throttle', cloud: throttle.cloud, operation: throttle.operation, count: Number(throttle.count) }, `the next ${throttle.count} ${throttle.operation} calls are throttled`)}>
            Arm
          </button>
        </fieldset>
        <fieldset>
          <legend>Any rule (docs/control-api.md)</legend>
          <textarea rows={3} style="width:100%" value={raw} onInput={(e) => setRaw((e.target as HTMLTextAreaElement).value)} />
          <button class="act primary" onClick={() => post(raw, 'rule armed')}>
            Arm
          </button>
        </fieldset>
      </section>
      <aside class="detail">
        <h3>Rules in force</h3>
        <table data-testid="fault-rules">
          <thead>
            <tr>
              <th>id</th>
              <th>kind</th>
              <th>scope</th>
              <th>left</th>
              <th>fired</th>
              <th></th>
            </tr>
          </thead>
          <tbody>
            {(data?.faults ?? []).map((r: any) => (
              <tr>
                <td class="mono">{r.id}</td>
                <td>{r.kind}</td>
                <td>{[r.cloud, (r.operation ?? []).join('|'), r.resource, r.step].filter(Boolean).join(' ')}</td>
                <td>{r.count ?? '∞'}</td>
                <td>{r.fired}</td>
                <td>
                  <button class="act danger" onClick={() => api(`faults/${r.id}`, { method: 'DELETE' }).then(reload)}>
                    Remove
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </aside>
    </main>
  );
}

// ------------------------------------------------------------------ accounts
function Accounts({ accounts }: { accounts: any[] }) {
  const [shown, setShown] = useState<Set<string>>(new Set());
  return (
    <main>
      <section class="list">
        <table data-testid="accounts">
          <thead>
            <tr>
              <th>account</th>
              <th>kind</th>
              <th>balance</th>
              <th>access keys</th>
              <th>projects</th>
            </tr>
          </thead>
          <tbody>
            {accounts.map((a) => (
              <tr>
                <td>
                  <b>{a.name}</b>
                  <div class="mono muted">{a.id}</div>
                </td>
                <td>{a.kind}</td>
                <td>{money(a.balance_cents)}</td>
                <td>
                  {a.access_keys.map((k: any) => (
                    <div class="mono">
                      {k.cloud} {k.ak}{' '}
                      {shown.has(k.ak) ? (
                        k.sk
                      ) : (
                        <button class="act" onClick={() => setShown(new Set([...shown, k.ak]))}>
                          show secret
                        </button>
                      )}
                      {k.temporary ? ' (temporary)' : ''}
                    </div>
                  ))}
                </td>
                <td>
                  {a.projects.map((p: any) => (
                    <div class="mono">
                      {p.region} {p.id}
                    </div>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </main>
  );
}

function App() {
  const [tab, setTab] = useState<Tab>(((location.hash.slice(1) as Tab) || 'servers') as Tab);
  const [flash, setFlash] = useFlash();
  const accounts = usePoll(() => api('accounts'), 5000, []);
  useEffect(() => {
    const on = () => setTab((location.hash.slice(1) as Tab) || 'servers');
    addEventListener('hashchange', on);
    return () => removeEventListener('hashchange', on);
  }, []);
  const list = accounts.data?.accounts ?? [];
  return (
    <>
      <Header onError={setFlash} />
      <nav>
        {TABS.map((t) => (
          <button class={tab === t ? 'on' : ''} data-testid={`tab-${t}`} onClick={() => (location.hash = t)}>
            {t === 'requests' ? 'request log' : t}
          </button>
        ))}
        {flash && (
          <span class="muted" style="margin-left:auto;padding:8px" data-testid="flash">
            {flash}
          </span>
        )}
      </nav>
      {tab === 'servers' && <Servers accounts={list} onError={setFlash} />}
      {tab === 'jobs' && <Jobs />}
      {tab === 'orders' && <Orders onError={setFlash} />}
      {tab === 'requests' && <Requests />}
      {tab === 'faults' && <Faults onError={setFlash} />}
      {tab === 'accounts' && <Accounts accounts={list} />}
    </>
  );
}

render(<App />, document.getElementById('app')!);
