// Checks WCAG 2.x contrast of the colour token pairs in src/app.css, for the
// light (:root) and dark (@media (prefers-color-scheme: dark) :root) themes.
// Usage: node check-contrast.mjs   (exits 1 if any pair fails)
import { readFileSync } from "node:fs";

const css = readFileSync(new URL("./src/app.css", import.meta.url), "utf8");

function tokens(block) {
  const out = {};
  for (const m of block.matchAll(/--([\w-]+):\s*(#[0-9a-f]{6})\s*;/gi)) out[m[1]] = m[2];
  return out;
}
const light = tokens(css.slice(css.indexOf(":root {"), css.indexOf("@media (prefers-color-scheme: dark)")));
const darkStart = css.indexOf("@media (prefers-color-scheme: dark)");
const dark = { ...light, ...tokens(css.slice(darkStart, css.indexOf("\n}\n", darkStart))) };

function luminance(hex) {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
function ratio(a, b) {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
}

const TEXT = 4.5, UI = 3;
const grounds = ["bg", "surface", "surface-muted", "surface-sunken"];
const pairs = [];
const add = (fgs, bgs, min, why) => {
  for (const fg of [].concat(fgs)) for (const bg of [].concat(bgs)) pairs.push([fg, bg, min, why]);
};

add(["text", "text-muted", "link"], [...grounds, "user-msg", "code-bg"], TEXT, "body text, muted text, links");
add("text", ["accent-subtle", "danger-subtle", "success-subtle", "warning-subtle", "info-subtle"], TEXT, "text on tints");
add("text", "mark", TEXT, "search words marked in history snippets and titles");
add("link-hover", grounds, TEXT, "hovered link");
add("on-accent", ["accent", "accent-hover"], TEXT, "primary button, skip link, current page");
add("on-danger", ["danger", "danger-hover"], TEXT, "danger button");
add("danger-text", ["bg", "surface", "danger-subtle"], TEXT, "field error, error alert title/badge");
add("success-text", ["bg", "surface", "success-subtle"], TEXT, "success alert/badge");
add("warning-text", ["bg", "surface", "warning-subtle"], TEXT, "warning alert/badge");
add("info-text", ["bg", "surface", "info-subtle"], TEXT, "info alert title");
add(["syn-keyword", "syn-string", "syn-comment", "syn-number", "syn-type", "syn-function", "syn-tag"], "code-bg", TEXT, "syntax colours");
add("border-strong", [...grounds], UI, "control borders");
add("focus", [...grounds, "user-msg", "code-bg", "accent-subtle"], UI, "focus ring");
add("danger-text", ["bg", "surface"], UI, "invalid control border");
add("accent", ["surface-muted", "accent-subtle", "surface"], UI, "current-page bar, streaming caret");

const key = (n) => (n.startsWith("syn-") ? n : `color-${n}`);
let failed = 0;
for (const [name, t] of [["light", light], ["dark", dark]]) {
  console.log(`\n${name} theme`);
  for (const [fg, bg, min, why] of pairs) {
    const [f, b] = [t[key(fg)], t[key(bg)]];
    if (!f || !b) { console.log(`  MISSING --${key(fg)} / --${key(bg)}`); failed++; continue; }
    const r = ratio(f, b);
    const ok = r >= min;
    if (!ok) failed++;
    console.log(`  ${ok ? "ok  " : "FAIL"} ${r.toFixed(2).padStart(5)}:1 (>= ${min})  ${fg} ${f} on ${bg} ${b}  — ${why}`);
  }
}
console.log(failed ? `\n${failed} pair(s) below WCAG AA` : "\nAll pairs meet WCAG AA");
process.exit(failed ? 1 : 0);
