// @ts-check
// Writes the static site: the pages (index.html and every www/*.html, at
// their own names so links and bookmarks work) and everything they load,
// found by following their references: scripts (ES imports, dynamic
// import(), `new URL("…", import.meta.url)` for workers and the wasm),
// styles and the wasm, each under a name carrying a hash of its content.
// Hashes are computed bottom-up: a file's references are rewritten to the
// hashed names of its dependencies before it is hashed itself, so a new
// wasm changes the name of pkg/w2s.js, of the workers and modules that load
// it, and so on up to the pages: a new release is never mixed with a cached
// old file. Then every reference in the output is checked: relative, and
// pointing at a file that is there.
// Usage: node tools/dist.mjs [OUT]       write the site into OUT (default dist)
//        node tools/dist.mjs --check OUT check a written site only
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, posix, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const TEXT = new Set([".html", ".js", ".mjs", ".css"]);
/** Schemes a reference may carry: nothing is fetched from elsewhere. */
const INLINE = /^(data|blob|mailto):/i;

/**
 * A reference inside a file: the text between `start` and `end` is the URL.
 * `load` is false for a hyperlink (`<a href>`), which may leave the site.
 * @typedef {{ start: number, end: number, url: string, load: boolean }} Ref
 */

class DistError extends Error {}

/** @param {string} file a path relative to the root, with "/" */
const ext = (file) => posix.extname(file).toLowerCase();

/**
 * The references of a script: static and dynamic imports, re-exports and
 * `new URL(literal, import.meta.url)`. A computed specifier cannot be
 * followed, so it is refused rather than left to break in a browser.
 * @param {string} text
 * @param {string} file for messages
 * @param {number} [offset] where the script starts in its file (inline scripts)
 * @returns {Ref[]}
 */
export function scriptRefs(text, file, offset = 0) {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  /** @type {Ref[]} */
  const refs = [];
  const literal = (/** @type {ts.Node | undefined} */ node, /** @type {string} */ what) => {
    if (node && ts.isStringLiteralLike(node)) {
      refs.push({ start: offset + node.getStart() + 1, end: offset + node.getEnd() - 1, url: node.text, load: true });
      return;
    }
    const { line } = source.getLineAndCharacterOfPosition(node?.getStart() ?? 0);
    throw new DistError(`${file}:${line + 1}: ${what} with a computed URL cannot be followed; use a string literal`);
  };
  const isMetaUrl = (/** @type {ts.Node | undefined} */ n) => n !== undefined && ts.isPropertyAccessExpression(n)
    && ts.isMetaProperty(n.expression) && n.name.text === "url";
  /** @param {ts.Node} node */
  const visit = (node) => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier) {
      literal(node.moduleSpecifier, "an import");
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      literal(node.arguments[0], "import()");
    } else if (ts.isNewExpression(node) && ts.isIdentifier(node.expression)) {
      const [first, second] = node.arguments ?? [];
      if (node.expression.text === "URL" && isMetaUrl(second)) literal(first, "new URL(…, import.meta.url)");
      // A string given to new Worker() resolves against the page, not the module.
      if (/^(Shared)?Worker$/.test(node.expression.text) && first && ts.isStringLiteralLike(first)) {
        throw new DistError(`${file}: new ${node.expression.text}("${first.text}") resolves against the page; use new URL("${first.text}", import.meta.url)`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return refs;
}

/**
 * The references of a page: src and href attributes, and the imports of
 * inline module scripts.
 * @param {string} text
 * @param {string} file
 * @returns {Ref[]}
 */
export function pageRefs(text, file) {
  /** @type {Ref[]} */
  const refs = [];
  const tag = /<([a-z][a-z0-9-]*)\b([^>]*)>/gi;
  for (const m of text.matchAll(tag)) {
    const attrs = /\s(src|href)\s*=\s*("([^"]*)"|'([^']*)')/gi;
    for (const a of m[2].matchAll(attrs)) {
      const url = a[3] ?? a[4];
      const start = (m.index ?? 0) + m[1].length + 1 + (a.index ?? 0) + a[0].length - url.length - 1;
      refs.push({ start, end: start + url.length, url, load: m[1].toLowerCase() !== "a" });
    }
  }
  for (const m of text.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/gi)) {
    if (m[1].trim()) refs.push(...scriptRefs(m[1], file, (m.index ?? 0) + m[0].indexOf(">") + 1));
  }
  return refs;
}

/** @param {string} text @returns {Ref[]} */
export function styleRefs(text) {
  /** @type {Ref[]} */
  const refs = [];
  for (const m of text.matchAll(/url\(\s*(["']?)([^"')]+)\1\s*\)|@import\s+(["'])([^"']+)\3/g)) {
    const url = m[2] ?? m[4];
    const start = (m.index ?? 0) + m[0].indexOf(url);
    refs.push({ start, end: start + url.length, url, load: true });
  }
  return refs;
}

/** @param {string} file @param {string} text @returns {Ref[]} */
function refsOf(file, text) {
  const e = ext(file);
  if (e === ".html") return pageRefs(text, file);
  if (e === ".css") return styleRefs(text);
  if (e === ".js" || e === ".mjs") return scriptRefs(text, file);
  return [];
}

/**
 * Where a reference points, relative to the root, with its query and
 * fragment; null for a fragment-only link or an inline (data:) URL. An
 * absolute URL is refused, except a hyperlink to another site.
 * @param {string} from the referring file
 * @param {Ref} ref
 * @returns {{ path: string, suffix: string } | null}
 */
function target(from, ref) {
  const url = ref.url.trim();
  if (url === "" || url.startsWith("#") || INLINE.test(url)) return null;
  if (/^[a-z][a-z0-9+.-]*:/i.test(url) || url.startsWith("//")) {
    if (!ref.load && /^https?:\/\//i.test(url) && !/^https?:\/\/(localhost|127\.|\[::1\])/i.test(url)) return null;
    throw new DistError(`${from}: "${url}" is absolute; the site must only load relative URLs`);
  }
  if (url.startsWith("/")) throw new DistError(`${from}: "${url}" is absolute from the host's root; it breaks under a sub-path`);
  const cut = url.search(/[?#]/);
  const bare = cut < 0 ? url : url.slice(0, cut);
  const path = posix.normalize(posix.join(posix.dirname(from), decodeURIComponent(bare)));
  if (path.startsWith("..")) throw new DistError(`${from}: "${url}" points outside the site`);
  return { path, suffix: cut < 0 ? "" : url.slice(cut) };
}

/** The pages: index.html and every www/*.html, whatever they are. */
function pages() {
  const www = readdirSync(join(ROOT, "www")).filter((f) => f.endsWith(".html")).sort().map((f) => `www/${f}`);
  return ["index.html", ...www];
}

/** @param {string} file @param {string} hash */
const hashedName = (file, hash) => {
  const e = posix.extname(file);
  return `${file.slice(0, file.length - e.length)}.${hash}${e}`;
};
const hashOf = (/** @type {Buffer | string} */ bytes) => createHash("sha256").update(bytes).digest("hex").slice(0, 10);

/**
 * Replaces each reference's file name by its output name, keeping the
 * directory part, the query and the fragment as written.
 * @param {string} text
 * @param {string} from
 * @param {(path: string) => string} rename the output path of a root path
 */
function rewrite(text, from, rename) {
  const refs = refsOf(from, text).sort((a, b) => b.start - a.start);
  let out = text;
  for (const ref of refs) {
    const t = target(from, ref);
    if (!t) continue;
    const renamed = rename(t.path);
    if (renamed === t.path) continue;
    const url = out.slice(ref.start, ref.end);
    const cut = url.search(/[?#]/);
    const bare = cut < 0 ? url : url.slice(0, cut);
    const slash = bare.lastIndexOf("/");
    const replaced = bare.slice(0, slash + 1) + posix.basename(renamed) + (cut < 0 ? "" : url.slice(cut));
    out = out.slice(0, ref.start) + replaced + out.slice(ref.end);
  }
  return out;
}

/**
 * Writes the site into `out` and returns its files (relative paths).
 * @param {string} out
 */
export function writeSite(out) {
  const pageList = pages();
  const isPage = new Set(pageList);
  /** @type {Map<string, string>} root path → output path */
  const done = new Map();
  /** @type {string[]} the chain of files being hashed, to name a cycle */
  const chain = [];
  /** @type {Map<string, Buffer | string>} output path → content */
  const files = new Map();

  /** @param {string} file @param {string} from */
  const read = (file, from) => {
    const abs = join(ROOT, file);
    if (!existsSync(abs) || !statSync(abs).isFile()) throw new DistError(`${from}: refers to ${file}, which does not exist (run ./build.sh build for pkg/)`);
    return readFileSync(abs);
  };
  /** The output path of a loaded file, after its dependencies' (bottom-up). */
  const emit = (/** @type {string} */ file, /** @type {string} */ from) => {
    if (isPage.has(file)) return file;
    const known = done.get(file);
    if (known) return known;
    if (chain.includes(file)) throw new DistError(`a cycle of references cannot be hashed bottom-up: ${[...chain.slice(chain.indexOf(file)), file].join(" → ")}`);
    const bytes = read(file, from);
    chain.push(file);
    const content = TEXT.has(ext(file)) ? rewrite(bytes.toString("utf8"), file, (p) => emit(p, file)) : bytes;
    chain.pop();
    const name = hashedName(file, hashOf(content));
    done.set(file, name);
    files.set(name, content);
    return name;
  };
  for (const page of pageList) {
    const text = read(page, "the page list").toString("utf8");
    files.set(page, rewrite(text, page, (p) => {
      if (p.endsWith(".html") && !isPage.has(p)) throw new DistError(`${page}: links to ${p}, which is not a page`);
      return emit(p, page);
    }));
  }
  rmSync(out, { recursive: true, force: true });
  for (const [name, content] of files) {
    mkdirSync(dirname(join(out, name)), { recursive: true });
    writeFileSync(join(out, name), content);
  }
  return [...files.keys()].sort();
}

/** @param {string} dir @param {string} [base] @returns {string[]} */
function walk(dir, base = "") {
  return readdirSync(join(dir, base), { withFileTypes: true }).flatMap((d) => {
    const rel = base ? `${base}/${d.name}` : d.name;
    return d.isDirectory() ? walk(dir, rel) : [rel];
  });
}

/**
 * The result of `fn`, or undefined with its refusal added to `problems`.
 * @template T
 * @param {string[]} problems
 * @param {() => T} fn
 */
function noted(problems, fn) {
  try {
    return fn();
  } catch (e) {
    if (!(e instanceof DistError)) throw e;
    problems.push(e.message);
    return undefined;
  }
}

/**
 * Checks a written site: every reference relative and pointing at a file
 * present, every loaded file's name carrying the hash of its content, no
 * file that nothing refers to. Returns the problems found.
 * @param {string} out
 */
export function checkSite(out) {
  const present = new Set(walk(out));
  const used = new Set(pages().filter((p) => present.has(p)));
  const problems = [];
  for (const page of pages()) if (!present.has(page)) problems.push(`${page} is missing`);
  for (const file of present) {
    const bytes = readFileSync(join(out, file));
    if (!file.endsWith(".html")) {
      const m = /\.([0-9a-f]{10})\.[a-z]+$/.exec(file);
      if (!m) problems.push(`${file} carries no content hash`);
      else if (m[1] !== hashOf(bytes)) problems.push(`${file}: the hash in its name is not the hash of its content`);
    }
    if (!TEXT.has(ext(file))) continue;
    const found = (/** @type {Ref} */ ref) => {
      const t = target(file, ref);
      if (t && !present.has(t.path)) problems.push(`${file}: "${ref.url}" points at ${t.path}, which is not in the site`);
      if (t) used.add(t.path);
    };
    for (const ref of noted(problems, () => refsOf(file, bytes.toString("utf8"))) ?? []) noted(problems, () => found(ref));
  }
  for (const file of present) if (!used.has(file)) problems.push(`${file} is in the site but nothing refers to it`);
  return problems;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const checkOnly = args[0] === "--check";
  const out = (checkOnly ? args[1] : args[0]) ?? join(ROOT, "dist");
  try {
    if (!checkOnly) {
      const written = writeSite(out);
      const bytes = written.reduce((s, f) => s + statSync(join(out, f)).size, 0);
      const shown = relative(ROOT, resolve(out)).startsWith("..") ? out : relative(ROOT, resolve(out));
      console.log(`${shown}: ${written.length} files, ${bytes} bytes`);
    }
    const problems = checkSite(out);
    for (const p of problems) console.error(`dist check: ${p}`);
    if (problems.length) process.exit(1);
  } catch (e) {
    if (!(e instanceof DistError)) throw e;
    console.error(`dist: ${e.message}`);
    process.exit(1);
  }
}
