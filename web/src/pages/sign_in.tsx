import { useState } from 'preact/hooks';
import { ApiError, sendJson } from '../api';
import type { SessionAnswer } from '../types';
import { messageOf } from '../ui';

// The wait a locked or throttled user is told, in words.
function waitText(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}

export function SignIn({ onSignedIn }: { onSignedIn: (s: SessionAnswer) => void }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError('');
    try {
      onSignedIn(await sendJson<SessionAnswer>('POST', '/api/session', { username: username.trim(), password }));
    } catch (err) {
      let message = messageOf(err);
      // The wait is said in words when the API's sentence does not say it already.
      if (err instanceof ApiError && err.status === 429 && err.retryAfter && !/try again in/i.test(message)) {
        message += ` Try again in ${waitText(err.retryAfter)}.`;
      }
      setError(message);
      setPassword('');
      setBusy(false);
    }
  };

  return (
    <section class="sign-in" aria-labelledby="sign-in-title">
      <h1 id="sign-in-title">Sign in to Safer</h1>
      <p>Safer shows how the Community Safety Partnership is doing. Sign in with the account your
        partnership's administrator gave you.</p>
      <form onSubmit={submit} noValidate>
        <div class="field">
          <label for="username">Username</label>
          <input id="username" name="username" autoComplete="username" required value={username}
            onInput={(e) => setUsername(e.currentTarget.value)} autoFocus />
        </div>
        <div class="field">
          <label for="password">Password</label>
          <input id="password" name="password" type="password" autoComplete="current-password" required value={password}
            onInput={(e) => setPassword(e.currentTarget.value)} />
        </div>
        {error && <div class="error" role="alert" id="sign-in-error">{error}</div>}
        <button type="submit" class="primary" disabled={busy || !username || !password}>{busy ? 'Signing in…' : 'Sign in'}</button>
      </form>
    </section>
  );
}
