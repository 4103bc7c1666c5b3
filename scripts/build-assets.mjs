// Builds the front-end assets into static/build/ (Django's STATICFILES_DIRS).
//
//   static/src/scss/portal.scss                      -> css/portal.css (compressed)
//   node_modules/govuk-frontend/.../all.bundle.js    -> js/govuk-frontend.js
//   static/src/js/*.js                               -> js/
//   static/src/images/*                              -> images/
//
// Run with `npm run build`. Works offline: everything comes from node_modules
// and static/src. static/build/ is generated and is not committed.

import { existsSync } from "node:fs";
import { copyFile, mkdir, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const src = join(root, "static", "src");
const out = join(root, "static", "build");
const nodeModules = join(root, "node_modules");
const govukBundle = join(nodeModules, "govuk-frontend", "dist", "govuk", "all.bundle.js");

async function buildCss() {
  const result = await sass.compileAsync(join(src, "scss", "portal.scss"), {
    loadPaths: [nodeModules],
    style: "compressed",
    sourceMap: false,
  });
  await mkdir(join(out, "css"), { recursive: true });
  await writeFile(join(out, "css", "portal.css"), result.css);
  return result.css;
}

// The CSS must not load web fonts, and every url() must be a file we ship
// (Django's manifest storage fails collectstatic on a missing one).
async function checkCss(css) {
  if (/@font-face|GDS Transport/.test(css)) {
    throw new Error("portal.css declares a web font; keep to the system font stack");
  }
  for (const [, raw] of css.matchAll(/url\(\s*["']?([^"')]+)["']?\s*\)/g)) {
    if (/^(data:|#)/.test(raw)) continue;
    const target = resolve(join(out, "css"), raw.split(/[?#]/)[0]);
    if (!target.startsWith(out) || !existsSync(target)) {
      throw new Error(`portal.css refers to ${raw}, which the build does not ship`);
    }
  }
}

async function copyJs() {
  await mkdir(join(out, "js"), { recursive: true });
  // The bundle ends with a sourceMappingURL comment for a map we do not ship;
  // Django's manifest storage would fail collectstatic trying to hash it.
  const bundle = await readFile(govukBundle, "utf8");
  const withoutMap = bundle.replace(/\n?\/\/# sourceMappingURL=\S+\s*$/, "\n");
  await writeFile(join(out, "js", "govuk-frontend.js"), withoutMap);
  for (const name of await readdir(join(src, "js"))) {
    await copyFile(join(src, "js", name), join(out, "js", name));
  }
}

async function copyImages() {
  const from = join(src, "images");
  await mkdir(join(out, "images"), { recursive: true });
  for (const name of await readdir(from)) {
    await copyFile(join(from, name), join(out, "images", name));
  }
}

const started = Date.now();
await rm(out, { recursive: true, force: true });
const [css] = await Promise.all([buildCss(), copyJs(), copyImages()]);
await checkCss(css);
console.log(`Built static/build in ${Date.now() - started} ms`);
