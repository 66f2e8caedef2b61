// Builds ../LlmPages/wwwroot/dist/{app.js,app.css}. Run with `npm run build`.
// Output is deterministic: no sourcemaps, no timestamps, no absolute paths.
import * as esbuild from "esbuild";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";

const root = dirname(fileURLToPath(import.meta.url));
process.chdir(root); // keep any path esbuild may print relative to this folder

const common = {
  bundle: true,
  minify: true,
  sourcemap: false,
  legalComments: "none",
  charset: "utf8",
  logLevel: "info",
  absWorkingDir: root,
  outdir: join(root, "../LlmPages/wwwroot/dist"),
};

await Promise.all([
  esbuild.build({
    ...common,
    entryPoints: { app: "src/app.js" },
    format: "iife", // a classic script: use <script src defer> (also fine as type=module)
    platform: "browser",
    target: "es2020",
  }),
  esbuild.build({
    ...common,
    entryPoints: { app: "src/app.css" },
    // Baseline browsers that support <dialog>, :focus-visible and CSS nesting-free syntax.
    target: ["chrome109", "firefox115", "safari15.4", "edge109"],
  }),
]);
