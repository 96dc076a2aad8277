// The field app: boots, knows who is signed in (GET /me, kept for offline use), shows the
// screens each role may use, and routes by the address's #fragment.
import { get, Offline, onConfirmationNeeded, onSignInNeeded, signOut } from "./api.js";
import { flush, onOutboxChange, resume, start as startOutbox, unsent } from "./outbox.js";
import { kept, wipe } from "./store.js";
import { announce, h, notice, screen } from "./ui.js";
import * as account from "./screens/account.js";
import * as checklists from "./screens/checklists.js";
import * as manager from "./screens/manager.js";
import * as issues from "./screens/issues.js";
import * as visitor from "./screens/visitor.js";
import * as visitForm from "./screens/visit_form.js";
import * as viewer from "./screens/viewer.js";

export const session = { me: null };

const has = (...roles) => roles.some((role) => session.me?.roles.includes(role));

// Each screen: its address, its name in the menu, who may open it, and how it is drawn.
const SCREENS = [
  { path: "home", label: "Home", roles: ["visitor"], draw: visitor.home },
  { path: "visit", label: "Record a visit", roles: ["visitor"], draw: visitForm.draw, menu: false },
  { path: "visits", label: "My visits", roles: ["visitor"], draw: visitor.myVisits },
  { path: "slots", label: "Open slots", roles: ["visitor"], draw: visitor.openSlots },
  { path: "calendar", label: "Calendar", roles: ["visitor"], draw: visitor.calendar },
  { path: "hours", label: "My hours", roles: ["visitor"], draw: visitor.hours },
  { path: "coverage", label: "Coverage", roles: ["manager"], draw: manager.coverage },
  { path: "uncovered", label: "This week", roles: ["manager"], draw: manager.thisWeek },
  { path: "plans", label: "Plans", roles: ["manager"], draw: manager.plans },
  { path: "claims", label: "Claims", roles: ["manager"], draw: manager.claims },
  { path: "issues", label: "Issues", roles: ["manager", "inspector", "visitor"], draw: issues.board },
  { path: "people", label: "People", roles: ["manager"], draw: manager.people },
  { path: "targets", label: "Targets", roles: ["manager"], draw: manager.targets },
  { path: "checklists", label: "Checklists", roles: ["manager"], draw: checklists.checklists },
  { path: "notifications", label: "Notifications", roles: ["manager", "inspector", "visitor"], draw: issues.notifications },
  { path: "stats", label: "Statistics", roles: ["viewer", "manager"], draw: viewer.stats },
  { path: "person", label: "Person", roles: ["manager"], draw: manager.person, menu: false },
  { path: "security", label: "Security", roles: null, draw: account.security },
];

// The pages of the emailed links and the forgotten-password form: open signed in or not.
const LINK_PAGES = {
  invite: (token) => account.acceptInvitation(token, signedIn),
  reset: (token) => account.resetPassword(token, signedIn),
  forgot: () => account.forgottenPassword(),
};

function allowed(screen) {
  return screen.roles === null || has(...screen.roles);
}

function firstScreen() {
  for (const role of ["visitor", "manager", "inspector", "viewer"]) {
    if (has(role)) {
      return { visitor: "home", manager: "coverage", inspector: "issues", viewer: "stats" }[role];
    }
  }
  return "notifications";
}

export function go(path) {
  if (location.hash === `#/${path}`) route();
  else location.hash = `#/${path}`;
}

function drawNav(current) {
  const nav = document.getElementById("nav");
  const list = h("ul");
  for (const item of SCREENS.filter((screen) => allowed(screen) && screen.menu !== false)) {
    list.append(
      h(
        "li",
        {},
        h("a", { href: `#/${item.path}`, "aria-current": item.path === current ? "page" : null }, item.label),
      ),
    );
  }
  list.append(h("li", {}, h("button", { type: "button", class: "link", onclick: confirmSignOut }, "Sign out")));
  nav.replaceChildren(list);
  nav.hidden = false;
}

// Screens draw asynchronously (they wait for the network), so one left behind may still be
// drawing when the next opens. Each route gets a fresh <main> and its own `screen()`: a draw
// that is no longer the current one writes into a <main> no longer shown, never over the next.
let routeCount = 0;

function freshMain() {
  const old = document.getElementById("main");
  const main = old.cloneNode(false);
  main.removeAttribute("aria-busy");
  old.replaceWith(main);
  return main;
}

async function route() {
  const token = ++routeCount;
  const live = () => token === routeCount;
  const [linkPage, linkToken] = location.hash.replace(/^#\//, "").split("/");
  const main = freshMain();
  if (LINK_PAGES[linkPage]) {
    main.dataset.screen = linkPage;
    return LINK_PAGES[linkPage](linkToken || "");
  }
  if (!session.me) return drawSignIn();
  const [path, ...rest] = (location.hash.replace(/^#\//, "") || firstScreen()).split("/");
  const target = SCREENS.find((screen) => screen.path === path && allowed(screen));
  if (!target) return go(firstScreen());
  drawNav(path);
  main.setAttribute("aria-busy", "true");
  main.dataset.screen = path;
  const ownScreen = (title, ...children) => (live() ? screen(title, ...children) : h("main", {}, h("h1", {}, title), ...children));
  try {
    await target.draw({ me: session.me, args: rest, go, screen: ownScreen });
  } catch (error) {
    if (error instanceof Offline) {
      main.append(notice("You are offline: this screen needs the network.", "error"));
    } else {
      throw error;
    }
  } finally {
    main.removeAttribute("aria-busy");
  }
}

function drawSignIn(message) {
  document.getElementById("main").dataset.screen = "sign-in";
  account.signInScreen({ message }, signedIn);
}

// The sign-in's answer (`user`, `second_factor`): a manager whose scheme requires an
// authenticator app they have not set up is sent to set it up.
async function signedIn(answer) {
  session.me = answer.user;
  await kept.put("me", session.me);
  announce(`Signed in as ${session.me.name}`);
  await resume();
  const factor = answer.second_factor || {};
  const wanted = location.hash.replace(/^#\//, "");
  if (factor.required && !factor.enrolled) return go("security");
  if (!wanted || LINK_PAGES[wanted.split("/")[0]]) {
    history.replaceState(null, "", "/");
    return go(firstScreen());
  }
  return go(wanted);
}

async function confirmSignOut() {
  const waiting = await unsent();
  const main = document.getElementById("main");
  if (waiting.length) {
    const drafts = waiting.filter((visit) => visit.state === "draft").length;
    const others = waiting.length - drafts;
    screen(
      "Sign out?",
      notice(
        `Not yet sent: ${others} visit${others === 1 ? "" : "s"} waiting or needing attention, ` +
          `${drafts} draft${drafts === 1 ? "" : "s"}. Signing out deletes everything kept on this ` +
          "phone, and they would be lost. Send them first (go online and open My visits).",
        "error",
      ),
      h("a", { href: "#/visits", class: "button primary" }, "Open my visits"),
    );
    return main;
  }
  await signOut();
  await wipe();
  session.me = null;
  if (navigator.serviceWorker) {
    for (const registration of await navigator.serviceWorker.getRegistrations()) {
      await registration.unregister();
    }
  }
  announce("Signed out");
  history.replaceState(null, "", "/");
  drawSignIn("You are signed out. Nothing of yours is kept on this device.");
  return main;
}

function showConnection() {
  const status = document.getElementById("connection");
  status.textContent = navigator.onLine ? "" : "Offline: visits are kept on this phone";
  status.classList.toggle("offline", !navigator.onLine);
}

async function whoAmI() {
  try {
    const answer = await get("/me", { quiet: true });
    if (answer.ok) {
      await kept.put("me", answer.body);
      return answer.body;
    }
    return null;
  } catch (error) {
    if (!(error instanceof Offline)) throw error;
    return (await kept.get("me")) ?? null;
  }
}

async function boot() {
  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(() => {});
  }
  showConnection();
  window.addEventListener("online", showConnection);
  window.addEventListener("offline", showConnection);
  onConfirmationNeeded(account.confirmDialog);
  onSignInNeeded(() => {
    if (!session.me) return;
    drawSignIn("Your sign-in has ended: sign in again to carry on. Nothing you recorded is lost.");
  });
  onOutboxChange(() => {
    if (["#/home", "#/visits"].includes(location.hash)) route();
  });
  window.addEventListener("hashchange", route);
  session.me = await whoAmI();
  startOutbox();
  await route();
  flush();
}

boot();
