// @ts-check
// The JavaScript type check (part of ./build.sh test): tsc, without emitting,
// over the three programs (the pages, the workers, the Node test scripts; see
// jsconfig.json). The configs leave checkJs off so that the generated
// pkg/w2s.js is read for its types but not itself checked, and a file is
// checked only if it starts with `// @ts-check`: so first every page and test
// script must start with it. Needs pkg/ (`./build.sh build`), the source of
// the wasm core's types. Exits non-zero on any error.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const CONFIGS = ["jsconfig.json", "jsconfig.workers.json", "tests/jsconfig.json"];
const FOLDERS = [["www", ".js"], ["www/shell", ".js"], ["tests", ".mjs"], ["tests/browser", ".mjs"], ["tests/wasm", ".mjs"]];

if (!existsSync(join(root, "pkg/w2s.js"))) {
  console.error("pkg/w2s.js is missing: run ./build.sh build first (tsc reads the wasm core's types from it)");
  process.exit(2);
}
const unchecked = FOLDERS.flatMap(([dir, ext]) => readdirSync(join(root, dir))
  .filter((f) => f.endsWith(ext))
  .map((f) => join(dir, f))
  .filter((f) => !readFileSync(join(root, f), "utf8").startsWith("// @ts-check\n")));
if (unchecked.length > 0) {
  console.error(`these files do not start with "// @ts-check", so tsc would not check them: ${unchecked.join(", ")}`);
  process.exit(1);
}
const tsc = join(root, "node_modules/.bin/tsc");
let failed = 0;
for (const config of CONFIGS) {
  try {
    execFileSync(tsc, ["-p", config, "--pretty", "false"], { cwd: root, stdio: "inherit" });
  } catch {
    failed++;
    console.error(`tsc -p ${config}: errors above`);
  }
}
if (failed > 0) process.exit(1);
console.log(`tsc: no errors (${CONFIGS.join(", ")})`);
