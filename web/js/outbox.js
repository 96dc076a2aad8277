// The outbox: submitted visits wait here until the API has them. Each is sent with its own
// UUID, so sending again is safe: 201 or 200 (an identical replay) means done. 409 and 412 are
// conflicts to resolve, 422 names the fields to fix, 401 waits for a new sign-in, and a lost
// connection, a 429 or a 5xx is tried again later with a growing wait.
import { askToSignIn, Offline, post } from "./api.js";
import { visits } from "./store.js";
import { apiBody } from "./visit_body.js";

const FIRST_WAIT_MS = 2000;
const LONGEST_WAIT_MS = 5 * 60 * 1000;

export const STATES = {
  draft: "Draft",
  waiting: "Waiting to send",
  sent: "Sent",
  conflict: "Needs attention: conflict",
  invalid: "Needs attention: fix and resend",
  signin: "Waiting for you to sign in",
};

const listeners = new Set();
export function onOutboxChange(listener) {
  listeners.add(listener);
}
function changed() {
  for (const listener of listeners) listener();
}

let timer = null;
let flushing = false;
let pausedForSignIn = false;

function wait(attempts) {
  const base = Math.min(FIRST_WAIT_MS * 2 ** attempts, LONGEST_WAIT_MS);
  return base / 2 + Math.random() * (base / 2);
}

function later(ms) {
  clearTimeout(timer);
  timer = setTimeout(flush, ms);
}

export async function submit(visit) {
  await visits.put({ ...visit, state: "waiting", attempts: 0, nextAt: 0, errors: null, problem: null });
  changed();
  flush();
}

export function payload(visit) {
  return { ...apiBody(visit.form, visit.me), id: visit.id, status: "submitted" };
}

async function sendOne(visit) {
  let answer;
  try {
    answer = await post("/visits", payload(visit), { quiet: true });
  } catch (error) {
    if (!(error instanceof Offline)) throw error;
    return { ...visit, attempts: visit.attempts + 1, nextAt: Date.now() + wait(visit.attempts) };
  }
  if (answer.status === 200 || answer.status === 201) {
    return { ...visit, state: "sent", server: answer.body, errors: null, problem: null };
  }
  if (answer.status === 409 || answer.status === 412) {
    return { ...visit, state: "conflict", problem: answer.body };
  }
  if (answer.status === 422 || answer.status === 400) {
    return { ...visit, state: "invalid", problem: answer.body, errors: answer.body?.errors || {} };
  }
  if (answer.status === 401) {
    pausedForSignIn = true;
    setTimeout(askToSignIn, 0);
    return { ...visit, state: "signin" };
  }
  const retryAfter = Number(answer.headers.get("Retry-After")) * 1000 || 0;
  return {
    ...visit,
    attempts: visit.attempts + 1,
    nextAt: Date.now() + Math.max(retryAfter, wait(visit.attempts)),
  };
}

export async function flush() {
  if (flushing || pausedForSignIn) return;
  flushing = true;
  try {
    let soonest = null;
    for (const visit of await visits.all()) {
      if (visit.state !== "waiting") continue;
      if (visit.nextAt > Date.now()) {
        soonest = Math.min(soonest ?? Infinity, visit.nextAt);
        continue;
      }
      const after = await sendOne(visit);
      await visits.put(after);
      changed();
      if (after.state === "waiting") soonest = Math.min(soonest ?? Infinity, after.nextAt);
      if (pausedForSignIn) break;
    }
    if (soonest !== null) later(Math.max(soonest - Date.now(), 500));
  } finally {
    flushing = false;
  }
}

// After a new sign-in: what waited for it goes again.
export async function resume() {
  pausedForSignIn = false;
  for (const visit of await visits.all()) {
    if (visit.state === "signin") await visits.put({ ...visit, state: "waiting", nextAt: 0 });
  }
  changed();
  flush();
}

export async function unsent() {
  return (await visits.all()).filter((visit) => visit.state !== "sent");
}

export function start() {
  window.addEventListener("online", async () => {
    // Back online: whatever was waiting goes now, not at the end of its backoff.
    for (const visit of await visits.all()) {
      if (visit.state === "waiting") await visits.put({ ...visit, nextAt: 0 });
    }
    flush();
  });
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") flush();
  });
  flush();
}
