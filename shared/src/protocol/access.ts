import { z } from 'zod';

/** What a board token allows: `edit` changes the board, `view` only watches it. */
export const ROLES = ['edit', 'view'] as const;
export type Role = (typeof ROLES)[number];

/** The claims of a board token (signed by the server; see server/src/auth). */
export const boardClaimsSchema = z.object({
  sub: z.string(),
  role: z.enum(ROLES),
});
export type BoardClaims = z.infer<typeof boardClaimsSchema>;

/**
 * Reads a token's claims without checking its signature: for the client's UI only
 * (whether to show editing tools). The server verifies every token itself.
 */
export function peekClaims(token: string): BoardClaims | undefined {
  try {
    const payload = token.split('.')[1];
    if (!payload) return undefined;
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
    const parsed = boardClaimsSchema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined; // not a JWT: the UI treats it as no token
  }
}
