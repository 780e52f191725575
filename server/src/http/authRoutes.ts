import { z } from 'zod';
import type { OidcVerifier } from '../auth/oidc';
import type { HttpApp } from './createApp';

/** The path the provider sends the browser back to; the client's router shows the sign-in result there. */
export const SIGN_IN_CALLBACK = '/auth/callback';

const tokenBody = z.strictObject({
  code: z.string().min(1).max(4096),
  // RFC 7636: 43–128 characters of [A-Za-z0-9-._~]
  codeVerifier: z.string().regex(/^[A-Za-z0-9\-._~]{43,128}$/, 'must be a PKCE code verifier'),
});

/**
 * Sign-in with an OIDC provider, for the client: `GET /api/auth` says whether sign-in is on
 * and where the hosted sign-in page is; `POST /api/auth/token` trades the code the provider
 * sent back (authorization code with PKCE) for a checked ID token. The redirect URI is
 * this server's own callback, never one the request names.
 */
export function authRoutes(
  app: HttpApp,
  deps: { signIn: OidcVerifier | undefined; rate: { max: number; windowMs: number } },
): void {
  const { signIn } = deps;
  app.get('/api/auth', async () => {
    if (!signIn) return { signIn: null };
    const endpoints = await signIn.endpoints();
    return {
      signIn: {
        issuer: signIn.issuer,
        clientId: signIn.clientId,
        authorizationEndpoint: endpoints?.authorizationEndpoint ?? null,
      },
    };
  });

  app.post(
    '/api/auth/token',
    { config: { rateLimit: { max: deps.rate.max * 3, timeWindow: deps.rate.windowMs } } },
    async (req, reply) => {
      if (!signIn) return reply.code(404).send({ error: 'sign-in is not configured on this server' });
      let raw: unknown;
      try {
        raw = typeof req.body === 'string' ? JSON.parse(req.body) : req.body;
      } catch {
        return reply.code(400).send({ error: 'the body is not JSON' });
      }
      const body = tokenBody.safeParse(raw);
      if (!body.success) return reply.code(400).send({ error: body.error.issues[0]?.message ?? 'invalid body' });
      const result = await signIn.exchange(
        body.data.code,
        body.data.codeVerifier,
        `${req.protocol}://${req.host}${SIGN_IN_CALLBACK}`,
      );
      if (!result.ok) return reply.code(401).send({ error: result.reason });
      return {
        idToken: result.idToken,
        subject: result.user.subject,
        ...(result.user.email ? { email: result.user.email } : {}),
      };
    },
  );
}
