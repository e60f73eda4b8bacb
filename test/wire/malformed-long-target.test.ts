// A request node's parser refuses (here: headers over the limit, 431) is answered in the envelope of
// the service its target names, read from the whole request line. Found by the nightly fuzz: a VPC
// path whose project id was 5,000 characters long, with a 30 KB X-Auth-Token, was read from a
// request line cut at 2 KiB, taken for ECS, and answered in ECS's envelope, which the VPC SDK
// does not parse.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { startLiveServer, type LiveServer } from '../helpers/live-server.js';

let live: LiveServer;
before(async () => {
  live = await startLiveServer({ timing: 'manual' });
});
after(() => live.close());

function send(bytes: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const sock = connect({ host: '127.0.0.1', port: live.port });
    const chunks: Buffer[] = [];
    sock.on('data', (c: Buffer) => chunks.push(c));
    sock.on('error', reject);
    sock.on('close', () => resolve(Buffer.concat(chunks).toString('latin1')));
    sock.write(bytes);
  });
}

const body = (reply: string) => JSON.parse(reply.slice(reply.indexOf('\r\n\r\n') + 4)) as Record<string, unknown>;

test('headers too large on a VPC path with a very long project id: 431 in VPC\'s own envelope', async () => {
  const target = `/v1/${'a'.repeat(5_000)}/ports`;
  const reply = await send(`GET ${target} HTTP/1.1\r\nhost: 127.0.0.1\r\nx-auth-token: ${'A'.repeat(30_000)}\r\n\r\n`);
  assert.match(reply, /^HTTP\/1\.1 431 /);
  const json = body(reply);
  assert.deepEqual(Object.keys(json).sort(), ['code', 'message'], `VPC's {"code","message"}: ${JSON.stringify(json)}`);
});

test('the same on an ECS path stays in ECS\'s envelope', async () => {
  const target = `/v1/${'a'.repeat(5_000)}/cloudservers/detail`;
  const reply = await send(`GET ${target} HTTP/1.1\r\nhost: 127.0.0.1\r\nx-auth-token: ${'A'.repeat(30_000)}\r\n\r\n`);
  assert.match(reply, /^HTTP\/1\.1 431 /);
  assert.deepEqual(Object.keys(body(reply)), ['error']);
});
