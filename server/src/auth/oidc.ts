import { createRemoteJWKSet, errors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { z } from 'zod';

/** Sign-in with an OpenID Connect provider (Amazon Cognito, or any): what the server checks. */
export interface OidcSettings {
  /** The provider's issuer URL, exactly as its ID tokens' `iss` (Cognito: `https://cognito-idp.<region>.amazonaws.com/<pool id>`). */
  issuer: string;
  /** The app's client id at the provider: ID tokens' `aud`. */
  audience: string;
  /** The provider's key set; discovered from `<issuer>/.well-known/openid-configuration` when absent. */
  jwksUrl?: string;
  /** After a key set fetch, an unknown `kid` waits this long before the next fetch (rotation vs. flooding). */
  jwksCooldownMs: number;
}

/** Who signed in: the provider's stable subject, and an email when the token carries one. */
export interface SignedIn {
  subject: string;
  email?: string;
}

export type SignInVerdict = { ok: true; user: SignedIn } | { ok: false; reason: string };
export type Exchange = { ok: true; idToken: string; user: SignedIn } | { ok: false; reason: string };

/**
 * Only asymmetric algorithms: a provider signs with a private key and publishes the public
 * one. Accepting HS256 would let anyone who has the public key (everyone) forge tokens by
 * using it as an HMAC secret; `none` is never accepted by jose's `jwtVerify`.
 */
export const OIDC_ALGORITHMS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
];

const discoverySchema = z.object({
  issuer: z.string(),
  jwks_uri: z.url(),
  authorization_endpoint: z.url().optional(),
  token_endpoint: z.url().optional(),
});
type Discovery = z.infer<typeof discoverySchema>;

/** Where the browser signs in, and where the server trades the code for tokens. */
export interface SignInEndpoints {
  authorizationEndpoint: string;
  tokenEndpoint: string;
}
const claimsSchema = z.object({ sub: z.string().min(1).max(255), email: z.string().max(320).optional() });

/**
 * Verifies the ID tokens of one OIDC provider with its published keys (`jose`'s remote key
 * set: fetched on first use, cached, fetched again when a token names a key it does not
 * know, so the provider can rotate keys). The issuer, the audience, the expiry and the
 * algorithm are all checked. A failed discovery is retried on the next token.
 */
export class OidcVerifier {
  private keys: Promise<JWTVerifyGetKey> | undefined;
  private discovery: Promise<Discovery> | undefined;

  constructor(private readonly settings: OidcSettings) {}

  get issuer(): string {
    return this.settings.issuer;
  }

  /** The app's client id at the provider (the ID tokens' audience). */
  get clientId(): string {
    return this.settings.audience;
  }

  private keySet(): Promise<JWTVerifyGetKey> {
    const { jwksUrl, jwksCooldownMs } = this.settings;
    this.keys ??= (jwksUrl ? Promise.resolve(jwksUrl) : this.discover().then((d) => d.jwks_uri)).then(
      (url) => createRemoteJWKSet(new URL(url), { cooldownDuration: jwksCooldownMs, timeoutDuration: 5000 }),
      (e: unknown) => {
        this.keys = undefined;
        throw e;
      },
    );
    return this.keys;
  }

  /** The provider's discovery document, fetched once (again after a failure). */
  private discover(): Promise<Discovery> {
    this.discovery ??= (async () => {
      const url = `${this.settings.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
      const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
      if (!response.ok) throw new Error(`OIDC discovery at ${url} answered ${response.status}`);
      const found = discoverySchema.parse(await response.json());
      if (found.issuer !== this.settings.issuer) throw new Error(`OIDC discovery names issuer ${found.issuer}`);
      return found;
    })().catch((e: unknown) => {
      this.discovery = undefined;
      throw e;
    });
    return this.discovery;
  }

  /** The hosted sign-in page and the token endpoint, from discovery; undefined when the provider is down or has none. */
  async endpoints(): Promise<SignInEndpoints | undefined> {
    try {
      const { authorization_endpoint, token_endpoint } = await this.discover();
      return authorization_endpoint && token_endpoint
        ? { authorizationEndpoint: authorization_endpoint, tokenEndpoint: token_endpoint }
        : undefined;
    } catch {
      return undefined;
    }
  }

  /**
   * Trades an authorization code (and its PKCE verifier) for an ID token at the provider,
   * as a public client, and checks the token. The browser never calls the token endpoint
   * itself, so the page's CSP stays own-origin only.
   */
  async exchange(code: string, codeVerifier: string, redirectUri: string): Promise<Exchange> {
    const endpoints = await this.endpoints();
    if (!endpoints) return { ok: false, reason: 'the sign-in provider could not be reached' };
    let answer: unknown;
    try {
      const response = await fetch(endpoints.tokenEndpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          client_id: this.settings.audience,
          code,
          redirect_uri: redirectUri,
          code_verifier: codeVerifier,
        }),
        signal: AbortSignal.timeout(10_000),
      });
      if (!response.ok) return { ok: false, reason: 'the sign-in provider refused the code' };
      answer = await response.json();
    } catch {
      return { ok: false, reason: 'the sign-in provider could not be reached' };
    }
    const tokens = z.object({ id_token: z.string().min(1) }).safeParse(answer);
    if (!tokens.success) return { ok: false, reason: 'the sign-in provider sent no ID token' };
    const verdict = await this.verify(tokens.data.id_token);
    return verdict.ok ? { ok: true, idToken: tokens.data.id_token, user: verdict.user } : verdict;
  }

  /** Checks a bearer ID token; never throws. */
  async verify(token: string): Promise<SignInVerdict> {
    try {
      const { payload } = await jwtVerify(token, await this.keySet(), {
        issuer: this.settings.issuer,
        audience: this.settings.audience,
        algorithms: OIDC_ALGORITHMS,
        requiredClaims: ['sub', 'exp', 'iat'],
        clockTolerance: 30,
      });
      const claims = claimsSchema.safeParse(payload);
      if (!claims.success) return { ok: false, reason: 'the token has no usable subject' };
      return {
        ok: true,
        user: { subject: claims.data.sub, ...(claims.data.email ? { email: claims.data.email } : {}) },
      };
    } catch (e) {
      return { ok: false, reason: describe(e) };
    }
  }
}

/** A refusal in words a user (or their admin) can act on; the details stay in the log. */
function describe(e: unknown): string {
  if (e instanceof errors.JWTExpired) return 'the sign-in has expired';
  if (e instanceof errors.JWTClaimValidationFailed) return `the token's ${e.claim} is not this app's`;
  if (e instanceof errors.JWKSNoMatchingKey) return 'the token is signed with a key the provider does not publish';
  if (e instanceof errors.JOSEAlgNotAllowed) return 'the token is signed with an algorithm that is not allowed';
  if (e instanceof errors.JOSEError) return 'the token is not a valid ID token of the configured provider';
  return 'the sign-in provider could not be reached';
}
