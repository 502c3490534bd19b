// @ts-check
// Two rules for www/ (www/*.js, www/**/*.js; part of ./build.sh test).
// Function length: no function, method or arrow function may run over MAX
// lines, from the line its body opens on to the line it closes on, so a page
// script stays a list of small named steps. Names across the wasm boundary:
// no script reads a core result by position (`out[12]`): every export that
// returns several numbers names them (readoutNames() and its kin). Parses with TypeScript's parser (a dev
// dependency already, for the type check). Prints each offender as
// file:line: name (N lines) and exits non-zero if there is any not on the
// allow-list, or an allow-list entry that no longer offends.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const MAX = 80;
/** @type {Map<string, string[]>} */
// The page's own tuples and lists that are read by position, by file: the
// text of the read, and why it is not a core result.
const BY_POSITION = new Map([
  // a canvas's [width, height] from CanvasBoxes and the page's address without its hash
  ["www/app.js", ["box[0]", "box[1]", 'split("#")[0]']],
  // the first of the core's jobs is the default job (the Lab trait says so)
  ["www/lab.js", ["JOBS[0]"]],
]);
// Functions allowed over MAX, as "file:name", each with why. Empty: every
// function in www/ is within MAX today; an entry goes when its function is cut.
/** @type {Set<string>} */
const ALLOWED = new Set([]);

const root = fileURLToPath(new URL("..", import.meta.url));

/** @param {string} dir @returns {string[]} */
function jsFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return jsFiles(p);
    return e.name.endsWith(".js") ? [p] : [];
  });
}

/** The name a function is known by: its own, or that of what it is assigned to. */
function nameOf(/** @type {ts.Node} */ node, /** @type {ts.SourceFile} */ file) {
  const named = /** @type {{ name?: ts.Node }} */ (node).name;
  if (named) return named.getText(file);
  const p = node.parent;
  if (p && (ts.isVariableDeclaration(p) || ts.isPropertyAssignment(p) || ts.isPropertyDeclaration(p))) return p.name.getText(file);
  if (p && ts.isBinaryExpression(p)) return p.left.getText(file);
  if (p && ts.isCallExpression(p)) return `(callback of ${p.expression.getText(file).slice(0, 40)})`;
  return "(anonymous)";
}

/** Every function in a file longer than MAX lines: [line, name, lines]. */
export function longFunctions(/** @type {string} */ path, /** @type {string} */ text, max = MAX) {
  const file = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  /** @type {[number, string, number][]} */
  const found = [];
  const visit = (/** @type {ts.Node} */ node) => {
    if (ts.isFunctionLike(node) && "body" in node && node.body) {
      const body = /** @type {ts.Node} */ (node.body);
      const first = file.getLineAndCharacterOfPosition(body.getStart(file)).line;
      const last = file.getLineAndCharacterOfPosition(body.getEnd()).line;
      const lines = last - first + 1;
      if (lines > max) found.push([file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1, nameOf(node, file), lines]);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  // First, that the check can fail: a parser that found no functions would pass every file.
  const long = Array.from({ length: MAX }, (_, i) => `  x += ${i};`).join("\n");
  const probe = longFunctions("probe.js", `function f() {\n${long}\n}\nconst g = () => {\n${long}\n};\nclass C { m() {\n${long}\n} }\nconst h = () => 1;`);
  if (probe.map(([, name]) => name).join() !== "f,g,m") {
    console.error(`the function-length check does not see long functions: ${JSON.stringify(probe)}`);
    process.exit(2);
  }
  let bad = 0;
  const seen = new Set();
  for (const path of jsFiles(join(root, "www"))) {
    const rel = relative(root, path);
    for (const [line, name, lines] of longFunctions(rel, readFileSync(path, "utf8"))) {
      const id = `${rel}:${name}`;
      seen.add(id);
      const allowed = ALLOWED.has(id);
      if (!allowed) bad++;
      console.log(`${rel}:${line}: ${name} (${lines} lines, over ${MAX})${allowed ? " [allowed]" : ""}`);
    }
  }
  // A value read by position: any `name[<digit>]`. The core's results are
  // read by name, so only the page's own tuples and lists may be indexed,
  // and each such read is listed in BY_POSITION with its reason.
  for (const path of jsFiles(join(root, "www"))) {
    const rel = relative(root, path);
    readFileSync(path, "utf8").split("\n").forEach((line, i) => {
      const reads = [...line.matchAll(/[\w$\])]\[\s*\d+\s*\]/g)].map((m) => m[0]);
      const unexplained = reads.filter((r) => !(BY_POSITION.get(rel) ?? []).some((ok) => line.includes(ok) && ok.endsWith(r.slice(1))));
      if (unexplained.length || /\bderived\s*\(/.test(line)) {
        bad++;
        console.log(`${rel}:${i + 1}: read by position (read the core's results by name; list a page's own tuple in BY_POSITION): ${line.trim().slice(0, 100)}`);
      }
    });
  }
  for (const id of ALLOWED) {
    if (!seen.has(id)) { bad++; console.log(`${id}: on the allow-list but no longer over ${MAX} lines: take it off`); }
  }
  if (bad > 0) process.exit(1);
  console.log(`lint: every function in www/ is within ${MAX} lines, and no script reads a core result by position`);
}
