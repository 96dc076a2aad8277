// The API on the same origin. The browser signs in with HttpOnly cookies this code never
// sees; a write sends the CSRF cookie's value back in X-CSRF-TOKEN (double submit). A 401
// refreshes the sign-in once (one refresh at a time: each refresh token works once) and retries.
// A write the API refuses until the person confirms it is them (403 of type
// confirmation-required) asks them (the confirmer the app registers: a dialog), sends that to
// POST /auth/confirm, and retries the request once.

const BASE = "/api/v1";

export function cookie(name) {
  const found = document.cookie.split("; ").find((entry) => entry.startsWith(`${name}=`));
  return found ? decodeURIComponent(found.slice(name.length + 1)) : null;
}

export class Offline extends Error {}

async function send(method, path, body, headers = {}) {
  const sent = { Accept: "application/json", ...headers };
  if (body !== undefined) sent["Content-Type"] = "application/json";
  if (method !== "GET") {
    const token = cookie("csrf_access_token");
    if (token) sent["X-CSRF-TOKEN"] = token;
  }
  let response;
  try {
    response = await fetch(BASE + path, {
      method,
      headers: sent,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: "same-origin",
      cache: "no-store",
    });
  } catch (error) {
    throw new Offline(String(error));
  }
  const type = response.headers.get("Content-Type") || "";
  const data = type.includes("json") ? await response.json().catch(() => null) : null;
  return { status: response.status, ok: response.ok, body: data, headers: response.headers };
}

let refreshing = null;

export function refreshSignIn() {
  if (!refreshing) {
    const token = cookie("csrf_refresh_token");
    refreshing = (
      token
        ? fetch(`${BASE}/auth/session/refresh`, {
            method: "POST",
            headers: { "X-CSRF-TOKEN": token, Accept: "application/json" },
            credentials: "same-origin",
          })
            .then((response) => response.ok)
            .catch(() => false)
        : Promise.resolve(false)
    ).finally(() => {
      setTimeout(() => {
        refreshing = null;
      }, 0);
    });
  }
  return refreshing;
}

const signInListeners = new Set();
export function onSignInNeeded(listener) {
  signInListeners.add(listener);
}

export function askToSignIn() {
  for (const listener of signInListeners) listener();
}

export const CONFIRMATION_REQUIRED = "tag:icv,2026:confirmation-required";
export const SECOND_FACTOR_REQUIRED = "tag:icv,2026:second-factor-required";

let confirmer = null;
let confirming = null;

// `ask(detail)` resolves true once the person confirmed (POST /auth/confirm answered 200),
// false if they gave up. One question at a time, whatever asks.
export function onConfirmationNeeded(ask) {
  confirmer = ask;
}

function confirmIdentity(detail) {
  if (!confirmer) return Promise.resolve(false);
  if (!confirming) {
    confirming = Promise.resolve(confirmer(detail)).finally(() => {
      confirming = null;
    });
  }
  return confirming;
}

async function sendSignedIn(method, path, body, headers, quiet) {
  let answer = await send(method, path, body, headers);
  if (answer.status === 401 && !path.startsWith("/auth/session")) {
    if (await refreshSignIn()) answer = await send(method, path, body, headers);
    if (answer.status === 401 && !quiet) askToSignIn();
  }
  return answer;
}

export async function api(method, path, body, { headers, quiet = false } = {}) {
  const answer = await sendSignedIn(method, path, body, headers, quiet);
  if (
    answer.status === 403 &&
    answer.body?.type === CONFIRMATION_REQUIRED &&
    path !== "/auth/confirm" &&
    (await confirmIdentity(answer.body.detail))
  ) {
    return sendSignedIn(method, path, body, headers, quiet);
  }
  return answer;
}

export const get = (path, options) => api("GET", path, undefined, options);
export const post = (path, body, options) => api("POST", path, body, options);
export const remove = (path, options) => api("DELETE", path, undefined, options);

// Pages of a signed-out person (invitation, forgotten password): no refresh, no confirmation.
export const postPublic = (path, body) => send("POST", path, body);

export async function signIn(email, password, code) {
  return send("POST", "/auth/session", code ? { email, password, code } : { email, password });
}

export async function signOut() {
  try {
    await send("DELETE", "/auth/session");
  } catch (error) {
    if (!(error instanceof Offline)) throw error;
  }
}

// Every page of a list (the API pages at most 100 a page).
export async function all(path) {
  const items = [];
  for (let page = 1; page <= 50; page += 1) {
    const joiner = path.includes("?") ? "&" : "?";
    const answer = await get(`${path}${joiner}page=${page}&page_size=100`);
    if (!answer.ok) return { ...answer, body: answer.body };
    items.push(...answer.body);
    const pagination = JSON.parse(answer.headers.get("X-Pagination") || "{}");
    if (!pagination.total_pages || page >= pagination.total_pages) break;
  }
  return { status: 200, ok: true, body: items };
}
