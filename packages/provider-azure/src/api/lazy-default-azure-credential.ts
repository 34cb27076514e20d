import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/core-auth';

/**
 * DefaultAzureCredential, loaded on the first token request. @azure/identity
 * (with MSAL) takes about a second to import, which every CLI command that
 * merely loads the provider would otherwise pay.
 */
export function lazyDefaultAzureCredential(): TokenCredential {
  let credential: Promise<TokenCredential> | undefined;
  return {
    getToken: async (scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken | null> => {
      credential ??= import('@azure/identity').then(({ DefaultAzureCredential }) => new DefaultAzureCredential());
      return (await credential).getToken(scopes, options);
    },
  };
}
