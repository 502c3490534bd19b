// @ts-check
// Embeds in a course page, in headless Chromium: the explorer's embed builder
// writes two snippets (different figures and sliders), a course page made of
// them is loaded at 1280 px and at 375 px, and each iframe must show its one
// figure and exactly its sliders, redraw only itself when a slider moves,
// take the height its content posts, not overflow, load nothing from the
// network, and show a hostile caption as text. The builder's preview is the
// snippet's URL, its static SVG is `w2s figure`'s at the same state, and it
// warns of a loopback base URL.
// Prints "embed: N passed, N failed" and exits non-zero on any failure.
// Usage: node tests/browser/embed.test.mjs [path/to/w2s]
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { assert, ink, root, start } from "./harness.mjs";

const bin = process.argv[2] ?? join(root, "target/release/w2s");
const { origin, context, foreign, check, finish } = await start("w2s-embed-");
const HOSTILE = `<img src=x onerror="window.__pwned=1">`;

const page = await context.newPage();
await page.setViewportSize({ width: 1280, height: 900 });
const errors = [];
page.on("pageerror", (e) => errors.push(String(e)));
page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
await page.goto(`${origin}/index.html#eta-l=0.2&eta-u=0.6`);
await page.waitForFunction(() => window.__w2s?.ready && window.__w2s.draws > 0, null, { timeout: 20000 });
await page.click("#open-embed");

/**
 * Sets the builder's form and returns what it then shows.
 * @param {{ figure: string, sliders: string[], caption?: string, lock?: boolean, width?: number | "fit", base?: string }} form
 */
async function build({ figure, sliders, caption = "", lock = false, width = "fit", base = "" }) {
  await page.selectOption("#embed-figure", figure);
  await page.$$eval("#embed-pick input", (l, want) => l.forEach((i) => {
    const box = /** @type {HTMLInputElement} */ (i);
    if (box.checked !== want.includes(box.value)) box.click();
  }), sliders);
  if ((await page.isChecked("#embed-lock")) !== lock) await page.click("#embed-lock");
  await page.fill("#embed-caption", caption);
  await page.selectOption("#embed-width-mode", width === "fit" ? "fit" : "px");
  if (width !== "fit") await page.fill("#embed-width", String(width));
  if (base) { await page.fill("#embed-base", base); await page.press("#embed-base", "Enter"); await page.$eval("#embed-base", (e) => e.blur()); }
  return page.evaluate(() => ({
    code: /** @type {HTMLTextAreaElement} */ (document.getElementById("embed-code")).value,
    html: /** @type {HTMLTextAreaElement} */ (document.getElementById("embed-static")).value,
    md: /** @type {HTMLTextAreaElement} */ (document.getElementById("embed-md")).value,
    live: /** @type {HTMLInputElement} */ (document.getElementById("embed-live")).value,
    preview: document.getElementById("embed-preview")?.getAttribute("src") ?? "",
    warning: document.getElementById("embed-warning")?.hidden === false ? document.getElementById("embed-warning")?.textContent ?? "" : "",
  }));
}
const srcOf = (/** @type {string} */ code) => (code.match(/<iframe src="([^"]*)"/)?.[1] ?? "").replace(/&quot;/g, '"').replace(/&#39;/g, "'")
  .replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");

const A = { figure: "eta-u", sliders: ["eta-l", "eta-u"], caption: "Week 3: move η_u away from η_ℓ and the gain falls." };
const B = { figure: "mismatch", sliders: ["sep", "xi2", "law"], caption: HOSTILE, width: 560 };
let a = await build(A);
const b = await build(B);

/** The preview's src once it has settled (it loads 300 ms after the last change), and the page it shows. */
async function previewNow(/** @type {string} */ want) {
  await page.waitForFunction((w) => document.getElementById("embed-preview")?.getAttribute("src") === w, want, { timeout: 5000 }).catch(() => {});
  await page.waitForFunction(() => {
    const f = /** @type {HTMLIFrameElement} */ (document.getElementById("embed-preview"));
    return f.contentWindow?.__w2s?.ready && f.contentWindow.__w2s.draws > 0;
  }, null, { timeout: 20000 });
  return page.$eval("#embed-preview", (f) => [f.getAttribute("src") ?? "", /** @type {HTMLIFrameElement} */ (f).contentWindow?.location.href ?? "",
    /** @type {HTMLIFrameElement} */ (f).contentDocument?.querySelector(".w2s-caption")?.textContent ?? ""]);
}

await check("the builder's preview iframe is exactly the snippet's src, and shows that embed", async () => {
  const [src, shown, caption] = await previewNow(srcOf(b.code));
  assert(src === srcOf(b.code), `preview ${src}\nsnippet ${srcOf(b.code)}`);
  assert(shown === src && caption === HOSTILE, `the preview shows ${shown} with caption ${caption}`);
  const c = await build(A);
  const [src2, shown2] = await previewNow(srcOf(c.code));
  assert(src2 === srcOf(c.code) && shown2 === src2, `after a change: preview ${src2} vs snippet ${srcOf(c.code)}`);
  assert(await page.$eval("#embed-preview", (f) => /** @type {HTMLIFrameElement} */ (f).contentDocument?.querySelectorAll("#embed-sliders input[type=range]").length) === 2,
    "the preview does not show the two sliders");
});

await check("the snippet: title, loading=lazy, aspect ratio, resize script, and the options in its src", async () => {
  assert(/title="W2S explorer: [^"]+"/.test(b.code) && b.code.includes('loading="lazy"') && /aspect-ratio:\d+\/\d+/.test(b.code), b.code);
  assert(b.code.includes('addEventListener("message"') && b.code.includes("w2s-height"), "no resize script");
  const q = new URLSearchParams(srcOf(b.code).split("#")[1]);
  assert(q.get("embed") === "mismatch" && q.get("controls") === "sep,xi2,law" && q.get("caption") === HOSTILE && q.get("eta-u") === "0.6",
    `src fields ${[...q].join("; ")}`);
  assert(!b.code.includes("<img"), "the caption reached the snippet as markup");
  const live = new URLSearchParams(b.live.split("#")[1]);
  assert(!["embed", "controls", "lock", "caption", "base"].some((k) => live.has(k)) && live.get("eta-l") === "0.2", `live link ${b.live}`);
});

await check("a loopback base URL is warned of; https://example.org/w2s/ is not, and goes into the snippet and the page's link", async () => {
  assert(/127\.0\.0\.1/.test(a.warning) && a.warning.includes("no student"), `warning for the page's own 127.0.0.1 address: "${a.warning}"`);
  const x = await build({ ...A, base: "https://example.org/w2s/" });
  assert(x.warning === "", `warning shown for example.org: ${x.warning}`);
  // The preview loads nothing from the network: the same link on this page's own address, and a note says so.
  const [src] = await previewNow(`${origin}/index.html#${srcOf(x.code).split("#")[1]}`);
  assert(src === `${origin}/index.html#${srcOf(x.code).split("#")[1]}`, `preview for a foreign base: ${src}`);
  assert(await page.$eval("#embed-preview-note", (e) => e.textContent.includes("runs on this copy")), "no note under the preview");
  assert(srcOf(x.code).startsWith("https://example.org/w2s/#") && x.live.startsWith("https://example.org/w2s/#"), srcOf(x.code));
  assert(new URLSearchParams((await page.evaluate(() => location.hash)).slice(1)).get("base") === "https://example.org/w2s/", "base not in the URL");
  const y = await build({ ...A, base: "javascript:alert(1)" });
  assert(await page.$eval("#embed-base-error", (e) => e.textContent.includes("refused")), "a javascript: base is not refused");
  assert(srcOf(y.code).startsWith("https://example.org/w2s/#"), "a refused base changed the snippet");
  const z = await build({ ...A, base: "http://localhost:8000/" });
  assert(z.warning.includes("localhost"), `no warning for localhost: ${z.warning}`);
  a = await build({ ...A, base: `${origin}/index.html` });
});

await check("the static fallback's SVG is `w2s figure`'s at the same state (HTML with a data: URL, and Markdown)", async () => {
  const data = b.html.match(/<img src="data:image\/svg\+xml,([^"]*)"/)?.[1];
  assert(data, "no data: URL in the HTML fallback");
  const svg = decodeURIComponent(data);
  const dir = mkdtempSync(join(tmpdir(), "w2s-embed-svg-"));
  const out = join(dir, "f.svg");
  execFileSync(bin, ["figure", "mismatch", "--from-url", b.live, "--no-caption", "--out", out], { encoding: "utf8" });
  // The CLI's export paints the white background once more before the
  // figure (draw_export, then the figure's own fill): that second, identical
  // full-size white rect is the one thing removed before comparing.
  const white = '<rect x="0" y="0" width="800" height="500" opacity="1" fill="#FFFFFF" stroke="none"/>\n';
  const cli = readFileSync(out, "utf8").replace(white + white, white);
  const [pageSvg, cliSvg] = [svg, cli].map(legendAtRightEdge);
  const at = [...pageSvg].findIndex((c, i) => c !== cliSvg[i]);
  assert(svg.length > 1000 && pageSvg === cliSvg, `page SVG differs from the CLI's at char ${at}: ${pageSvg.slice(at - 80, at + 80)} | ${cliSvg.slice(at - 80, at + 80)}`);
  assert(b.html.includes(`<a href="${b.live.replace(/&/g, "&amp;")}">`), "the fallback does not link to the live page");
  assert(b.md.startsWith("[![") && b.md.endsWith(`](${b.live})`) && b.md.includes("](w2s-mismatch.svg)"), b.md);
  assert(b.html.includes("&lt;img src=x"), "the caption is not escaped in the fallback");
});

/**
 * An SVG with its legend box moved so that its left edge is at 0. The page
 * measures the legend's text with the browser's fonts and the CLI with its
 * own, so the legend box (anchored at the plot's right edge) is a few px
 * wider in one: its x positions and width are the one thing that must
 * differ. Everything from the legend's white box on is shifted left by the
 * box's x (x="…", points, the box's width), the rest is left as it is.
 * @param {string} svg
 */
function legendAtRightEdge(svg) {
  const m = svg.match(/<rect x="(\d+)" y="\d+" width="(\d+)" height="\d+" opacity="0.9" fill="#FFFFFF"/);
  if (!m || m.index === undefined) return svg;
  const dx = Number(m[1]);
  const tail = svg.slice(m.index)
    .replace(/ (c?x)="(\d+)"/g, (_, a, x) => ` ${a}="${Number(x) - dx}"`)
    .replace(/ transform="rotate\((\d+), (\d+)/g, (_, r, x) => ` transform="rotate(${r}, ${Number(x) - dx}`)
    .replace(/points="([^"]*)"/g, (_, pts) => `points="${pts.trim().split(/\s+/).map((p) => { const [x, y] = p.split(","); return `${Number(x) - dx},${y}`; }).join(" ")} "`)
    .replace(/ width="(\d+)"/g, (_, w) => ` width="${Number(w) + dx}"`);
  return svg.slice(0, m.index) + tail;
}

// The course page: two embeds from the builder's own code, same origin.
const dir = join(root, "target/embed-course");
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, "course.html"), `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Week 3</title><link rel="icon" href="data:,">
<style>body { font: 16px/1.5 serif; margin: 0 auto; max-width: 760px; padding: 1rem; }</style></head>
<body><h1>Week 3: weak-to-strong generalization</h1><p id="before">Read this, then move the sliders.</p>
${a.code}
<p>And the mismatch:</p>
${b.code}
<p id="after">End of the week.</p></body></html>`);

/** @type {[string, string, string[]][]} */
const FRAMES = [["w2s-eta-u", "fig-eta-u", ["eta-l", "eta-u"]], ["w2s-mismatch", "fig-mismatch", ["sep", "xi2"]]];

/** What a frame shows: its visible figures and the keys of its visible sliders and boxes. */
const visible = (/** @type {import("playwright-core").Frame} */ f) => f.evaluate(() => {
  const seen = (/** @type {Element} */ e) => e.checkVisibility();
  return {
    canvases: [...document.querySelectorAll("canvas")].filter(seen).map((c) => c.id),
    ranges: [...document.querySelectorAll("input[type=range]")].filter(seen).map((i) => i.id.replace(/^range-/, "")),
    boxes: [...document.querySelectorAll("input[type=number]")].filter(seen).map((i) => i.id.replace(/^num-/, "")),
    selects: [...document.querySelectorAll("select")].filter(seen).map((s) => s.id),
    buttons: [...document.querySelectorAll("button")].filter(seen).length,
    links: [...document.querySelectorAll("a")].filter(seen).map((l) => l.textContent),
    // Visible elements neither in the embedded figure nor holding it (the summary, the results…).
    outside: [...document.querySelectorAll("body *")].filter((e) => seen(e) && !e.closest("figure.embedded") &&
      !e.querySelector("figure.embedded") && e.getBoundingClientRect().height > 0).map((e) => e.id || e.tagName),
    body: Math.ceil(document.body.getBoundingClientRect().height),
    overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
  };
});

for (const width of [1280, 375]) {
  const course = await context.newPage();
  await course.setViewportSize({ width, height: 900 });
  const cerr = [];
  course.on("pageerror", (e) => cerr.push(String(e)));
  course.on("console", (m) => { if (m.type() === "error") cerr.push(m.text()); });
  await course.goto(`${origin}/target/embed-course/course.html`);
  /** @type {import("playwright-core").Frame[]} */
  const frames = [];
  for (const [name] of FRAMES) {
    await course.locator(`iframe[name="${name}"]`).scrollIntoViewIfNeeded();
    await course.waitForFunction((n) => {
      const f = /** @type {HTMLIFrameElement | null} */ (document.querySelector(`iframe[name="${n}"]`));
      const w = /** @type {any} */ (f?.contentWindow);
      return w?.__w2s?.ready && w.__w2s.draws > 0;
    }, name, { timeout: 20000 });
    const f = course.frame({ name });
    assert(f, `no frame ${name}`);
    frames.push(/** @type {import("playwright-core").Frame} */ (f));
  }

  await check(`${width} px: each iframe shows one figure and exactly its sliders and boxes, its caption and the link`, async () => {
    for (const [i, [name, canvas, keys]] of FRAMES.entries()) {
      const v = await visible(frames[i]);
      assert(v.canvases.length === 1 && v.canvases[0] === canvas, `${name}: canvases ${v.canvases}`);
      assert(await ink(frames[i], `#${canvas}`) > 0.01, `${name}: figure blank`);
      assert(JSON.stringify(v.ranges) === JSON.stringify(keys) && JSON.stringify(v.boxes) === JSON.stringify(keys), `${name}: sliders ${v.ranges}, boxes ${v.boxes}`);
      const wantSelects = name === "w2s-mismatch" ? ["law"] : [];
      assert(JSON.stringify(v.selects) === JSON.stringify(wantSelects) && v.buttons === 0, `${name}: selects ${v.selects}, ${v.buttons} buttons`);
      assert(JSON.stringify(v.links) === JSON.stringify(["open in the W2S explorer"]), `${name}: links ${v.links}`);
      assert(v.outside.length === 0, `${name}: shown outside the figure: ${v.outside.slice(0, 8)}`);
    }
    const href = await frames[0].$eval(".open-full a", (l) => { l.dispatchEvent(new Event("focus")); return /** @type {HTMLAnchorElement} */ (l).href; });
    const q = new URLSearchParams(href.split("#")[1]);
    assert(href.startsWith(`${origin}/index.html#`) && q.get("eta-l") === "0.2" && !q.has("embed") && !q.has("controls") && !q.has("caption"), href);
  });

  await check(`${width} px: a hostile caption= is shown as text, not markup`, async () => {
    const text = await frames[1].$eval(".w2s-caption", (p) => p.textContent);
    assert(text === HOSTILE, `caption ${JSON.stringify(text)}`);
    assert(await frames[1].$$eval("img", (l) => l.length) === 0, "an img element in the embed");
    assert(await frames[1].evaluate(() => /** @type {any} */ (window).__pwned) === undefined, "the caption's script ran");
    assert(await frames[0].$eval(".w2s-caption", (p) => p.textContent) === A.caption, "the first caption");
  });

  await check(`${width} px: each iframe takes its content's height (within 3 px); no horizontal overflow`, async () => {
    const deadline = Date.now() + 5000;
    let report = "";
    for (;;) {
      const diffs = [];
      for (const [i, [name]] of FRAMES.entries()) {
        const v = await visible(frames[i]);
        const h = await course.$eval(`iframe[name="${name}"]`, (f) => f.getBoundingClientRect().height);
        diffs.push([name, h, v.body, v.overflow]);
      }
      report = JSON.stringify(diffs);
      if (diffs.every(([, h, body]) => Math.abs(Number(h) - Number(body)) <= 3)) break;
      assert(Date.now() < deadline, `iframe vs content heights: ${report}`);
      await course.waitForTimeout(100);
    }
    const over = await course.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert(over <= 0, `the course page overflows by ${over} px`);
    const inner = JSON.parse(report).map((/** @type {any[]} */ d) => d[3]);
    assert(inner.every((/** @type {number} */ o) => o <= 0), `an embed overflows sideways: ${inner}`);
    const heights = JSON.parse(report).map((/** @type {any[]} */ d) => d[1]);
    assert(heights.every((/** @type {number} */ h) => h > 250), `heights ${heights}`);
  });

  await check(`${width} px: moving an embedded slider redraws that figure and nothing outside its iframe`, async () => {
    const pixels = (/** @type {import("playwright-core").Frame} */ f, /** @type {string} */ id) =>
      f.$eval(`#${id}`, (c) => /** @type {HTMLCanvasElement} */ (c).toDataURL());
    const outside = () => course.evaluate(() => document.body.innerText + [...document.querySelectorAll("iframe")].map((f) => f.style.cssText).join("|"));
    const before = [await pixels(frames[0], "fig-eta-u"), await pixels(frames[1], "fig-mismatch"), await outside()];
    const draws = await frames[0].evaluate(() => window.__w2s.draws);
    await frames[0].focus("#range-eta-u");
    for (let i = 0; i < 5; i++) await course.keyboard.press("ArrowRight");
    await frames[0].waitForFunction((d) => window.__w2s.draws > d, draws);
    await course.waitForTimeout(300);
    const after = [await pixels(frames[0], "fig-eta-u"), await pixels(frames[1], "fig-mismatch"), await outside()];
    assert(after[0] !== before[0], "the η_u embed was not redrawn");
    assert(after[1] === before[1], "the other embed changed");
    assert(after[2] === before[2], "the course page changed outside the iframes");
    assert(await frames[1].evaluate(() => window.__w2s.state?.values[window.__w2s.keys?.indexOf("eta-u") ?? -1]) === 0.6, "the other embed's state moved");
  });

  await check(`${width} px: no console errors, no request outside the origin`, async () => {
    assert(cerr.length === 0, cerr.join(" | "));
    assert(foreign.length === 0, `requests: ${foreign.join(", ")}`);
  });
  await course.close();
}

await check("controls= with unknown keys and a long caption are reported; lock=1 removes the other ways to change parameters", async () => {
  const p = await context.newPage();
  await p.goto(`${origin}/index.html#controls=eta-u,bogus,gamma&lock=1&caption=${"x".repeat(250)}`);
  await p.waitForFunction(() => window.__w2s?.ready && window.__w2s.draws > 0, null, { timeout: 20000 });
  const status = await p.$eval("#status", (e) => e.textContent);
  assert(status.includes("bogus") && status.includes("cut to its first 200"), `status: ${status}`);
  const shown = await p.$$eval("#controls input[type=range]", (l) => l.filter((e) => e.checkVisibility()).map((e) => e.id));
  assert(JSON.stringify(shown) === JSON.stringify(["range-eta-u", "range-gamma"]), `sliders ${shown}`);
  for (const id of ["#preset", "#reset", "#law"]) assert(!(await p.$eval(id, (e) => e.checkVisibility())), `${id} shown under lock=1`);
  assert((await p.$eval(".w2s-caption", (e) => e.textContent)).length === 200, "caption not cut to 200");
  await p.close();
});

await check("the explorer page: no console errors", async () => {
  assert(errors.length === 0, errors.join(" | "));
});
await finish("embed");
