import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import helmet from '@fastify/helmet';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { HttpApp } from './createApp';

export interface SecurityOptions {
  /** The built client, whose index.html may hold inline scripts the policy must allow. */
  clientDir: string | undefined;
  /** Whether other sites may frame the app (`ALLOW_EMBED`). */
  allowEmbed: boolean;
}

/**
 * The sha256 sources of index.html's inline scripts (the theme set before first paint):
 * the policy allows exactly those, and no other inline script.
 */
export function inlineScriptHashes(clientDir: string | undefined): string[] {
  if (!clientDir) return [];
  let html: string;
  try {
    html = readFileSync(join(clientDir, 'index.html'), 'utf8');
  } catch {
    return [];
  }
  return [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map(
    (match) =>
      `'sha256-${createHash('sha256')
        .update(match[1] ?? '')
        .digest('base64')}'`,
  );
}

/** The page's own origin over WebSocket: `connect-src 'self'` does not cover ws: everywhere. */
const sameOriginSockets = (req: unknown) => {
  const host = (req as FastifyRequest).headers.host ?? '';
  return /^[A-Za-z0-9.:[\]-]+$/.test(host) ? `ws://${host} wss://${host}` : "'self'";
};

/**
 * Security headers on every response (`@fastify/helmet`): a Content-Security-Policy that
 * allows only the app's own origin and its WebSocket, `nosniff`, `Referrer-Policy:
 * no-referrer`, and no framing unless `ALLOW_EMBED`. Resources are same-origin only, except
 * export images, which a Markdown design document embeds from anywhere (`allowCrossOriginEmbed`).
 */
export async function registerSecurityHeaders(app: HttpApp, options: SecurityOptions): Promise<void> {
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", ...inlineScriptHashes(options.clientDir)],
        // React and React Flow position and size elements with style attributes.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'", sameOriginSockets],
        workerSrc: ["'self'"],
        manifestSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: options.allowEmbed ? ['*'] : ["'none'"],
      },
    },
    frameguard: options.allowEmbed ? false : { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    crossOriginResourcePolicy: { policy: 'same-origin' },
    // The app loads nothing cross-origin, but an isolated page would also refuse the
    // export images other pages embed; off, as helmet's default.
    crossOriginEmbedderPolicy: false,
  });
}

/** For responses other sites may embed (export images in a Markdown document). */
export function allowCrossOriginEmbed(reply: FastifyReply): void {
  void reply.header('cross-origin-resource-policy', 'cross-origin');
}
