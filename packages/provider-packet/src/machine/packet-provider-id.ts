/**
 * A device's providerID, as the Equinix Metal cloud controller manager writes
 * it on Nodes: `equinixmetal://<device UUID>`. The 2018 form `packet://<UUID>`
 * is read too.
 */
const pattern = /^(?:equinixmetal|packet):\/\/\/?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

export function providerIdOf(deviceId: string): string {
  return `equinixmetal://${deviceId}`;
}

/** The device UUID of a providerID; undefined when there is none or it is not a Metal one. */
export function deviceIdOf(providerID: string | undefined): string | undefined {
  if (providerID === undefined) return undefined;
  return pattern.exec(providerID)?.[1];
}
