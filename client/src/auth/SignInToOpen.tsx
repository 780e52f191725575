import { useState } from 'react';
import { beginSignIn, useSignInConfig } from './signIn';

/**
 * On an organisation-only board this tab may not open (4407): signs in at the provider and
 * comes back to this very board, link and all.
 */
export function SignInToOpen() {
  const config = useSignInConfig();
  const [error, setError] = useState<string | null>(null);
  if (!config) return null; // loading, or sign-in is off: then nobody can open the board here
  const signIn = () =>
    beginSignIn(config, location.pathname + location.hash).catch((e: unknown) =>
      setError(e instanceof Error ? e.message : String(e)),
    );
  return (
    <>
      <button
        type="button"
        className="button button--primary"
        onClick={() => void signIn()}
        data-testid="sign-in-to-open"
      >
        Sign in
      </button>
      {error && <p role="alert">{error}</p>}
    </>
  );
}
