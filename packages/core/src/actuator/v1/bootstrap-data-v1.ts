/**
 * The data a new instance needs to join its cluster, rendered by the bootstrap
 * package. It holds no long-lived secret: a single-use token, the node
 * authorization service's URL and the CA's public-key hash.
 */
export interface BootstrapDataV1 {
  /** Cloud-init user data as text; the provider applies its cloud's encoding (base64, gzip). */
  userData: string;
}
