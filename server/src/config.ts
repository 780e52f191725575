import { z } from 'zod';
import { DEFAULT_LIMITS } from '@archboard/shared';
import { DEFAULT_PRESENCE_LIMITS } from './rooms/PresenceGuard';
import { parseTrustedProxies } from './transport/clientAddress';
import { parseOrigins } from './transport/UpgradeGate';

const MiB = 1024 * 1024;
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const validOrigins = (value: string) => {
  try {
    parseOrigins(value);
    return true;
  } catch {
    return false;
  }
};
const validProxies = (value: string) => {
  try {
    parseTrustedProxies(value);
    return true;
  } catch {
    return false;
  }
};

/** Every setting the server reads, from the environment only, validated once at start-up. */
const configSchema = z.object({
  PORT: int(0, 65535).default(8080),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATA_DIR: z.string().min(1).default('./data'),
  AUTH_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  CLIENT_DIR: z.string().min(1).optional(),
  MAX_MESSAGE_BYTES: int(1024, 64 * MiB).default(DEFAULT_LIMITS.maxMessageBytes),
  MAX_MESSAGES_PER_SECOND: int(1, 100_000).default(DEFAULT_LIMITS.maxMessagesPerSecond),
  MAX_QUEUED_BEFORE_LOAD: int(1, 10_000).default(DEFAULT_LIMITS.maxQueuedBeforeLoad),
  // Size limits (one board or one client must not hurt the rest); the README's Security section.
  MAX_UPDATE_BYTES: int(1024, 64 * MiB).default(DEFAULT_LIMITS.maxUpdateBytes),
  MAX_BYTES_PER_SECOND: int(16 * 1024, 1024 * MiB).default(DEFAULT_LIMITS.maxBytesPerSecond),
  MAX_BOARD_BYTES: int(64 * 1024, 4096 * MiB).default(DEFAULT_LIMITS.maxBoardBytes),
  MAX_LOADED_BOARDS: int(1, 1_000_000).default(2000),
  SEND_HIGH_WATER_BYTES: int(64 * 1024, 1024 * MiB).default(16 * MiB),
  ROOM_IDLE_MS: int(0, 24 * 3600_000).default(30_000),
  COMPACT_EVERY: int(2, 1_000_000).default(500),
  SQLITE_SYNCHRONOUS: z.enum(['full', 'normal']).default('normal'),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\/[^\s]+$/, 'must be a redis:// or rediss:// URL')
    .optional(),
  INSTANCE_ID: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,64}$/, 'must be 1-64 of A-Z a-z 0-9 _ . -')
    .optional(),
  COMPACT_BYTES: int(1024, 1024 * MiB).default(4 * MiB),
  MAX_PENDING_BYTES: int(64 * 1024, 4096 * MiB).default(64 * MiB),
  EXPORT_MAX_PIXELS: int(1_000_000, 1_000_000_000).default(200_000_000),
  HISTORY_INTERVAL_MS: int(1000, 24 * 3600_000).default(300_000),
  HISTORY_KEEP_ALL_HOURS: int(0, 24 * 365).default(24),
  HISTORY_KEEP_HOURLY_DAYS: int(0, 3650).default(7),
  CREATE_RATE_LIMIT: int(1, 1_000_000).default(10),
  CREATE_RATE_WINDOW_MS: int(1000, 24 * 3600_000).default(60_000),
  // Boards nobody ever opened are removed after this age (store/unopenedSweep.ts); 0: never.
  // Hours, fractions allowed (a test sets seconds' worth); checked every UNOPENED_BOARD_SWEEP_MS.
  UNOPENED_BOARD_MAX_AGE_HOURS: z.coerce
    .number()
    .min(0)
    .max(24 * 3650)
    .default(168),
  UNOPENED_BOARD_SWEEP_MS: int(100, 24 * 3600_000).default(3600_000),
  METRICS_PORT: int(0, 65535).optional(),
  METRICS_HOST: z.string().min(1).default('127.0.0.1'),
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  ALLOW_EMBED: z.enum(['true', 'false']).default('false'),
  // Presence and WebSocket upgrades (rooms/PresenceGuard.ts, transport/UpgradeGate.ts); the README's Security section.
  MAX_PRESENCE_BYTES: int(256, 1 * MiB).default(DEFAULT_PRESENCE_LIMITS.maxStateBytes),
  MAX_PRESENCE_IDS: int(1, 1000).default(DEFAULT_PRESENCE_LIMITS.maxIdsPerMessage),
  MAX_PRESENCE_PER_SECOND: int(1, 10_000).default(DEFAULT_PRESENCE_LIMITS.maxMessagesPerSecond),
  ALLOWED_ORIGINS: z
    .string()
    .refine(validOrigins, 'must be * or origins separated by commas, such as https://board.example.com')
    .optional(),
  UPGRADE_TIMEOUT_MS: int(100, 600_000).default(5000),
  MAX_CONNECTIONS_PER_IP: int(0, 1_000_000).default(50),
  // Proxies whose X-Forwarded-For names the client (transport/clientAddress.ts); unset: none, the header is ignored.
  TRUSTED_PROXIES: z
    .string()
    .refine(validProxies, 'must be addresses or CIDR ranges separated by commas, or loopback, linklocal, uniquelocal')
    .optional(),
  // Sign-in with an OIDC provider (auth/oidc.ts): creating a board needs its ID token.
  OIDC_ISSUER: z.url('must be the provider issuer URL').optional(),
  OIDC_AUDIENCE: z.string().min(1).optional(),
  OIDC_JWKS_URL: z.url('must be a URL').optional(),
  OIDC_JWKS_COOLDOWN_MS: int(0, 3600_000).default(30_000),
});

export type Config = z.infer<typeof configSchema>;

/** Every variable the server reads (the README's Configuration table lists each one). */
export const CONFIG_VARIABLES = Object.keys(configSchema.shape);

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * Parses the environment. An empty variable counts as unset. A bad value throws a
 * ConfigError whose message names each bad variable and what it must be.
 */
export function loadConfig(env: NodeJS.ProcessEnv): Config {
  const present = Object.fromEntries(
    Object.keys(configSchema.shape)
      .filter((key) => env[key] !== undefined && env[key] !== '')
      .map((key) => [key, env[key]]),
  );
  const parsed = configSchema.safeParse(present);
  if (parsed.success) {
    const { OIDC_ISSUER, OIDC_AUDIENCE } = parsed.data;
    if ((OIDC_ISSUER === undefined) !== (OIDC_AUDIENCE === undefined))
      throw new ConfigError(
        `invalid configuration:\n  ${OIDC_ISSUER === undefined ? 'OIDC_ISSUER' : 'OIDC_AUDIENCE'}: must be set with ${OIDC_ISSUER === undefined ? 'OIDC_AUDIENCE' : 'OIDC_ISSUER'} (sign-in needs both)`,
      );
    return parsed.data;
  }
  const lines = parsed.error.issues.map((issue) => {
    const name = String(issue.path[0]);
    return `${name}=${JSON.stringify(env[name])}: ${issue.message}`;
  });
  throw new ConfigError(`invalid configuration:\n  ${lines.join('\n  ')}`);
}
