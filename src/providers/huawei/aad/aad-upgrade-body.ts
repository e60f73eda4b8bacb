// The UpgradeInstanceSpec request body (seed 003, Tables 2 and 3), read field by field. Types are
// strict: the two protection bandwidths are strings of digits (or whole numbers), every other spec an integer. A null
// counts as an omitted field, as the SDKs never send one and Java services read it so.
import { parseJson, Reader, type Json, type JsonObject } from '../shared/json-body.js';
import { aadInvalid } from './aad-refusals.js';
import type { UpgradeData } from './aad-upgrade-rules.js';

const read = new Reader(aadInvalid);
const DIGITS = /^(0|[1-9][0-9]{0,5})$/;
const INT32_MAX = 2_147_483_647;

export interface UpgradeCommand {
  instanceId: string;
  data: UpgradeData;
}

const present = (v: Json | undefined): v is Json => v !== undefined && v !== null;

/**
 * The bandwidths are strings on the wire (seed 003), but a whole JSON number is accepted too: the
 * Terraform provider sends numbers to the real service and succeeds (a Java service coerces them).
 */
function bandwidthString(v: Json | undefined, path: string): number | undefined {
  if (!present(v)) return undefined;
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 999_999) return v;
  if (typeof v !== 'string') throw aadInvalid(`${path} must be a string (Gbit/s, e.g. "20"), not ${Array.isArray(v) ? 'array' : typeof v === 'number' ? 'a fraction or out of range' : typeof v}`);
  if (!DIGITS.test(v)) throw aadInvalid(`${path} must be a whole number of Gbit/s written as a string, e.g. "20"`);
  return Number(v);
}

function integer(v: Json | undefined, path: string): number | undefined {
  if (!present(v)) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v)) throw aadInvalid(`${path} must be an integer, not ${Array.isArray(v) ? 'array' : typeof v === 'number' ? 'a fraction' : typeof v}`);
  if (Math.abs(v) > INT32_MAX) throw aadInvalid(`${path} is out of the Integer range`);
  return v;
}

const UPGRADE_FIELDS = [
  'basic_bandwidth',
  'elastic_bandwidth',
  'service_bandwidth',
  'port_num',
  'bind_domain_num',
  'elastic_service_bandwidth_type',
  'elastic_service_bandwidth',
  'basic_qps',
] as const;

export function readUpgradeBody(raw: Buffer | undefined): UpgradeCommand {
  const body = read.object(parseJson(raw, aadInvalid, aadInvalid('the request body is empty')), 'body', ['instance_id', 'upgrade_data']);
  if (!present(body.instance_id)) throw aadInvalid('instance_id is mandatory');
  const instanceId = read.string(body.instance_id, 'instance_id', { max: 64 });
  if (!present(body.upgrade_data)) throw aadInvalid('upgrade_data is mandatory');
  const u: JsonObject = read.object(body.upgrade_data, 'upgrade_data', UPGRADE_FIELDS);
  const data: UpgradeData = {};
  const set = <K extends keyof UpgradeData>(k: K, v: number | undefined) => {
    if (v !== undefined) data[k] = v;
  };
  set('basicBandwidth', bandwidthString(u.basic_bandwidth, 'upgrade_data.basic_bandwidth'));
  set('elasticBandwidth', bandwidthString(u.elastic_bandwidth, 'upgrade_data.elastic_bandwidth'));
  set('serviceBandwidth', integer(u.service_bandwidth, 'upgrade_data.service_bandwidth'));
  set('portNum', integer(u.port_num, 'upgrade_data.port_num'));
  set('bindDomainNum', integer(u.bind_domain_num, 'upgrade_data.bind_domain_num'));
  set('elasticServiceBandwidthType', integer(u.elastic_service_bandwidth_type, 'upgrade_data.elastic_service_bandwidth_type'));
  set('elasticServiceBandwidth', integer(u.elastic_service_bandwidth, 'upgrade_data.elastic_service_bandwidth'));
  set('basicQps', integer(u.basic_qps, 'upgrade_data.basic_qps'));
  return { instanceId, data };
}
