/**
 * The Kubernetes providerID of an OpenStack server, as the OpenStack cloud
 * provider writes it: `openstack:///<server uuid>` (a region may sit between
 * the slashes: `openstack://RegionOne/<uuid>`).
 */
export function providerIdOf(serverId: string): string {
  return `openstack:///${serverId}`;
}

export function serverIdOf(providerID: string | undefined): string | undefined {
  if (providerID === undefined) return undefined;
  const match = /^openstack:\/\/[^/]*\/([0-9a-fA-F-]{36})$/.exec(providerID);
  return match?.[1];
}
