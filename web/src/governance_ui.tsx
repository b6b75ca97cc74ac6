// Pieces the governance pages share: a form upload whose refusal lists every problem, the
// RAG chip (words and a mark, not colour alone), paragraphs of minuted text.
import { useState } from 'preact/hooks';
import { ApiError, asSentence, csrf } from './api';
import { messageOf } from './ui';

export class UploadRefused extends ApiError {
  constructor(message: string, status: number, readonly problems: string[]) { super(message, status); }
}

// The API answers a refused upload with {"error", "problems": [...]}: both are kept.
export async function postForm<T>(path: string, form: FormData): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, { method: 'POST', body: form, credentials: 'same-origin', headers: { 'X-CSRF-Token': csrf(), Accept: 'application/json' } });
  } catch {
    throw new ApiError('Safer could not be reached. Check your connection and try again.', 0);
  }
  let body: any = null;
  try { body = await res.json(); } catch { body = null; }
  if (res.ok && body) return body as T;
  const problems = Array.isArray(body?.problems)
    ? body.problems.map((p: unknown) => typeof p === 'string' ? p : `row ${(p as any).row}: ${(p as any).reason}`)
    : [];
  throw new UploadRefused(asSentence(body?.error ?? `The upload was refused (${res.status}).`), res.status, problems);
}

export function useSubmit() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [problems, setProblems] = useState<string[]>([]);
  const run = async (work: () => Promise<void>) => {
    setBusy(true); setError(''); setProblems([]);
    try { await work(); } catch (e) {
      setError(messageOf(e));
      if (e instanceof UploadRefused) setProblems(e.problems);
    }
    setBusy(false);
  };
  return { busy, error, problems, run };
}

export function Problems({ problems }: { problems: string[] }) {
  if (problems.length === 0) return null;
  return <ul class="problems">{problems.map((p) => <li>{p}</li>)}</ul>;
}

const ragMarks: Record<string, string> = { Red: '✗', Amber: '!', Green: '✓', Complete: '✔' };

export function RagChip({ rag, reason }: { rag: string; reason?: string }) {
  if (!rag) return <span class="chip chip-none">Not set</span>;
  return (
    <span class={`chip chip-${rag.toLowerCase()}`} title={reason}>
      <span class="chip-mark" aria-hidden="true">{ragMarks[rag] ?? ''}</span>{rag}
    </span>
  );
}

// Minuted text: paragraphs separated by blank lines.
export function Paragraphs({ text }: { text?: string }) {
  if (!text) return null;
  return <>{text.split(/\n\s*\n/).map((p) => <p>{p}</p>)}</>;
}
