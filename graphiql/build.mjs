// Bundles the playground (GraphiQL, React and src/playground.js) into
// ../graphiql-assets/, which the service serves under /graphiql-assets/.
//
// GraphiQL's stylesheet embeds its fonts and images as data: URLs, which a
// `default-src 'self'` Content-Security-Policy refuses; they are written out
// as files next to the stylesheet so the page needs no exception in its policy.
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

import { build } from "esbuild";

const here = dirname(fileURLToPath(import.meta.url));
const outdir = join(here, "..", "graphiql-assets");
const extensions = {
  "font/woff": "woff",
  "font/woff2": "woff2",
  "image/png": "png",
  "image/svg+xml": "svg",
};

function extractDataUrls(cssFile) {
  const css = readFileSync(cssFile, "utf8");
  const pattern = /url\(\s*["']?data:([a-z0-9/+.-]+);base64,([A-Za-z0-9+/=]+)["']?\s*\)/g;
  const rewritten = css.replace(pattern, (_match, mime, data) => {
    const extension = extensions[mime];
    if (!extension) {
      throw new Error(`No file extension is known for the embedded ${mime}.`);
    }
    const bytes = Buffer.from(data, "base64");
    const name = `${createHash("sha256").update(bytes).digest("hex").slice(0, 16)}.${extension}`;
    writeFileSync(join(outdir, name), bytes);
    return `url(${name})`;
  });
  writeFileSync(cssFile, rewritten);
}

rmSync(outdir, { recursive: true, force: true });
mkdirSync(outdir, { recursive: true });
await build({
  entryPoints: { playground: join(here, "src", "playground.js") },
  bundle: true,
  minify: true,
  format: "iife",
  target: "es2020",
  outdir,
  define: { "process.env.NODE_ENV": '"production"' },
  legalComments: "linked",
  logLevel: "warning",
});
extractDataUrls(join(outdir, "playground.css"));
console.log(`GraphiQL assets built in ${outdir}`);
