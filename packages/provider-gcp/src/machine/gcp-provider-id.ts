/** A Compute instance's Kubernetes providerID, `gce://<project>/<zone>/<name>`, and back. */
export function providerIdOf(project: string, zone: string, instanceName: string): string {
  return `gce://${project}/${zone}/${instanceName}`;
}

/** `gce://project/zone/name` → its parts; undefined for anything else. */
export function parseProviderId(providerId: string | undefined): { project: string; zone: string; name: string } | undefined {
  const match = providerId === undefined ? null : /^gce:\/\/([^/]+)\/([^/]+)\/([^/]+)$/.exec(providerId);
  return match ? { project: match[1]!, zone: match[2]!, name: match[3]! } : undefined;
}
