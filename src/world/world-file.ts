// The world file's wire shape (snake_case JSON, see schema/world.schema.json and docs/world.md):
// the accounts every cloud shares, and one section per provider, each read by that provider's
// world section loader (e.g. providers/huawei/ecs/ecs-world.ts).
export interface WorldFile {
  description?: string;
  accounts: WorldAccount[];
  huawei?: Record<string, unknown>;
  aliyun?: Record<string, unknown>;
  aad?: Record<string, unknown>;
  faults?: Record<string, unknown>[];
}

export interface WorldAccount {
  id?: string;
  name: string;
  kind?: 'normal' | 'partner' | 'partner_customer';
  partner?: string;
  balance?: string;
  can_pay?: boolean;
  access_keys?: { cloud?: 'huawei' | 'aliyun'; ak: string; sk: string; security_token?: string; user?: string }[];
  users?: { id?: string; name: string; password: string }[];
  projects?: { id?: string; region: string }[];
}
