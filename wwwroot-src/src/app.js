// LlmPages front-end entry point: htmx, the SSE extension, and our small enhancements.
// Every page works without this file; these are progressive enhancements only.
// No inline handlers, eval or hx-on: the site runs under `script-src 'self'`.

// htmx's ESM build assigns window.htmx as it evaluates. hx-sse.js refers to the
// global `htmx`, and ES imports evaluate in order, so htmx must be imported first.
import "htmx.org";
import "htmx.org/dist/ext/hx-sse.js";

const doc = document;

// Lets CSS show controls that only work with JS (e.g. flash dismiss buttons).
doc.documentElement.classList.add("js");

const main = () => doc.getElementById("main");

// --- Focus management after boosted navigation -----------------------------
// A boosted link/form replaces the whole <body> without a page load, so screen
// readers announce nothing and keyboard focus is lost. Move focus to <main> as a
// real navigation would, but only for whole-page swaps (boosted, or htmx's own
// history restore), never for partial updates the user is working in.
doc.addEventListener("htmx:after:swap", (e) => {
  const ctx = e.detail && e.detail.ctx;
  const headers = (ctx && ctx.request && ctx.request.headers) || {};
  const pageSwap =
    ctx && ctx.target === doc.body &&
    (headers["HX-Boosted"] === "true" || headers["HX-History-Restore-Request"] === "true");
  const m = main();
  if (!pageSwap || !m) return;
  // Respect an [autofocus] field that htmx already focused in the new content.
  if (m.contains(doc.activeElement) && doc.activeElement !== m) return;
  // A form that came back with errors: take the user to the summary of them.
  const summary = doc.getElementById("error-summary");
  if (summary && m.contains(summary)) {
    summary.focus();
    return;
  }
  // The browser runs autofocus only once per document: honour it for swapped-in pages too.
  const auto = m.querySelector("[autofocus]");
  if (auto) {
    auto.focus();
    return;
  }
  // htmx already scrolled to the top (or to the #anchor); don't jump again.
  m.focus({ preventScroll: true });
});

// --- Confirmation for destructive forms -------------------------------------
// <form data-confirm="Delete provider “X”?" [data-confirm-action="Delete"]>, or the
// same attributes on one submit button of a form with several actions.
// We intercept submit in the capture phase on window, before htmx's own listener
// on the form, and re-submit with requestSubmit() so htmx (or the browser) then
// handles it exactly like the original submit, including the submitter's name/value.
// [data-confirm-field="confirmed"]: the confirmed submit also sends confirmed=true, so
// a server that shows its own confirmation page to browsers without JavaScript can
// skip it for one that has already asked.
let dialog, dialogText, dialogCancel, dialogConfirm, pending, confirmed;

// Tiny element builder; avoids innerHTML so it also works under Trusted Types.
function el(tag, props, ...children) {
  const node = Object.assign(doc.createElement(tag), props);
  node.append(...children);
  return node;
}

function buildDialog() {
  dialogText = el("p", { id: "confirm-dialog-text" });
  dialogCancel = el("button", { type: "button", className: "btn btn--secondary", value: "cancel" }, "Cancel");
  dialogConfirm = el("button", { type: "button", className: "btn btn--danger", value: "confirm" });
  dialog = el(
    "dialog",
    { className: "dialog" },
    el("h2", { className: "dialog__title", id: "confirm-dialog-title" }, "Please confirm"),
    dialogText,
    el("div", { className: "dialog__actions" }, dialogCancel, dialogConfirm)
  );
  dialog.setAttribute("aria-labelledby", "confirm-dialog-title");
  dialog.setAttribute("aria-describedby", "confirm-dialog-text");
  // Both buttons just close with their value; "close" below decides what to do.
  // Escape fires "cancel" then "close" with an empty returnValue, i.e. cancels.
  dialog.addEventListener("click", (e) => {
    const b = e.target.closest("button");
    if (b) dialog.close(b.value);
  });
  dialog.addEventListener("close", () => {
    const { form, submitter, asker } = pending;
    pending = null;
    // Return focus to what the user activated, as the dialog pattern requires.
    const back = submitter || form.querySelector("[type=submit], button:not([type])");
    if (back && back.isConnected) back.focus();
    if (dialog.returnValue === "confirm" && form.isConnected) {
      const field = asker.getAttribute("data-confirm-field");
      const marker = field ? el("input", { type: "hidden", name: field, value: "true" }) : null;
      if (marker) form.append(marker);
      confirmed = form;
      form.requestSubmit(submitter && submitter.form === form ? submitter : null);
      confirmed = null; // submit fires synchronously; clear even if validation blocked it
      if (marker) marker.remove(); // htmx and the browser read the form during that submit
    }
  });
  doc.body.append(dialog);
}

window.addEventListener(
  "submit",
  (e) => {
    const form = e.target;
    if (!(form instanceof HTMLFormElement)) return;
    const asker = e.submitter && e.submitter.hasAttribute("data-confirm") ? e.submitter
      : form.hasAttribute("data-confirm") ? form : null;
    if (!asker) return;
    if (confirmed === form) {
      confirmed = null; // our own re-submit: let it through
      return;
    }
    e.preventDefault();
    e.stopImmediatePropagation(); // keep htmx from sending the request
    // Boosted navigation replaces <body>, taking a previously built dialog with it.
    if (!dialog || !dialog.isConnected) buildDialog();
    if (dialog.open) return;
    pending = { form, submitter: e.submitter, asker };
    dialogText.textContent = asker.getAttribute("data-confirm");
    dialogConfirm.textContent = asker.getAttribute("data-confirm-action") || "Confirm";
    dialog.returnValue = "";
    dialog.showModal();
    // Cancel is the safe default for a destructive action.
    dialogCancel.focus();
  },
  true
);

// --- Dismissible flash messages ---------------------------------------------
doc.addEventListener("click", (e) => {
  const btn = e.target.closest && e.target.closest(".flash [data-dismiss]");
  if (!btn) return;
  const alert = btn.closest(".alert") || btn.parentElement;
  alert.hidden = true;
  // The focused button just vanished; don't leave keyboard focus on <body>.
  const m = main();
  if (m) m.focus({ preventScroll: true });
});

// --- Chat composer ----------------------------------------------------------
// Enter sends (Shift+Enter for a new line) or Ctrl+Enter sends (Enter for a new
// line), as the person chose in their settings; after htmx sent a message, the
// box is emptied and focused for the next one.
doc.addEventListener("keydown", (e) => {
  const box = e.target;
  if (e.key !== "Enter" || e.shiftKey || e.isComposing || !(box instanceof HTMLTextAreaElement)) return;
  const form = box.closest("form#composer");
  if (!form) return;
  const withCtrl = e.ctrlKey || e.metaKey;
  if (form.dataset.sendWithEnter === "true" ? withCtrl || e.altKey : !withCtrl) return;
  e.preventDefault();
  if (box.value.trim()) form.requestSubmit();
});

// A send's answer is the new turn (HTML), errors beside the composer, or, in one round trip, an event stream of
// the turn (for a new chat, the chat's page, morphed into <main>) and then its reply's text. htmx never raises after:request for a stream; its request ends (finally)
// once the turn is in the page, as the composer's hx-config asks (sse.releaseOn:first), while the reply streams on.
const isEventStream = (ctx) => !!ctx?.response?.headers?.get("Content-Type")?.includes("text/event-stream");
doc.addEventListener("htmx:after:request", (e) => {
  if (!isEventStream(e.detail.ctx)) afterSend(e.detail.ctx);
});
doc.addEventListener("htmx:finally:request", (e) => {
  if (isEventStream(e.detail.ctx)) afterSend(e.detail.ctx);
});

function afterSend(ctx) {
  const form = ctx && ctx.sourceElement;
  if (!(form instanceof HTMLFormElement) || form.id !== "composer") return;
  const ok = ctx.response && ctx.response.status < 300 && !ctx.response.raw?.headers?.get("HX-Retarget");
  // Look the box up again: a page swapped in may have brought its own.
  const box = doc.getElementById("Input_Text");
  if (ok && box) box.value = "";
  if (box) box.focus();
  const last = doc.querySelector("#thread > article:last-of-type");
  if (ok && last) last.scrollIntoView({ block: "nearest" });
}

// --- One history entry per answer -------------------------------------------
// htmx updates the history on every swap of an answer, and an event stream is swapped once per event: a new
// chat's send (HX-Push-Url: the chat's address) would push the same address again for each piece of its reply.
// The first push moves to the chat; a push of the address already shown adds nothing (as a browser's own
// navigation to the same address replaces its entry) and is dropped.
doc.addEventListener("htmx:before:history:update", (e) => {
  const { type, path } = e.detail.history;
  if (type === "push" && path === location.pathname + location.search) e.preventDefault();
});

// --- Focus that a swap would drop --------------------------------------------
// When a swap removes the focused element (the Stop button goes when its reply
// ends and is replaced by the finished reply), keyboard focus would fall to
// <body>. Put it in the message box instead, where the person most likely goes next.
let focusedBeforeSwap = null;
doc.addEventListener("htmx:before:swap", () => {
  focusedBeforeSwap = doc.activeElement;
});
doc.addEventListener("htmx:after:swap", () => {
  const was = focusedBeforeSwap;
  focusedBeforeSwap = null;
  if (!was || was === doc.body || was.isConnected) return;
  if (doc.activeElement && doc.activeElement !== doc.body) return;
  const target = doc.getElementById("Input_Text") || main();
  if (target) target.focus({ preventScroll: true });
});

// --- How a reply ended, in the status region ---------------------------------
// An answer that draws a reply finished brings how it ended as <span data-announce> into #chat-status (role=status)
// (ThreadMessage.EndAnnouncement).
// The region is emptied, then given the text in a later task: a screen reader hears a change, even when the text
// repeats the last announcement (the previous reply's "The reply is complete."), which a swap in one go may not be.
doc.addEventListener("htmx:after:swap", () => {
  const region = doc.getElementById("chat-status");
  const note = region && region.querySelector("[data-announce]");
  if (!note) return;
  const text = note.dataset.announce;
  region.textContent = "";
  setTimeout(() => {
    region.textContent = text;
  }, 50);
});
