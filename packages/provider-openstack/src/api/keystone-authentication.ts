/**
 * How the provider proves who it is to Keystone v3, and the body of
 * `POST /v3/auth/tokens` for each way: the password method with a project or
 * domain scope, or an application credential (by id, or by name with its user;
 * an application credential carries its own project, so it takes no scope).
 */
export type KeystoneNameOrId = { id: string } | { name: string };

export type KeystoneUser = { id: string } | { name: string; domain: KeystoneNameOrId };

export type KeystoneAuthentication =
  | {
      method: 'password';
      authUrl: string;
      user: KeystoneUser;
      password: string;
      scope: { project: { id: string } | { name: string; domain: KeystoneNameOrId } } | { domain: KeystoneNameOrId };
    }
  | {
      method: 'application_credential';
      authUrl: string;
      secret: string;
      id?: string;
      name?: string;
      user?: KeystoneUser;
    };

/** Keystone's v3 root: the URL as configured, with /v3 added when it names the bare service. */
export function identityV3Url(authUrl: string): string {
  const trimmed = authUrl.replace(/\/+$/, '');
  return /\/v3$/.test(trimmed) ? trimmed : `${trimmed}/v3`;
}

export function tokenRequestBody(authentication: KeystoneAuthentication): Record<string, unknown> {
  if (authentication.method === 'application_credential') {
    const credential: Record<string, unknown> = { secret: authentication.secret };
    if (authentication.id !== undefined) credential['id'] = authentication.id;
    else {
      credential['name'] = authentication.name;
      credential['user'] = authentication.user;
    }
    return { auth: { identity: { methods: ['application_credential'], application_credential: credential } } };
  }
  return {
    auth: {
      identity: { methods: ['password'], password: { user: { ...authentication.user, password: authentication.password } } },
      scope: authentication.scope,
    },
  };
}
