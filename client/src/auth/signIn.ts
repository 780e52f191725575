import { useEffect, useState } from 'react';
import { z } from 'zod';
import { ID_TOKEN_HEADER } from '@archboard/shared';

/**
 * Sign-in with the server's OIDC provider (Amazon Cognito or any), when the server has one:
 * authorization code with PKCE. The browser goes to the provider's hosted page and comes
 * back to `/auth/callback` with a code; our server trades it for an ID token (the page
 * talks to its own origin only). The ID token lives in this tab's sessionStorage and goes
 * with board creation as `Authorization: Bearer`, and beside the board's link on every
 * other request for a board (`x-id-token`, or `idToken` on the WebSocket URL): an
 * organisation-only board opens only so, and its signed-in creator is its owner.
 */

export interface SignInConfig {
  issuer: string;
  clientId: string;
  /** The hosted sign-in page; null while the provider cannot be reached. */
  authorizationEndpoint: string | null;
}

const configSchema = z.object({
  signIn: z
    .object({ issuer: z.string(), clientId: z.string(), authorizationEndpoint: z.string().nullable() })
    .nullable(),
});
const pendingSchema = z.object({ verifier: z.string(), state: z.string(), returnTo: z.string() });
const TOKEN_KEY = 'archboard:id-token';
const PENDING_KEY = 'archboard:sign-in';
export const CALLBACK_PATH = '/auth/callback';

function base64url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

const random = (length: number) => base64url(crypto.getRandomValues(new Uint8Array(length)));

/** Whether the server asks for sign-in, and where; null when it does not. */
export async function loadSignInConfig(): Promise<SignInConfig | null> {
  const response = await fetch('/api/auth');
  if (!response.ok) return null;
  const parsed = configSchema.safeParse(await response.json());
  return parsed.success ? parsed.data.signIn : null;
}

/** Who is signed in in this tab (the ID token's email or subject), while the token is valid. */
export function signedIn(): { token: string; name: string } | undefined {
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (!token) return undefined;
  try {
    const payload: unknown = JSON.parse(atob((token.split('.')[1] ?? '').replace(/-/g, '+').replace(/_/g, '/')));
    const claims = z.object({ exp: z.number(), sub: z.string(), email: z.string().optional() }).parse(payload);
    if (claims.exp * 1000 < Date.now() + 30_000) return undefined;
    return { token, name: claims.email ?? claims.sub };
  } catch {
    return undefined;
  }
}

/** The header that carries this tab's sign-in beside a board's link; none when signed out. */
export function signInHeaders(): Record<string, string> {
  const user = signedIn();
  return user ? { [ID_TOKEN_HEADER]: user.token } : {};
}

export function signOut(): void {
  sessionStorage.removeItem(TOKEN_KEY);
}

/** Goes to the provider's sign-in page; comes back to `returnTo` once signed in. */
export async function beginSignIn(config: SignInConfig, returnTo = '/'): Promise<void> {
  if (!config.authorizationEndpoint) throw new Error('The sign-in provider cannot be reached right now.');
  const verifier = random(32);
  const challenge = base64url(
    new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))),
  );
  const state = random(16);
  sessionStorage.setItem(PENDING_KEY, JSON.stringify({ verifier, state, returnTo }));
  const url = new URL(config.authorizationEndpoint);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: config.clientId,
    redirect_uri: `${location.origin}${CALLBACK_PATH}`,
    scope: 'openid email',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    state,
  }).toString();
  location.assign(url.toString());
}

/** On `/auth/callback`: checks the state, trades the code for an ID token, and keeps it. */
export async function finishSignIn(
  search: string,
): Promise<{ ok: true; returnTo: string } | { ok: false; reason: string }> {
  const params = new URLSearchParams(search);
  const pendingText = sessionStorage.getItem(PENDING_KEY);
  sessionStorage.removeItem(PENDING_KEY);
  const pending = pendingSchema.safeParse(pendingText ? JSON.parse(pendingText) : null);
  if (params.get('error'))
    return { ok: false, reason: params.get('error_description') ?? params.get('error') ?? 'refused' };
  if (!pending.success || params.get('state') !== pending.data.state)
    return { ok: false, reason: 'this sign-in was not started here; start again' };
  const code = params.get('code');
  if (!code) return { ok: false, reason: 'the provider sent no code' };
  const response = await fetch('/api/auth/token', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code, codeVerifier: pending.data.verifier }),
  });
  const answer = (await response.json().catch(() => ({}))) as { idToken?: unknown; error?: unknown };
  if (!response.ok || typeof answer.idToken !== 'string')
    return { ok: false, reason: typeof answer.error === 'string' ? answer.error : `HTTP ${response.status}` };
  sessionStorage.setItem(TOKEN_KEY, answer.idToken);
  return { ok: true, returnTo: pending.data.returnTo };
}

/** The server's sign-in settings (undefined while loading, null when sign-in is off). */
export function useSignInConfig(): SignInConfig | null | undefined {
  const [config, setConfig] = useState<SignInConfig | null | undefined>(undefined);
  useEffect(() => {
    let live = true;
    loadSignInConfig()
      .catch(() => null)
      .then((loaded) => live && setConfig(loaded));
    return () => void (live = false);
  }, []);
  return config;
}
