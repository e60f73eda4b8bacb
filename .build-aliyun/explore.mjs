import http from 'node:http';
import Ecs from '@alicloud/ecs20140526';
import OpenApi from '@alicloud/openapi-client';
import Pop from '@alicloud/pop-core';
console.log(typeof Ecs, typeof Ecs.default, typeof OpenApi.Config, typeof Pop, typeof Pop.default, typeof Ecs.ModifyInstanceSpecRequest);
const caps = [];
const srv = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', c => chunks.push(c));
  req.on('end', () => {
    caps.push({ method: req.method, url: req.url, headers: req.headers, body: Buffer.concat(chunks).toString() });
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"RequestId":"x"}');
  });
});
await new Promise(r => srv.listen(0, '127.0.0.1', r));
const port = srv.address().port;
const C = Ecs.default;
for (const extra of [{}, { signatureAlgorithm: 'v2' }, { securityToken: 'tok+en/=' }, { signatureAlgorithm: 'v2', securityToken: 'tok' }]) {
  const cfg = new OpenApi.Config({ accessKeyId: 'AKID', accessKeySecret: 'sec', endpoint: `127.0.0.1:${port}`, protocol: 'http', ...extra });
  const c = new C(cfg);
  await c.modifyInstanceSpec(new Ecs.ModifyInstanceSpecRequest({ instanceId: 'i-1', instanceType: 'ecs.g6 large+*~\'!()', internetMaxBandwidthOut: 5, systemDisk: { category: 'cloud_ssd' }, clientToken: 'ü 中', dryRun: true }));
  await c.describeInstances(new Ecs.DescribeInstancesRequest({ regionId: 'cn-hangzhou', instanceIds: '["i-a","i-b"]', tag: [{ key: 'k 1', value: 'v+1' }, { key: 'k2', value: 'v2' }] }));
}
const p = new Pop({ endpoint: `http://127.0.0.1:${port}`, apiVersion: '2014-05-26', accessKeyId: 'AKID', accessKeySecret: 'sec' });
await p.request('ModifyInstanceSpec', { InstanceId: 'i-1', InstanceType: 'a b+c*' });
await p.request('ModifyInstanceSpec', { InstanceId: 'i-1', InstanceType: 'a b+c*' }, { method: 'POST' });
for (const c of caps) console.log(JSON.stringify(c, null, 1));
srv.close();
