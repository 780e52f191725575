import type { Result } from '../ops/result';

/** The value of an operation's result, for tests: throws with the error when it failed. */
export function value<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.code}: ${result.error.message}`);
  return result.value;
}
