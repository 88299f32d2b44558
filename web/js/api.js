/*
 * The only door to the server: the JSON API (docs/records.md#http-api). Errors come back as
 * RFC 9457 problem documents; they are thrown as ApiError so that a view
 * can show the server's own words (which name the field and the allowed
 * values) instead of inventing its own.
 *
 * The staff app's writes carry the CSRF token that login returned. It is
 * kept in sessionStorage: it survives a reload of the tab, dies with the
 * tab, and is never sent by the browser on its own the way a cookie is.
 */

const CSRF_KEY = 'collagenda.csrf';

export class ApiError extends Error {
  // options.cause: the error underneath (a failed fetch), kept for the console.
  constructor(status, problem, options) {
    super(problem.detail || problem.title || `HTTP ${status}`, options);
    this.status = status;
    this.problem = problem;
    this.field = problem.field || null;
  }
}

export function csrfToken() {
  try {
    return sessionStorage.getItem(CSRF_KEY);
  } catch {
    return null;
  }
}

export function setCsrfToken(token) {
  try {
    if (token) sessionStorage.setItem(CSRF_KEY, token);
    else sessionStorage.removeItem(CSRF_KEY);
  } catch {
    /* Storage may be switched off; the token then lives only until reload. */
  }
}

async function readBody(response) {
  if (response.status === 204) return null;
  const type = response.headers.get('Content-Type') || '';
  if (type.includes('json')) return response.json();
  return response.text();
}

/*
 * request('POST', '/api/v1/clients', {name}) -> the parsed body.
 * options.public: send no cookie at all (the calculator works without one).
 */
export async function request(method, path, body, options = {}) {
  const headers = { Accept: 'application/json, application/problem+json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && !options.public) {
    const token = csrfToken();
    if (token) headers['X-CSRF-Token'] = token;
  }
  let response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: options.public ? 'omit' : 'same-origin',
      cache: 'no-store',
    });
  } catch (error) {
    const detail = 'The server could not be reached. Check the connection and try again.';
    throw new ApiError(0, { title: 'No connection', detail }, { cause: error });
  }
  let data;
  try {
    data = await readBody(response);
  } catch {
    data = null;
  }
  if (!response.ok) {
    const problem = data && typeof data === 'object' ? data : { detail: typeof data === 'string' ? data : '' };
    if (!problem.title && !problem.detail) problem.detail = `The server answered ${response.status}.`;
    throw new ApiError(response.status, problem);
  }
  return data;
}

export const get = (path, options) => request('GET', path, undefined, options);
export const post = (path, body, options) => request('POST', path, body === undefined ? {} : body, options);
export const remove = (path, options) => request('DELETE', path, undefined, options);
export const patch = (path, body, options) => request('PATCH', path, body, options);
export const put = (path, body, options) => request('PUT', path, body, options);
