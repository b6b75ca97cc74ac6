// Every call to the Safer API goes through here: same-origin cookies, the CSRF token on
// every request that changes something, and the API's own error sentence on failure.

let csrfToken = '';

export function setCsrf(token: string) { csrfToken = token; }
export function csrf(): string { return csrfToken; }

export class ApiError extends Error {
  constructor(message: string, readonly status: number, readonly retryAfter: number | null = null) {
    super(message);
  }
}

type Params = Record<string, string | number | undefined | null | (string | number)[]>;

// Builds a query string; arrays repeat the name (`category=a&category=b`), empty values are left out.
export function query(params: Params): string {
  const q = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) for (const v of value) q.append(name, String(v));
    else q.append(name, String(value));
  }
  const s = q.toString();
  return s ? '?' + s : '';
}

const changing = (method: string) => method !== 'GET' && method !== 'HEAD';

// The API writes its errors in lower case without a full stop; the page shows sentences.
export function asSentence(text: string): string {
  const t = text.trim();
  if (!t) return t;
  return t[0].toUpperCase() + t.slice(1) + (/[.!?]$/.test(t) ? '' : '.');
}

async function errorOf(res: Response): Promise<ApiError> {
  let message = '';
  try {
    const body = await res.json();
    if (body && typeof body.error === 'string') message = body.error;
  } catch {
    // not JSON: fall through to a sentence of our own
  }
  if (!message) message = res.status >= 500
    ? 'The server could not answer just now. Please try again.'
    : `The request was refused (${res.status}).`;
  const retry = res.headers.get('Retry-After');
  return new ApiError(asSentence(message), res.status, retry ? Number(retry) : null);
}

export async function request(method: string, path: string, body?: unknown): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (changing(method)) headers['X-CSRF-Token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(path, {
      method, headers, credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError('Safer could not be reached. Check your connection and try again.', 0);
  }
  if (!res.ok) {
    const error = await errorOf(res);
    if (res.status === 401 && path !== '/api/session') onSignedOut();
    throw error;
  }
  return res;
}

export async function getJson<T>(path: string): Promise<T> {
  return (await request('GET', path)).json() as Promise<T>;
}

export async function sendJson<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await request(method, path, body);
  if (res.status === 204) return undefined as T;
  return res.json() as Promise<T>;
}

// The app learns here when the session has ended (expired, signed out elsewhere).
let onSignedOut: () => void = () => {};
export function whenSignedOut(handler: () => void) { onSignedOut = handler; }

// Fetches a file and hands it to the browser as a download, under the server's filename.
export async function download(path: string, fallbackName: string): Promise<string> {
  const res = await request('GET', path);
  const blob = await res.blob();
  const disposition = res.headers.get('Content-Disposition') || '';
  const match = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition);
  const name = match ? decodeURIComponent(match[1]) : fallbackName;
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return name;
}

// Uploads with XHR, the one browser API that reports upload progress.
export function upload<T>(path: string, form: FormData, onProgress: (sent: number, total: number) => void,
                          onSent: () => void): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.setRequestHeader('X-CSRF-Token', csrfToken);
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.upload.onprogress = (e) => { if (e.lengthComputable) onProgress(e.loaded, e.total); };
    xhr.upload.onload = () => onSent();
    xhr.onerror = () => reject(new ApiError('The upload failed: Safer could not be reached.', 0));
    xhr.onload = () => {
      let body: any = null;
      try { body = JSON.parse(xhr.responseText); } catch { body = null; }
      if (xhr.status >= 200 && xhr.status < 300 && body) resolve(body as T);
      else {
        const message = body && typeof body.error === 'string' ? asSentence(body.error)
          : `The upload was refused (${xhr.status}).`;
        if (xhr.status === 401) onSignedOut();
        reject(new ApiError(message, xhr.status));
      }
    };
    xhr.send(form);
  });
}
