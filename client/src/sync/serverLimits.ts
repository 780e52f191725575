import { DEFAULT_LIMITS, LIMITS_PATH, uploadLimitsSchema, type UploadLimits } from '@archboard/shared';

let known: UploadLimits | undefined;
let asking: Promise<UploadLimits | undefined> | undefined;

/**
 * What the server lets a connection send, as it is configured (`GET /api/limits`), once it
 * has answered; DEFAULT_LIMITS before that, or while it cannot be asked (offline).
 */
export function uploadLimits(): UploadLimits {
  return known ?? DEFAULT_LIMITS;
}

/**
 * Asks the server for its limits unless it has answered already: a board session asks
 * when it opens and on every connection, long before its first big update in practice.
 * A failed ask (offline, an older server) leaves the defaults and is tried again next time.
 */
export function askUploadLimits(): Promise<UploadLimits | undefined> {
  if (known) return Promise.resolve(known);
  asking ??= fetch(LIMITS_PATH, { cache: 'no-cache' })
    .then(async (response) => {
      if (!response.ok) throw new Error(`${LIMITS_PATH}: HTTP ${response.status}`);
      return (known = uploadLimitsSchema.parse(await response.json()));
    })
    .catch((e: unknown) => {
      console.warn('archboard: the server’s upload limits are unknown; keeping the defaults', e);
      return undefined;
    })
    .finally(() => (asking = undefined));
  return asking;
}
