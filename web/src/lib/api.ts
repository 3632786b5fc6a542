// The API client: same-origin fetch with the session cookie; state-changing requests
// carry the session's CSRF token. Failures become ApiFailure with the server's French
// message (contracts/src/errors.ts: { error, message }).
//
// Pages call an endpoint declared in contracts, typed from its schemas:
//   const page = await api.call(endpoints.org.listAgents, { query: { q, page: 2 } });
// so no page writes a URL or a response type by hand.
import { endpointUrl, type EndpointDefinition, type EndpointInput, type EndpointResult } from '@estran/contracts';
let csrfToken: string | null = null;

// The last answer the server gave to this client with a session still open (anything but
// 401): every such request slid the session's idle deadline (lib/IdleWarning.tsx reads it).
let lastActivity = 0;
const activityListeners = new Set<(at: number) => void>();
function markActivity(status: number) {
  if (status === 401 || status === 0) return;
  lastActivity = Date.now();
  for (const l of activityListeners) l(lastActivity);
}
export const apiActivity = {
  last: () => lastActivity,
  subscribe(listener: (at: number) => void): () => void {
    activityListeners.add(listener);
    return () => activityListeners.delete(listener);
  },
};

export function setCsrfToken(token: string | null) {
  csrfToken = token;
}

export class ApiFailure extends Error {
  readonly status: number;
  readonly code: string;
  readonly body: Record<string, unknown>;
  constructor(status: number, body: Record<string, unknown>) {
    super(typeof body.message === 'string' ? body.message : `Erreur ${status}`);
    this.status = status;
    this.code = typeof body.error === 'string' ? body.error : 'error';
    this.body = body;
  }
}

async function call<T>(method: string, url: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(url, { method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new ApiFailure(0, { error: 'network', message: 'Le serveur est injoignable. Vérifiez votre connexion.' });
  }
  markActivity(res.status);
  if (res.status === 204) return undefined as T;
  const data = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  if (!res.ok) throw new ApiFailure(res.status, data);
  return data as T;
}

/** Calls an endpoint of contracts with its inputs; resolves to its success answer. */
function callEndpoint<const E extends EndpointDefinition>(definition: E, ...[input]: Record<never, never> extends EndpointInput<E> ? [input?: EndpointInput<E>] : [input: EndpointInput<E>]): Promise<EndpointResult<E>> {
  const url = endpointUrl(definition, input?.params as Record<string, unknown> | undefined, input?.query as Record<string, unknown> | undefined);
  const body = input?.body ?? (definition.method === 'GET' || definition.method === 'DELETE' ? undefined : {});
  return call<EndpointResult<E>>(definition.method, url, body);
}

export const api = {
  call: callEndpoint,
  /** The URL an endpoint answers at for these inputs (links, data hooks). */
  url: <const E extends EndpointDefinition>(definition: E, input?: Partial<EndpointInput<E>>) =>
    endpointUrl(definition, input?.params as Record<string, unknown> | undefined, input?.query as Record<string, unknown> | undefined),
  /** A GET of a URL made by `url` (the data hooks: use-api-data.ts, PagedList); pages use `call`. */
  get: <T>(url: string) => call<T>('GET', url),
};

/**
 * POST a file as the raw body, reporting the upload's progress (fetch cannot, hence
 * XMLHttpRequest). Same CSRF token and failure shape as the JSON calls.
 */
export function upload<T>(url: string, file: Blob, options: { contentType: string; onProgress?: (sent: number, total: number) => void }): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.withCredentials = true;
    xhr.setRequestHeader('accept', 'application/json');
    xhr.setRequestHeader('content-type', options.contentType);
    if (csrfToken) xhr.setRequestHeader('x-csrf-token', csrfToken);
    xhr.upload.onprogress = (e) => options.onProgress?.(e.loaded, e.lengthComputable ? e.total : file.size);
    xhr.onerror = () => reject(new ApiFailure(0, { error: 'network', message: 'Le serveur est injoignable. Vérifiez votre connexion.' }));
    xhr.onload = () => {
      markActivity(xhr.status);
      let data: Record<string, unknown> = {};
      try {
        data = JSON.parse(xhr.responseText) as Record<string, unknown>;
      } catch {
        /* not JSON: the status says enough */
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(data as T);
      else reject(new ApiFailure(xhr.status, data));
    };
    xhr.send(file);
  });
}

export function query(params: Record<string, string | number | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}
