// Signing in (with a code from an authenticator app when the person uses one), the pages of
// the emailed links (accept an invitation, choose a new password), asking for a link when the
// password is forgotten, the Security screen (set up or stop using an authenticator app), and
// the dialog that confirms it is you before a sensitive change.
import { get, Offline, post, postPublic, remove, SECOND_FACTOR_REQUIRED, signIn } from "../api.js";
import { announce, field, h, notice, problemText, refusal, screen } from "../ui.js";

export const PASSWORD_RULES =
  "At least 10 characters (up to 256). It must not contain your email address or be one of the passwords most often leaked.";
const CODE_HINT =
  "The 6-digit code your authenticator app shows now. Lost your phone? Type one of your recovery codes instead.";

async function offlineSafe(action, status) {
  try {
    return await action();
  } catch (error) {
    if (!(error instanceof Offline)) throw error;
    status.replaceChildren(notice("You are offline: this needs the network.", "error"));
    return null;
  }
}

function passwordInput(name = "new-password") {
  return h("input", { type: "password", name, autocomplete: "new-password", required: true, maxlength: "256" });
}

function codeInput() {
  return h("input", {
    type: "text",
    name: "code",
    autocomplete: "one-time-code",
    autocapitalize: "none",
    spellcheck: "false",
    required: true,
    maxlength: "64",
  });
}

// The sign-in screen. `onSignedIn(body)` gets the session's answer (`user`, `second_factor`).
// Someone with an authenticator app is asked for its code after a right password.
export function signInScreen({ message, email: knownEmail = "", password: knownPassword = "", needCode = false, codeDetail } = {}, onSignedIn) {
  document.getElementById("nav").hidden = true;
  const email = h("input", { type: "email", name: "email", autocomplete: "username", required: true, value: knownEmail });
  const password = h("input", { type: "password", name: "password", autocomplete: "current-password", required: true });
  password.value = knownPassword;
  const code = codeInput();
  const codeField = field("Code from your authenticator app", code, { hint: CODE_HINT, field: "code" });
  const credentials = h("div", {}, field("Email", email), field("Password", password));
  const status = h("div", { class: "messages" });
  let askingCode = needCode;
  function showStep() {
    credentials.hidden = askingCode;
    codeField.hidden = !askingCode;
    code.required = askingCode;
    if (askingCode) code.focus();
  }
  const form = h(
    "form",
    {
      class: "stack",
      onsubmit: async (event) => {
        event.preventDefault();
        status.replaceChildren();
        const answer = await offlineSafe(() => signIn(email.value.trim(), password.value, askingCode ? code.value.trim() : undefined), status);
        if (!answer) return;
        if (answer.ok) {
          await onSignedIn(answer.body);
          return;
        }
        if (answer.status === 401 && answer.body?.type === SECOND_FACTOR_REQUIRED) {
          if (askingCode) status.append(notice(answer.body.detail, "error"));
          askingCode = true;
          code.value = "";
          showStep();
          return;
        }
        status.append(notice(answer.status === 429 ? refusal(answer) : answer.body?.detail || "Signing in did not work.", "error"));
        if (!askingCode) {
          password.value = "";
          password.focus();
        }
      },
    },
    message ? notice(message, "warning") : null,
    codeDetail ? notice(codeDetail, "info") : null,
    credentials,
    codeField,
    h("button", { type: "submit", class: "primary" }, "Sign in"),
    status,
  );
  screen("Sign in", form, h("p", {}, h("a", { href: "#/forgot" }, "Forgotten your password?")));
  showStep();
}

// After choosing a password by a link: sign in with it at once (the code step if need be).
async function signInAfterLink(email, password, onSignedIn, done) {
  const answer = await signIn(email, password).catch(() => null);
  if (answer?.ok) return onSignedIn(answer.body);
  const needCode = answer?.status === 401 && answer.body?.type === SECOND_FACTOR_REQUIRED;
  history.replaceState(null, "", "/");
  return signInScreen({ message: done, email, password: needCode ? password : "", needCode }, onSignedIn);
}

function linkPage({ title, intro, endpoint, token, button, done, usedLink }, onSignedIn) {
  document.getElementById("nav").hidden = true;
  const password = passwordInput();
  const again = passwordInput("new-password-again");
  const status = h("div", { class: "messages" });
  const form = h(
    "form",
    {
      class: "stack",
      onsubmit: async (event) => {
        event.preventDefault();
        status.replaceChildren();
        password.removeAttribute("aria-invalid");
        if (password.value !== again.value) {
          again.setAttribute("aria-invalid", "true");
          status.append(notice("The two passwords are not the same.", "error"));
          return;
        }
        again.removeAttribute("aria-invalid");
        const answer = await offlineSafe(() => postPublic(endpoint, { token, password: password.value }), status);
        if (!answer) return;
        if (answer.ok) {
          announce(done);
          await signInAfterLink(answer.body.email, password.value, onSignedIn, done);
          return;
        }
        const errors = answer.body?.errors || {};
        if (errors.token) {
          status.append(notice(`${[].concat(errors.token).join(" ")} ${usedLink}`, "error"));
        } else if (errors.password) {
          password.setAttribute("aria-invalid", "true");
          status.append(notice([].concat(errors.password).join(" "), "error"));
          password.focus();
        } else {
          status.append(notice(refusal(answer), "error"));
        }
      },
    },
    h("p", {}, intro),
    field("New password", password, { hint: PASSWORD_RULES, field: "password" }),
    field("The same password again", again),
    h("button", { type: "submit", class: "primary" }, button),
    status,
  );
  screen(title, form);
}

export function acceptInvitation(token, onSignedIn) {
  linkPage(
    {
      title: "Choose your password",
      intro: "You were invited to the ICV field app. Choose the password you will sign in with.",
      endpoint: "/auth/invitation/accept",
      token,
      button: "Save password and sign in",
      done: "Your password is saved.",
      usedLink: "Ask your scheme manager to send you a new invitation.",
    },
    onSignedIn,
  );
}

export function resetPassword(token, onSignedIn) {
  linkPage(
    {
      title: "Choose a new password",
      intro: "Choose a new password. Every other device signed in as you will be signed out.",
      endpoint: "/auth/password-reset/confirm",
      token,
      button: "Save password and sign in",
      done: "Your new password is saved.",
      usedLink: "Ask for a new link on the Forgotten password page.",
    },
    onSignedIn,
  );
}

export function forgottenPassword() {
  document.getElementById("nav").hidden = true;
  const email = h("input", { type: "email", name: "email", autocomplete: "username", required: true });
  const status = h("div", { role: "status" });
  const form = h(
    "form",
    {
      class: "stack",
      onsubmit: async (event) => {
        event.preventDefault();
        status.replaceChildren();
        const answer = await offlineSafe(() => postPublic("/auth/password-reset", { email: email.value.trim() }), status);
        if (!answer) return;
        if (answer.ok) {
          status.append(notice(answer.body.detail, "success"));
        } else {
          status.append(notice(refusal(answer), "error"));
        }
      },
    },
    h("p", {}, "Give the email address you sign in with. We email you a link to choose a new password."),
    field("Email", email),
    h("button", { type: "submit", class: "primary" }, "Email me a link"),
    status,
  );
  screen("Forgotten password", form, h("p", {}, h("a", { href: "#/" }, "Back to signing in")));
}

// The dialog asking for the password or a code before a sensitive change (see api.js).
export function confirmDialog(detail) {
  return new Promise((resolve) => {
    const titleId = "confirm-title";
    const secret = h("input", { type: "password", name: "confirm-password", autocomplete: "current-password", required: true });
    const useCode = h("input", { type: "checkbox", id: "confirm-with-code", name: "with-code" });
    const label = h("label", { for: "confirm-secret" }, "Your password");
    const hint = h("p", { class: "hint", id: "confirm-secret-hint" }, "The password you sign in with.");
    secret.id = "confirm-secret";
    secret.setAttribute("aria-describedby", "confirm-secret-hint");
    useCode.addEventListener("change", () => {
      label.textContent = useCode.checked ? "Code from your authenticator app" : "Your password";
      hint.textContent = useCode.checked ? CODE_HINT : "The password you sign in with.";
      secret.type = useCode.checked ? "text" : "password";
      secret.autocomplete = useCode.checked ? "one-time-code" : "current-password";
      secret.value = "";
      secret.focus();
    });
    const status = h("div", { class: "messages" });
    const dialog = h("dialog", { class: "confirm", "aria-labelledby": titleId });
    let confirmed = false;
    const close = () => dialog.close();
    dialog.addEventListener("close", () => {
      dialog.remove();
      resolve(confirmed);
    });
    dialog.append(
      h(
        "form",
        {
          class: "stack",
          onsubmit: async (event) => {
            event.preventDefault();
            status.replaceChildren();
            const proof = useCode.checked ? { code: secret.value.trim() } : { password: secret.value };
            const answer = await offlineSafe(() => post("/auth/confirm", proof), status);
            if (!answer) return;
            if (answer.ok) {
              confirmed = true;
              announce("Confirmed");
              close();
              return;
            }
            status.append(notice(refusal(answer), "error"));
            secret.value = "";
            secret.focus();
          },
        },
        h("h2", { id: titleId }, "Confirm it is you"),
        h("p", {}, "This change needs you to confirm it is you. It then goes ahead; for the next 5 minutes you will not be asked again."),
        h("div", { class: "field" }, label, hint, secret),
        h("div", { class: "check" }, useCode, h("label", { for: useCode.id }, "Use a code from my authenticator app instead")),
        h("button", { type: "submit", class: "primary" }, "Confirm"),
        h("button", { type: "button", onclick: close }, "Cancel"),
        status,
      ),
    );
    if (detail) dialog.dataset.detail = detail;
    document.body.append(dialog);
    dialog.showModal();
    secret.focus();
  });
}

function recoveryCodes(codes, onSaved) {
  return h(
    "section",
    { class: "card", "aria-labelledby": "recovery-title" },
    h("h2", { id: "recovery-title" }, "Your recovery codes"),
    notice("Write these down or keep them in your password manager now: they are shown this once. Each works once instead of a code, if you lose your phone. Any codes you had before no longer work.", "warning"),
    h("ol", { class: "codes" }, codes.map((code) => h("li", {}, h("code", {}, code)))),
    h("button", { type: "button", class: "primary", onclick: onSaved }, "I have saved them"),
  );
}

async function enrolment(area, redraw) {
  const status = h("div", { class: "messages" });
  area.replaceChildren(status);
  const started = await post("/me/second-factor");
  if (!started.ok) {
    status.append(notice(refusal(started), "error"));
    return;
  }
  const { qr_svg: qr, secret } = started.body;
  const code = h("input", { type: "text", name: "code", inputmode: "numeric", autocomplete: "one-time-code", required: true, maxlength: "64" });
  const form = h(
    "form",
    {
      class: "stack",
      onsubmit: async (event) => {
        event.preventDefault();
        status.replaceChildren();
        const answer = await post("/me/second-factor/confirm", { code: code.value.trim() });
        if (!answer.ok) {
          code.setAttribute("aria-invalid", "true");
          status.append(notice(refusal(answer), "error"));
          code.focus();
          return;
        }
        announce("Authenticator app set up");
        area.replaceChildren(recoveryCodes(answer.body.recovery_codes, redraw));
        area.querySelector("h2").setAttribute("tabindex", "-1");
        area.querySelector("h2").focus();
      },
    },
    h("ol", { class: "steps" },
      h("li", {}, "Open your authenticator app (Google Authenticator, Aegis, 1Password...) and add an account."),
      h("li", {}, "Scan this QR code, or type the key below by hand."),
      h("li", {}, "Type the 6-digit code the app then shows.")),
    h("img", { src: qr, alt: "QR code to scan with your authenticator app", class: "qr", width: "220", height: "220" }),
    h("p", {}, "Key to type by hand: ", h("code", { class: "secret", "data-secret": secret }, secret.match(/.{1,4}/g).join(" "))),
    field("Code from the app", code, { field: "code" }),
    h("button", { type: "submit", class: "primary" }, "Turn on"),
    status,
  );
  area.replaceChildren(form);
}

// Security: everyone's own sign-in. Set up an authenticator app (or stop using it).
export async function security({ me }) {
  const area = h("div");
  const main = screen("Security", area);
  async function draw() {
    const answer = await get("/me/second-factor");
    if (!answer.ok) {
      area.replaceChildren(notice(problemText(answer.body), "error"));
      return;
    }
    const { enrolled, required, recovery_codes_left: left } = answer.body;
    const status = h("div", { class: "messages" });
    if (enrolled) {
      area.replaceChildren(
        notice(`Signing in as ${me.email} needs a code from your authenticator app.`, "success"),
        h("p", {}, `${left} recovery code${left === 1 ? "" : "s"} left.`),
        left <= 3 ? notice("Few recovery codes left: get ten new ones below.", "warning") : null,
        required ? h("p", { class: "muted" }, "Your scheme requires managers to use one.") : null,
        h(
          "button",
          {
            type: "button",
            onclick: async () => {
              status.replaceChildren();
              const renewed = await post("/me/second-factor/recovery-codes");
              if (!renewed.ok) {
                status.append(notice(refusal(renewed), "error"));
                return;
              }
              announce("New recovery codes: the old ones no longer work");
              area.replaceChildren(recoveryCodes(renewed.body.recovery_codes, draw));
              area.querySelector("h2").setAttribute("tabindex", "-1");
              area.querySelector("h2").focus();
            },
          },
          "Get new recovery codes",
        ),
        h(
          "button",
          {
            type: "button",
            class: "remove",
            onclick: async () => {
              status.replaceChildren();
              const removed = await remove("/me/second-factor");
              if (!removed.ok) {
                status.append(notice(refusal(removed), "error"));
                return;
              }
              announce("Authenticator app removed");
              await draw();
            },
          },
          "Stop using the authenticator app",
        ),
        status,
      );
      return;
    }
    area.replaceChildren(
      required
        ? notice("Your scheme requires managers to use an authenticator app. Set one up now: until you do, changes that need you to confirm it is you are refused.", "warning")
        : h("p", {}, "Protect your sign-in with a second step: a code from an authenticator app on your phone, asked after your password."),
      h("button", { type: "button", class: "primary", onclick: () => enrolment(area, draw) }, "Set up an authenticator app"),
    );
  }
  await draw();
  return main;
}
