// The world file's wire shape (snake_case JSON, see schema/world.schema.json and docs/world.md).
export interface WorldFile {
  description?: string;
  accounts: WorldAccount[];
  huawei?: {
    regions?: { id: string; name?: string; zones: string[] }[];
    flavors?: WorldFlavor[];
    flavor_availability?: Record<string, { status?: string; az?: Record<string, string> }>;
    servers?: WorldServer[];
    generate_servers?: {
      count: number;
      account: string;
      region: string;
      az?: string;
      flavor: string;
      status?: 'ACTIVE' | 'SHUTOFF';
      name_prefix?: string;
    }[];
  };
  aliyun?: Record<string, unknown>;
  aad?: Record<string, unknown>;
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

export interface WorldFlavor {
  id: string;
  family?: string;
  vcpus: number;
  ram_mb: number;
  performancetype?: string;
  generation?: string;
  extra_specs?: Record<string, string>;
  price?: { per_hour?: number; per_month?: number; currency?: string };
}

export interface WorldServer {
  id?: string;
  account: string;
  region: string;
  az?: string;
  name?: string;
  flavor: string;
  status?: 'ACTIVE' | 'SHUTOFF' | 'ERROR';
  billing?: 'postpaid' | 'prepaid';
  expires_at?: string;
  spot?: boolean;
  os_type?: 'Linux' | 'Windows';
  image?: { id?: string; name?: string; type?: 'gold' | 'market' | 'private' | 'shared' };
  dedicated_host_id?: string;
  tags?: Record<string, string>;
  enterprise_project_id?: string;
  locked?: boolean;
  frozen?: boolean;
}
