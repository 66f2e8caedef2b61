// Builds ../LlmPages/wwwroot/dist/{app.js,app.css}. Run with `npm run build`.
// Output is deterministic: no sourcemaps, no timestamps, no absolute paths.
import * as esbuild from "esbuild";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import { readFile } from "node:fs/promises";

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

// The dark theme's tokens are written once in app.css, for a device set to dark; a person who chose dark gets the same
// tokens on :root[data-theme="dark"], copied here at the marker so the two can never drift apart.
const darkThemeCopy = {
  name: "dark-theme-copy",
  setup(build) {
    build.onLoad({ filter: /app\.css$/ }, async (args) => {
      const css = await readFile(args.path, "utf8");
      const start = css.indexOf('  :root:not([data-theme="light"]) {');
      const end = css.indexOf("\n  }\n", start);
      const marker = "/* @dark-theme-copy */";
      if (start < 0 || end < 0 || !css.includes(marker)) throw new Error("app.css: the dark tokens or their copy marker are missing");
      const tokens = css.slice(css.indexOf("{", start) + 1, end);
      return { contents: css.replace(marker, `:root[data-theme="dark"] {${tokens}\n}`), loader: "css" };
    });
  },
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
    plugins: [darkThemeCopy],
    // Baseline browsers that support <dialog>, :focus-visible and CSS nesting-free syntax.
    target: ["chrome109", "firefox115", "safari15.4", "edge109"],
  }),
]);
