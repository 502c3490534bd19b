// @ts-check
// Focused embeds and classroom links: reading the link options that shape a
// page (controls=, lock=, caption=, embed=, base=), and building what the
// explorer's embed builder hands out (the embed's URL, the <iframe> with its
// resize script, the static fallback as HTML and Markdown). Pure functions of
// their arguments, so the Node and browser tests can call them; the page
// (app.js) owns the state and the DOM.

/** The longest caption a link may carry, in characters; a longer one is cut and the cut reported. */
export const CAPTION_MAX = 200;
/** The longest base URL kept. */
const BASE_MAX = 500;

/**
 * The link options of a page, as read from its hash. `controls` is null when
 * the link names none (every slider shows); `base` is "" for the page's own
 * address.
 * @typedef {{ embed: string, controls: string[] | null, lock: boolean, caption: string, base: string }} EmbedOptions
 */

/** @returns {EmbedOptions} */
export const noOptions = () => ({ embed: "", controls: null, lock: false, caption: "", base: "" });

/**
 * Reads one link option into `out`. False when `key` is not an option or its
 * value is not one (the caller names it as ignored); a value kept in part
 * (unknown keys in controls=, a caption cut to its limit) adds a sentence
 * to `notes`.
 * @param {string} key
 * @param {string} text
 * @param {EmbedOptions} out
 * @param {{ figures: string[], controls: string[] }} allowed the figure keys, and the keys controls= may name
 * @param {string[]} notes
 */
export function readOption(key, text, out, allowed, notes) {
  if (key === "embed") {
    if (!allowed.figures.includes(text)) return false;
    out.embed = text;
  } else if (key === "controls") {
    const asked = text.split(",").map((k) => k.trim()).filter((k) => k !== "");
    const unknown = asked.filter((k) => !allowed.controls.includes(k));
    out.controls = allowed.controls.filter((k) => asked.includes(k));
    if (unknown.length) notes.push(`Ignored from controls=: ${unknown.map(cut).join(", ")} (not a parameter of the explorer).`);
  } else if (key === "lock") {
    if (text !== "1" && text !== "0") return false;
    out.lock = text === "1";
  } else if (key === "caption") {
    const chars = [...text];
    out.caption = chars.slice(0, CAPTION_MAX).join("");
    if (chars.length > CAPTION_MAX) notes.push(`The caption was cut to its first ${CAPTION_MAX} characters.`);
  } else if (key === "base") {
    const base = baseUrl(text);
    if (base === null) return false;
    out.base = base;
  } else return false;
  return true;
}

/** @param {string} k */
const cut = (k) => (k.length > 40 ? k.slice(0, 40) + "…" : k);

/**
 * A base URL as kept: an absolute http(s) address, without its hash; null
 * for anything else (javascript:, a relative path, a data: URL, too long).
 * @param {string} text
 * @returns {string | null}
 */
export function baseUrl(text) {
  if (text.length > BASE_MAX) return null;
  let u;
  try { u = new URL(text); } catch { return null; }
  if (u.protocol !== "http:" && u.protocol !== "https:") return null;
  u.hash = "";
  return u.href;
}

/**
 * Whether a URL's host is this machine (127.0.0.0/8, localhost, [::1],
 * 0.0.0.0): an address no student can open.
 * @param {string} href
 */
export function isLoopback(href) {
  let host;
  try { host = new URL(href).hostname; } catch { return false; }
  return host === "localhost" || host.endsWith(".localhost") || host === "[::1]" || host === "0.0.0.0" ||
    /^127(\.\d{1,3}){3}$/.test(host);
}

/**
 * The link fields of the options, to follow the state's own fields in a
 * hash. The base is not among them: it is where the page is, not what it shows.
 * @param {EmbedOptions} o
 * @returns {[string, string][]}
 */
export function optionFields(o) {
  /** @type {[string, string][]} */
  const out = [];
  if (o.embed) out.push(["embed", o.embed]);
  if (o.controls !== null) out.push(["controls", o.controls.join(",")]);
  if (o.lock) out.push(["lock", "1"]);
  if (o.caption) out.push(["caption", o.caption]);
  return out;
}

/**
 * An address with a hash of fields ("#k=v&…", URLSearchParams encoding).
 * @param {string} base the page's address, without hash
 * @param {Iterable<[string, unknown]>} fields
 */
export function urlOf(base, fields) {
  const q = new URLSearchParams();
  for (const [k, v] of fields) q.set(k, String(v));
  return base.replace(/#.*$/s, "") + "#" + q.toString();
}

/** Text for an HTML attribute or element, with the five special characters escaped. @param {string} s */
export const escapeHtml = (s) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");

/**
 * The builder's choices.
 * @typedef {{ figure: string, title: string, controls: string[], lock: boolean, caption: string, width: number | null, base: string }} Choice
 * `width` null: fit the column.
 */

/**
 * The addresses of an embed: `src` the focused embed, `live` the full
 * explorer at the same state (neither embed nor controls, lock, caption).
 * @param {Choice} c
 * @param {[string, unknown][]} stateFields the state's own fields (parameters, law, layers…)
 */
export function embedUrls(c, stateFields) {
  const options = { embed: c.figure, controls: c.controls, lock: c.lock, caption: c.caption.slice(0, CAPTION_MAX), base: "" };
  return { src: urlOf(c.base, [...stateFields, ...optionFields(options)]), live: urlOf(c.base, stateFields) };
}

/**
 * The first height of an embed, before its page reports its own: a 16:10
 * figure, a row per slider, the caption and the link, at `width` px.
 * @param {number} width
 * @param {number} sliders
 * @param {boolean} caption
 */
export const firstHeight = (width, sliders, caption) => Math.round(width * 10 / 16 + 78 * sliders + (caption ? 48 : 0) + 40);

/**
 * The script that sets each embed's height to the one its page posts
 * ({ type: "w2s-height", height, frame }); it matches the message to the
 * iframe whose window sent it, so two embeds on a page each get their own.
 */
export const RESIZE_SCRIPT = `<script>
addEventListener("message", function (e) {
  var d = e.data;
  if (!d || d.type !== "w2s-height" || typeof d.height !== "number") return;
  document.querySelectorAll("iframe[data-w2s]").forEach(function (f) {
    if (f.contentWindow === e.source) f.style.height = Math.ceil(d.height) + "px";
  });
});
</script>`;

/**
 * The <iframe> of an embed and its resize script.
 * @param {Choice} c
 * @param {string} src from `embedUrls`
 * @param {string} name the iframe's name, posted back with its height
 */
export function iframeSnippet(c, src, name) {
  const w = c.width ?? 720;
  const size = c.width === null ? "width:100%" : `width:${w}px;max-width:100%`;
  const h = firstHeight(w, c.controls.length, c.caption !== "");
  return `<iframe src="${escapeHtml(src)}" name="${escapeHtml(name)}" data-w2s title="${escapeHtml("W2S explorer: " + c.title)}" ` +
    `loading="lazy" style="border:0;${size};aspect-ratio:${w}/${h}"></iframe>\n${RESIZE_SCRIPT}`;
}

/**
 * The static fallback, for a platform that strips iframes and scripts: the
 * figure as an SVG image linking to the live page, as HTML (the SVG inline
 * as a data: URL) and as a Markdown line (the SVG as a file put beside the page).
 * @param {string} svg the figure, from the core's `svg`
 * @param {string} alt the figure in words
 * @param {string} live the full explorer at the same state
 * @param {string} file the name the SVG is downloaded as
 * @param {string} caption
 */
export function staticSnippets(svg, alt, live, file, caption) {
  const data = "data:image/svg+xml," + encodeURIComponent(svg);
  const cap = caption ? `<figcaption>${escapeHtml(caption)}</figcaption>` : "";
  const html = `<figure><a href="${escapeHtml(live)}"><img src="${data}" alt="${escapeHtml(alt)}" style="max-width:100%;height:auto"></a>` +
    `${cap}<p><a href="${escapeHtml(live)}">Open it live in the W2S explorer</a></p></figure>`;
  const md = `[![${alt.replace(/[[\]\\]/g, "\\$&").replace(/\s+/g, " ")}](${file})](${live.replace(/\)/g, "%29")})`;
  return { html, md, data };
}

// ---- the page side: a focused page, and the builder's panel ----

/**
 * Shapes a page by its link options, once its controls and figures are
 * built. controls=: only those controls show (the others are hidden); lock=1:
 * the other ways to change a parameter go too (the scenario menu, Reset, and
 * the law menu unless controls= names law). With embed=, the listed controls
 * move under the one figure, with the caption and a link to the full page;
 * everything else is hidden (style.css, body.embed).
 * @param {EmbedOptions} o
 * @param {() => string} fullLink the full explorer at the current state
 * @returns {() => void} updates the "open in the W2S explorer" link
 */
export function shapePage(o, fullLink) {
  const controls = /** @type {HTMLElement[]} */ ([...document.querySelectorAll("#controls .control[data-key], #control-law")]);
  const keyOf = (/** @type {HTMLElement} */ el) => (el.id === "control-law" ? "law" : el.dataset.key ?? "");
  const listed = controls.filter((el) => o.controls?.includes(keyOf(el)));
  if (o.controls !== null) {
    for (const el of controls) if (!listed.includes(el)) el.hidden = true;
    document.querySelectorAll("#controls details").forEach((d) => {
      if (!d.querySelector(".control[data-key]:not([hidden])")) /** @type {HTMLElement} */ (d).hidden = true;
    });
  }
  if (o.lock) {
    for (const id of ["preset", "reset"]) document.getElementById(id)?.setAttribute("hidden", "");
    document.querySelector('label[for="preset"]')?.setAttribute("hidden", "");
    if (!o.controls?.includes("law")) document.getElementById("control-law")?.setAttribute("hidden", "");
  }
  const figure = document.getElementById("fig-" + (o.embed || "eta-u"))?.closest("figure");
  if (o.caption && figure) {
    const p = document.createElement("p");
    p.className = "w2s-caption";
    p.textContent = o.caption; // text, never markup
    figure.appendChild(p);
  }
  if (!o.embed || !figure) return () => {};
  return embedParts(figure, o.controls === null ? [] : listed, fullLink);
}

/**
 * The embed's sliders and its link under the figure, and its height posted
 * to the parent page whenever it changes.
 * @param {Element} figure
 * @param {HTMLElement[]} listed
 * @param {() => string} fullLink
 */
function embedParts(figure, listed, fullLink) {
  const box = document.createElement("div");
  box.id = "embed-sliders";
  box.setAttribute("aria-label", "Parameters");
  for (const el of listed) box.appendChild(el);
  figure.appendChild(box);
  const p = document.createElement("p");
  p.className = "open-full";
  const a = document.createElement("a");
  a.textContent = "open in the W2S explorer";
  a.target = "_blank";
  a.rel = "noopener";
  p.appendChild(a);
  figure.appendChild(p);
  const follow = () => { a.href = fullLink(); };
  a.addEventListener("pointerdown", follow);
  a.addEventListener("focus", follow);
  follow();
  if (window.parent !== window) {
    let last = -1;
    new ResizeObserver(() => {
      const height = Math.ceil(document.body.getBoundingClientRect().height);
      if (height === last) return;
      last = height;
      window.parent.postMessage({ type: "w2s-height", height, frame: window.name }, "*");
    }).observe(document.body);
  }
  return follow;
}

/**
 * What the builder needs of its page.
 * @typedef {object} BuilderPage
 * @property {Record<string, string>} titles figure key → title
 * @property {{ key: string, label: string }[]} params the parameter controls, in page order
 * @property {() => [string, unknown][]} stateFields the committed state's fields
 * @property {(figure: string) => string} svg the figure at the committed state, as SVG
 * @property {(figure: string) => string} describe the figure in words
 * @property {string} pageUrl the page's own address, without hash
 * @property {() => string} base the base URL in the link ("" for the page's own)
 * @property {(base: string) => void} setBase keeps a base URL in the link
 * @property {(text: string, what: string) => void} copy
 */

/** @param {string} id */
const el = (id) => /** @type {any} */ (document.getElementById(id));

/**
 * Wires the builder's panel (index.html's #embed-builder): it is rebuilt
 * from the form and the committed state while it is on screen.
 * @param {BuilderPage} page
 * @returns {{ refresh: () => void }} call after a committed change
 */
export function wireBuilder(page) {
  el("embed-pick").insertAdjacentHTML("beforeend", [...page.params, { key: "law", label: "law of the group features" }].map((p) =>
    `<label class="check"><input type="checkbox" value="${escapeHtml(p.key)}"> ${escapeHtml(p.label)} <code>${escapeHtml(p.key)}</code></label>`).join(""));
  el("embed-base").value = page.base() || page.pageUrl;
  let visible = false;
  let timer = 0;
  const refresh = () => { if (visible) { clearTimeout(timer); timer = setTimeout(() => build(page), 250); } };
  new IntersectionObserver(([e]) => { visible = e.isIntersecting; if (visible) build(page); }).observe(el("embed-builder"));
  el("embed-builder").addEventListener("input", (/** @type {Event} */ e) => {
    if (/** @type {HTMLElement} */ (e.target).id === "embed-base") return;
    el("embed-width").disabled = el("embed-width-mode").value === "fit";
    build(page);
  });
  el("embed-base").addEventListener("change", () => setBase(page));
  el("open-embed").addEventListener("click", () => { el("embed-builder").scrollIntoView(); el("embed-figure").focus(); });
  /** @type {[string, string][]} */
  const copies = [["copy-embed", "embed-code"], ["copy-static", "embed-static"], ["copy-md", "embed-md"], ["copy-live", "embed-live"], ["copy-class", "embed-class"]];
  for (const [button, from] of copies) {
    el(button).addEventListener("click", () => { build(page); page.copy(el(from).value, el(button).textContent.replace(/^Copy /, "")); });
  }
  el("embed-svg").addEventListener("click", () => download(page));
  addEventListener("message", (e) => {
    const preview = el("embed-preview");
    if (e.source === preview.contentWindow && e.data?.type === "w2s-height") preview.style.height = Math.ceil(e.data.height) + "px";
  });
  return { refresh };
}

/** The base URL typed, checked: kept in the link when valid, refused in words when not. @param {BuilderPage} page */
function setBase(page) {
  const text = el("embed-base").value.trim();
  const base = baseUrl(text === "" ? page.pageUrl : text);
  el("embed-base-error").textContent = base === null
    ? `base = ${text.slice(0, 60)} is refused: the address must be an absolute http:// or https:// URL` : "";
  if (base === null) return;
  el("embed-base").value = base;
  page.setBase(base === page.pageUrl ? "" : base);
  build(page);
}

/** The builder's choices as the form holds them. @param {BuilderPage} page @returns {Choice} */
export function choiceOf(page) {
  const figure = el("embed-figure").value;
  const controls = [.../** @type {NodeListOf<HTMLInputElement>} */ (document.querySelectorAll("#embed-pick input:checked"))].map((i) => i.value);
  const width = el("embed-width-mode").value === "fit" ? null : Math.min(1600, Math.max(240, Number(el("embed-width").value) || 720));
  return { figure, title: page.titles[figure] ?? figure, controls, lock: el("embed-lock").checked,
    caption: el("embed-caption").value.slice(0, CAPTION_MAX), width, base: page.base() || page.pageUrl };
}

/** Writes the snippets, the preview and the warning from the form and the state. @param {BuilderPage} page */
function build(page) {
  const c = choiceOf(page);
  const fields = page.stateFields();
  const { src, live } = embedUrls(c, fields);
  el("embed-code").value = iframeSnippet(c, src, "w2s-" + c.figure);
  const file = `w2s-${c.figure}.svg`;
  const s = staticSnippets(page.svg(c.figure), page.describe(c.figure), live, file, c.caption);
  el("embed-static").value = s.html;
  el("embed-md").value = s.md;
  el("embed-live").value = live;
  el("embed-class").value = urlOf(c.base, [...fields, ...optionFields({ embed: "", controls: c.controls.length ? c.controls : null,
    lock: c.lock, caption: c.caption, base: "" })]);
  const shown = previewSrc(src, c.base, page.pageUrl);
  showPreview(c.width, shown, shown === src);
  const warn = el("embed-warning");
  warn.hidden = !isLoopback(c.base);
  warn.textContent = warn.hidden ? "" : `${new URL(c.base).host} is this computer: no student can open an embed that points there. ` +
    "Type the address where the site will be hosted (README: Putting it on the web).";
}

/**
 * The preview's address: the snippet's own when the base is this page's
 * origin; otherwise the same link on this page's own address, since a page
 * loads nothing from the network (the note under the preview says so).
 * @param {string} src
 * @param {string} base
 * @param {string} pageUrl
 */
export function previewSrc(src, base, pageUrl) {
  if (new URL(base).origin === new URL(pageUrl).origin) return src;
  return pageUrl + src.slice(src.indexOf("#"));
}

let previewTimer = 0;
/**
 * Loads the preview, a moment after the last change (each load starts a
 * page). A new iframe each time: a changed hash alone would be a same-page
 * navigation, which keeps the options the embed was loaded with.
 * @param {number | null} width
 * @param {string} src
 * @param {boolean} same whether it is the snippet's own address
 */
function showPreview(width, src, same) {
  const old = el("embed-preview");
  old.style.width = width === null ? "100%" : `${width}px`;
  el("embed-preview-note").textContent = same ? ""
    : `The preview runs on this copy (${src.slice(0, src.indexOf("#"))}): the snippet's address is not loaded from here.`;
  clearTimeout(previewTimer);
  if (old.getAttribute("src") === src) return;
  previewTimer = setTimeout(() => {
    const f = /** @type {HTMLIFrameElement} */ (old.cloneNode(false));
    f.setAttribute("src", src);
    old.replaceWith(f);
  }, 300);
}

/** The figure's SVG as a file. @param {BuilderPage} page */
function download(page) {
  const figure = el("embed-figure").value;
  const a = document.createElement("a");
  a.href = URL.createObjectURL(new Blob([page.svg(figure)], { type: "image/svg+xml" }));
  a.download = `w2s-${figure}.svg`;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}
