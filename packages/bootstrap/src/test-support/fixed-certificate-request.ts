/**
 * One CSR made once with openssl (P-256, `O=system:nodes, CN=system:node:fixed`,
 * SANs DNS:fixed, IP:10.1.2.3, IP:2001:db8::7), so corruption tests hit the
 * same bytes on every run. Its private key was discarded.
 */
export const fixedCertificateRequestPem = `-----BEGIN CERTIFICATE REQUEST-----
MIIBKTCB0AIBADAzMRUwEwYDVQQKDAxzeXN0ZW06bm9kZXMxGjAYBgNVBAMMEXN5
c3RlbTpub2RlOmZpeGVkMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEAwNctgNe
FLSIjfsGdrj5xq0FQx4nf7K3afLsdLKBddmFUx3koU+194ouQhsnRV3urhd1ftRC
3IJKWzbDOWKUsaA7MDkGCSqGSIb3DQEJDjEsMCowKAYDVR0RBCEwH4IFZml4ZWSH
BAoBAgOHECABDbgAAAAAAAAAAAAAAAcwCgYIKoZIzj0EAwIDSAAwRQIhANtqop76
HtIwZKT9HFVqqxfjDffVgUgsopCI00uPDtMnAiBZsIcQ1cPMjXUhb5CTUpfQtyuY
YfNVhhP3iE2bL1ZcGQ==
-----END CERTIFICATE REQUEST-----
`;
