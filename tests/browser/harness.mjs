// @ts-check
// What the browser test scripts share: a static server on 127.0.0.1, headless
// Chromium through playwright-core, a record of requests leaving the origin,
// named checks with the closing "N passed, N failed" line, and how much of a
// canvas is drawn.
import { chromium } from "playwright-core";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { serve } from "./serve.mjs";

export const root = fileURLToPath(new URL("../..", import.meta.url));

/**
 * Serves the repository (or the folder `served`) and launches Chromium;
 * `finish(label)` closes, reports and exits.
 */
export async function start(profile, served = root) {
  const server = await serve(served);
  const origin = `http://127.0.0.1:${server.address().port}`;
  const context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), profile)), {
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    acceptDownloads: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  const foreign = [];
  context.on("request", (r) => {
    const u = r.url();
    if (!u.startsWith(origin) && !u.startsWith("data:") && !u.startsWith("blob:")) foreign.push(u);
  });
  let passed = 0;
  let failed = 0;
  const check = async (name, fn) => {
    try {
      await fn();
      passed++;
      console.log(`ok   ${name}`);
    } catch (e) {
      failed++;
      console.log(`FAIL ${name}: ${e.message}`);
    }
  };
  // With a label, the closing "label: N passed, N failed" line of a test script.
  const finish = async (label) => {
    await context.close();
    server.close();
    if (label) console.log(`${label}: ${passed} passed, ${failed} failed`);
    process.exit(failed ? 1 : 0);
  };
  return { origin, context, foreign, check, finish };
}

export function assert(cond, msg) { if (!cond) throw new Error(msg); }

/** The share of a canvas's pixels that are not (near) white. */
export const ink = (page, selector) => page.$eval(selector, (c) => {
  const data = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
  let n = 0;
  for (let i = 0; i < data.length; i += 4) if (data[i] < 200 || data[i + 1] < 200 || data[i + 2] < 200) n++;
  return n / (c.width * c.height);
});
