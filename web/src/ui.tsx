// Small pieces every page uses: loading and error states, status chips, a hook for GETs.
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ApiError, getJson } from './api';

export function useApi<T>(path: string | null): { data: T | null; error: string; loading: boolean; reload: () => void } {
  const [state, setState] = useState<{ data: T | null; error: string; loading: boolean }>(
    { data: null, error: '', loading: path !== null });
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    if (path === null) { setState({ data: null, error: '', loading: false }); return; }
    let current = true;
    setState((s) => ({ data: s.data, error: '', loading: true }));
    getJson<T>(path).then(
      (data) => { if (current) setState({ data, error: '', loading: false }); },
      (e) => { if (current) setState({ data: null, error: messageOf(e), loading: false }); });
    return () => { current = false; };
  }, [path, generation]);
  return { ...state, reload: () => setGeneration((g) => g + 1) };
}

export function messageOf(e: unknown): string {
  if (e instanceof ApiError) return e.message;
  return 'Something went wrong in this page. Please reload it and try again.';
}

export function ErrorBox({ message }: { message: string }) {
  if (!message) return null;
  return <div class="error" role="alert">{message}</div>;
}

export function Loading({ what }: { what: string }) {
  return <p class="loading" role="status" aria-live="polite"><span class="spinner" aria-hidden="true" />Loading {what}…</p>;
}

const statusWords: Record<string, string> = {
  Green: 'On track', Amber: 'Watch', Red: 'Off track',
};

export function StatusChip({ status, reason }: { status: string; reason?: string }) {
  if (!status) return <span class="chip chip-none" title={reason}>No status</span>;
  return (
    <span class={`chip chip-${status.toLowerCase()}`} title={reason}>
      <span class="chip-mark" aria-hidden="true">{status === 'Green' ? '✓' : status === 'Amber' ? '!' : '✗'}</span>
      {status}<span class="visually-hidden">: {statusWords[status] || ''}</span>
    </span>
  );
}

export function NotAllowed({ page }: { page: string }) {
  return (
    <section class="not-allowed" aria-labelledby="not-allowed-title">
      <h1 id="not-allowed-title">Not allowed</h1>
      <p>Your role does not allow you to use the {page} page. If you need it for your work, ask
        your partnership's Safer administrator to change your role.</p>
      <p><a href="/">Back to the overview</a></p>
    </section>
  );
}

export function Field({ label, id, children, hint }: { label: string; id: string; children: ComponentChildren; hint?: string }) {
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {children}
      {hint && <small class="hint" id={id + '-hint'}>{hint}</small>}
    </div>
  );
}
