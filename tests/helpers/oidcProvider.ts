import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';

/**
 * An OpenID Connect provider made in the test with jose: a discovery document and a key
 * set served on 127.0.0.1, keys it can add (rotation), ID tokens signed by them, and a
 * hosted sign-in page where a user signs in at once (authorization code with PKCE).
 */
export interface TestProvider {
  issuer: string;
  /** Times the key set was fetched. */
  readonly keyFetches: number;
  /** The public keys it publishes. */
  readonly published: JWK[];
  /** Publishes a new key under `kid` and answers its private half. */
  addKey(kid: string): Promise<CryptoKey>;
  idToken(options?: {
    kid?: string;
    key?: CryptoKey;
    issuer?: string;
    audience?: string;
    expiresIn?: string | number;
    subject?: string;
  }): Promise<string>;
  close(): Promise<void>;
}

export async function startProvider(audience: string): Promise<TestProvider> {
  const published: JWK[] = [];
  let keyFetches = 0;
  let issuer = '';
  /** Codes handed out by /authorize: what /token must be shown to trade each one. */
  const codes = new Map<string, { challenge: string; redirectUri: string; clientId: string }>();
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', issuer);
    res.setHeader('content-type', 'application/json');
    if (url.pathname === '/.well-known/openid-configuration')
      return res.end(
        JSON.stringify({
          issuer,
          jwks_uri: `${issuer}/jwks`,
          authorization_endpoint: `${issuer}/authorize`,
          token_endpoint: `${issuer}/token`,
        }),
      );
    if (url.pathname === '/jwks') {
      keyFetches++;
      return res.end(JSON.stringify({ keys: published }));
    }
    if (url.pathname === '/authorize') {
      // The hosted sign-in page, with a user who signs in at once: back to the app with a code.
      const q = url.searchParams;
      if (q.get('code_challenge_method') !== 'S256' || !q.get('code_challenge') || q.get('response_type') !== 'code') {
        res.statusCode = 400;
        return res.end('{"error":"invalid_request"}');
      }
      const code = randomBytes(12).toString('hex');
      codes.set(code, {
        challenge: q.get('code_challenge') ?? '',
        redirectUri: q.get('redirect_uri') ?? '',
        clientId: q.get('client_id') ?? '',
      });
      const back = new URL(q.get('redirect_uri') ?? '');
      back.search = new URLSearchParams({ code, state: q.get('state') ?? '' }).toString();
      res.statusCode = 302;
      res.setHeader('location', back.toString());
      return res.end();
    }
    if (url.pathname === '/token' && req.method === 'POST') {
      void formOf(req).then(async (form) => {
        const grant = codes.get(form.get('code') ?? '');
        codes.delete(form.get('code') ?? '');
        const verifier = form.get('code_verifier') ?? '';
        const ok =
          grant &&
          form.get('grant_type') === 'authorization_code' &&
          form.get('redirect_uri') === grant.redirectUri &&
          form.get('client_id') === grant.clientId &&
          createHash('sha256').update(verifier).digest('base64url') === grant.challenge;
        if (!ok) {
          res.statusCode = 400;
          return res.end('{"error":"invalid_grant"}');
        }
        res.end(JSON.stringify({ id_token: await token(), token_type: 'Bearer', expires_in: 300 }));
      });
      return;
    }
    res.statusCode = 404;
    res.end('{}');
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const addKey = async (kid: string) => {
    const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
    published.push({ ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' });
    return privateKey;
  };
  const first = await addKey('k1');
  const token = (options: Parameters<TestProvider['idToken']>[0] = {}) =>
    new SignJWT({ email: 'ada@example.com' })
      .setProtectedHeader({ alg: 'RS256', kid: options.kid ?? 'k1' })
      .setSubject(options.subject ?? 'user-1')
      .setIssuer(options.issuer ?? issuer)
      .setAudience(options.audience ?? audience)
      .setIssuedAt()
      .setExpirationTime(options.expiresIn ?? '5m')
      .sign(options.key ?? first);
  return {
    issuer,
    get keyFetches() {
      return keyFetches;
    },
    published,
    addKey,
    idToken: token,
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}

async function formOf(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}
