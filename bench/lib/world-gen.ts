// World files for the benchmarks: the demo world (its keys, projects and named servers) plus N
// generated stopped servers in the demo account's cn-north-4 project. generate_servers derives
// every id from its name, so the load generator computes the same ids without asking the server.
import { readFileSync, writeFileSync } from 'node:fs';
import { packageFile } from '../../src/paths.js';
import { uuidFrom } from '../../src/core/derived-ids.js';
import { aliyunBenchSection } from '../scenarios/aliyun.js';

export const BENCH_ACCOUNT = 'demo';
export const BENCH_PREFIX = 'bench';
/** the generated servers' flavor and the two targets resizes alternate between */
export const BENCH_FLAVOR = 's6.large.2';
export const BENCH_TARGETS = ['s6.xlarge.2', 's6.large.2'] as const;

export const benchServerId = (n: number): string => uuidFrom(`server/${BENCH_ACCOUNT}/${BENCH_PREFIX}/${n}`);

export function benchWorld(servers: number, aliyunInstances = 0): unknown {
  const demo = JSON.parse(readFileSync(packageFile('data', 'demo-world.json'), 'utf8')) as { huawei: Record<string, unknown>; aliyun?: unknown; $schema?: string };
  delete demo.$schema;
  demo.huawei.generate_servers = [
    { count: servers, account: BENCH_ACCOUNT, region: 'cn-north-4', az: 'cn-north-4a', flavor: BENCH_FLAVOR, status: 'SHUTOFF', name_prefix: BENCH_PREFIX },
  ];
  // the Alibaba slot's instances (scenarios/aliyun.ts)
  const aliyun = aliyunBenchSection(aliyunInstances, demo.aliyun as Record<string, unknown> | undefined);
  if (aliyun && aliyunInstances > 0) demo.aliyun = aliyun;
  return demo;
}

export function writeBenchWorld(file: string, servers: number, aliyunInstances = 0): string {
  writeFileSync(file, JSON.stringify(benchWorld(servers, aliyunInstances)));
  return file;
}
