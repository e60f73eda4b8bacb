const D = require('better-sqlite3'); const db = new D(process.argv[2]);
db.pragma('journal_mode = WAL'); db.pragma('synchronous = NORMAL');
const B = Number(process.argv[3]);
const ids = db.prepare("select id from servers where json_extract(doc,'$.busyJobId') is null limit 5000 offset 0").pluck().all();
const get = db.prepare('SELECT doc FROM servers WHERE id = ?');
const upd = db.prepare('UPDATE servers SET name = ?, flavor_id = ?, vm_state = ?, task_state = ?, version = ?, doc = ? WHERE id = ? AND version = ?');
const ins = db.prepare('INSERT INTO jobs (id, account_id, parent_id, status, due_at, purge_at, created_at, doc) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
let k = 0; const t0 = performance.now();
for (let i = 0; i < ids.length; i += B) {
  db.exec('BEGIN IMMEDIATE');
  for (const id of ids.slice(i, i + B)) {
    db.exec('SAVEPOINT t');
    const s = JSON.parse(get.get(id).doc); s.version++; s.busyJobId = 'x' + k;
    const job = { id: 'ff8080' + Date.now().toString(16) + String(k++).padStart(20, '0'), accountId: s.accountId, doc: 'x'.repeat(400) };
    ins.run(job.id, s.accountId, null, 'INIT', Date.now() + 1e9, null, Date.now(), JSON.stringify(job));
    upd.run(s.name, s.flavorId, s.vmState, s.taskState, s.version, JSON.stringify(s), id, s.version - 1);
    db.exec('RELEASE t');
  }
  db.exec('COMMIT');
}
console.log('batch', B, 'per tx us', ((performance.now() - t0) / ids.length * 1000).toFixed(1));
