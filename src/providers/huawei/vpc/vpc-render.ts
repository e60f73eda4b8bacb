// Wire shape of a VPC port (Port of ListPorts/ShowPort, the VPC SDK's model): the NIC a server's
// addresses name, with its subnet, fixed IP, MAC and security groups.
import type { Server } from '../../../core/model/types.js';
import { serverHostname, type ServerNic } from '../shared/server-devices.js';

/** A stopped server's ports are DOWN, a running one's ACTIVE (decision: docs/huawei-vpc.md). */
export const portStatus = (s: Server): 'ACTIVE' | 'DOWN' => (s.vmState === 'active' ? 'ACTIVE' : 'DOWN');

export function renderPort(s: Server, n: ServerNic) {
  const hostname = serverHostname(s);
  return {
    id: n.portId,
    name: '',
    network_id: n.subnetId,
    admin_state_up: true,
    mac_address: n.mac,
    fixed_ips: [{ subnet_id: n.neutronSubnetId, ip_address: n.ip }],
    device_id: s.id,
    device_owner: `compute:${s.az}`,
    tenant_id: s.projectId,
    status: portStatus(s),
    security_groups: n.securityGroups.map((g) => g.id),
    allowed_address_pairs: n.allowedAddressPairs.map((p) => ({ ip_address: p.ip_address, ...(p.mac_address ? { mac_address: p.mac_address } : {}) })),
    extra_dhcp_opts: [],
    'binding:vnic_type': 'normal',
    dns_assignment: n.primary ? [{ hostname, ip_address: n.ip, fqdn: `${hostname}.${s.region}.compute.internal.` }] : [],
    dns_name: n.primary ? hostname : '',
    'binding:vif_details': { primary_interface: n.primary, port_filter: true, ovs_hybrid_plug: false },
    'binding:profile': {},
    instance_id: '',
    instance_type: '',
    port_security_enabled: true,
    zone_id: s.az,
    enable_efi: false,
    ipv6_bandwidth_id: '',
  };
}
