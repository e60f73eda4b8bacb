const D = require('better-sqlite3'); const db = new D(process.argv[2], { readonly: true });
for (const q of ["SELECT doc FROM jobs WHERE due_at IS NOT NULL AND due_at <= ? ORDER BY due_at, id LIMIT ?", "SELECT min(due_at) AS t FROM jobs WHERE due_at IS NOT NULL", "DELETE FROM jobs WHERE parent_id IN (SELECT id FROM jobs WHERE purge_at IS NOT NULL AND purge_at <= ?)"]) console.log(q, db.prepare('EXPLAIN QUERY PLAN ' + q).all(...Array((q.match(/\?/g)||[]).length).fill(1)));
console.log(db.prepare('select count(*) n from jobs').get(), db.pragma('page_size'), db.pragma('cache_size'));
const s = db.prepare("SELECT doc FROM jobs WHERE due_at IS NOT NULL AND due_at <= ? ORDER BY due_at, id LIMIT ?");
let t = performance.now(); for (let i = 0; i < 1000; i++) s.all(0, 256); console.log('dueJobs none', (performance.now() - t) , 'us each');
const g = db.prepare('SELECT doc FROM jobs WHERE id = ?'); const ids = db.prepare('select id from jobs limit 1000').pluck().all();
t = performance.now(); for (const id of ids) g.get(id); console.log('getJob', (performance.now() - t), 'us each');
