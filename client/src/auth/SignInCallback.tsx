import { useEffect, useState } from 'react';
import { navigate } from '../router';
import { finishSignIn } from './signIn';

/** `/auth/callback`: where the provider sends the browser back after sign-in. */
export function SignInCallback() {
  const [failure, setFailure] = useState<string | null>(null);
  useEffect(() => {
    void finishSignIn(location.search).then((result) => {
      if (result.ok) navigate(result.returnTo, { replace: true });
      else setFailure(result.reason);
    });
  }, []);
  return (
    <div className="board-error">
      <div className="board-error__card" data-testid="sign-in-callback">
        {failure ? (
          <>
            <h1>Sign-in did not work</h1>
            <p>{failure}</p>
            <a className="button button--primary" href="/">
              Back to the start page
            </a>
          </>
        ) : (
          <p>Signing you in…</p>
        )}
      </div>
    </div>
  );
}
