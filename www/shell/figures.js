// @ts-check
// Figure panels: a caption with the title and PNG, SVG and CSV export
// buttons over a canvas `fig-KEY` the core draws on; the downloads; and the
// canvas sizes. The core's canvas backend draws in canvas pixels, so a
// canvas is sized in device pixels for sharp plots.

/**
 * Where a figure's SVG and CSV come from (the core's last drawing of it).
 * `png`, when given, draws the PNG export on `target` (a canvas of the
 * page's, sized by it) and returns the figure in words, which goes into the
 * file as its description; without it the PNG is the on-screen canvas.
 * @typedef {{ csv: (key: string) => string, svg: (key: string, canvas: HTMLCanvasElement) => string,
 *   png?: (key: string, canvas: HTMLCanvasElement, target: HTMLCanvasElement) => string }} FigureSource
 */

/**
 * A figure panel with its export buttons wired; the page appends it.
 * @param {string} key the figure's key: the canvas is `fig-KEY`, the files `w2s-KEY.png|svg|csv`
 * @param {string} title
 * @param {FigureSource} source
 * @param {string} [after] markup after the canvas (the explorer's hover readout)
 */
export function figurePanel(key, title, source, after = "") {
  const f = document.createElement("figure");
  f.innerHTML = `<figcaption><span>${title}</span><span class="exports">
    ${["png", "svg", "csv"].map((k) => `<button type="button" data-export="${k}" aria-label="Export “${title}” as ${k.toUpperCase()}">${k.toUpperCase()}</button>`).join("")}</span></figcaption>
    <canvas id="fig-${key}" role="img" aria-label="${title}"></canvas>${after}`;
  const canvas = /** @type {HTMLCanvasElement} */ (f.querySelector("canvas"));
  /** @type {NodeListOf<HTMLButtonElement>} */ (f.querySelectorAll("button[data-export]"))
    .forEach((b) => b.addEventListener("click", () => exportFigure(key, b.dataset.export ?? "", canvas, source)));
  return f;
}

/**
 * Saves one figure as a file: the canvas's pixels (png), or the core's svg or csv.
 * @param {string} key
 * @param {string} kind "png", "svg" or "csv"
 * @param {HTMLCanvasElement} canvas
 * @param {FigureSource} source
 */
export function exportFigure(key, kind, canvas, source) {
  const name = `w2s-${key}.${kind}`;
  if (kind === "csv") download(name, new Blob([source.csv(key)], { type: "text/csv" }));
  else if (kind === "svg") download(name, new Blob([source.svg(key, canvas)], { type: "image/svg+xml" }));
  else if (source.png) exportPng(name, key, canvas, source.png);
  else canvas.toBlob((b) => { if (b) download(name, b); }, "image/png");
}

/**
 * A PNG drawn for export on a canvas of its own (the core draws only on a
 * canvas in the document, found by id), with the figure in words in the file.
 * @param {string} name
 * @param {string} key
 * @param {HTMLCanvasElement} canvas
 * @param {NonNullable<FigureSource["png"]>} draw
 */
function exportPng(name, key, canvas, draw) {
  const target = document.createElement("canvas");
  target.id = "export-" + key;
  target.hidden = true;
  document.body.appendChild(target);
  try {
    const words = draw(key, canvas, target);
    target.toBlob(async (b) => {
      if (b) download(name, await withDescription(b, words));
      target.remove();
    }, "image/png");
  } catch (e) {
    target.remove();
    throw e;
  }
}

/** CRC-32 of PNG chunks (ISO 3309), table built once. */
const CRC = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

/**
 * A PNG with an iTXt "Description" chunk after its header chunk: the text
 * image viewers and screen readers of a saved file can show (UTF-8).
 * @param {Blob} png
 * @param {string} text
 * @returns {Promise<Blob>}
 */
export async function withDescription(png, text) {
  const bytes = new Uint8Array(await png.arrayBuffer());
  const utf8 = new TextEncoder().encode(text);
  const keyword = new TextEncoder().encode("Description");
  // keyword, NUL, no compression (0, 0), empty language and translated keyword (NUL, NUL), text
  const data = new Uint8Array([...keyword, 0, 0, 0, 0, 0, ...utf8]);
  const chunk = new Uint8Array(12 + data.length);
  const view = new DataView(chunk.buffer);
  view.setUint32(0, data.length);
  chunk.set(new TextEncoder().encode("iTXt"), 4);
  chunk.set(data, 8);
  let crc = 0xffffffff;
  for (const b of chunk.subarray(4, 8 + data.length)) crc = CRC[(crc ^ b) & 0xff] ^ (crc >>> 8);
  view.setUint32(8 + data.length, (crc ^ 0xffffffff) >>> 0);
  const afterHeader = 8 + 25; // the signature, then IHDR (4 length + 4 type + 13 data + 4 CRC)
  return new Blob([bytes.subarray(0, afterHeader), chunk, bytes.subarray(afterHeader)], { type: "image/png" });
}

/**
 * Offers a blob as a download. The link is in the document while clicked,
 * as some browsers require.
 * @param {string} name
 * @param {Blob} blob
 */
export function download(name, blob) {
  const a = document.createElement("a");
  a.href = URL.createObjectURL(blob);
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

/**
 * Sizes a canvas for its box in CSS pixels at the pixel ratio `dpr` (at
 * least 200 × 120). The size is written only when it changes: each write
 * clears the canvas.
 * @param {HTMLCanvasElement} canvas
 * @param {number} cssWidth
 * @param {number} cssHeight
 * @param {number} dpr
 */
export function fitCanvas(canvas, cssWidth, cssHeight, dpr) {
  const w = Math.max(200, Math.round(cssWidth * dpr));
  const h = Math.max(120, Math.round(cssHeight * dpr));
  if (canvas.width !== w || canvas.height !== h) { canvas.width = w; canvas.height = h; }
}

/**
 * Canvas boxes in CSS pixels (0 × 0 when hidden), kept by a ResizeObserver:
 * reading them from the layout in every frame would force a layout per draw.
 */
export class CanvasBoxes {
  /** @param {() => void} onChange called after any observed canvas changes size, and when a canvas a frame skipped comes near the screen */
  constructor(onChange) {
    /** @type {Map<Element, [number, number]>} */
    this.boxes = new Map();
    this.observer = new ResizeObserver((entries) => {
      for (const e of entries) this.boxes.set(e.target, [e.contentRect.width, e.contentRect.height]);
      onChange();
    });
    // A frame draws the canvases within half a screen of the viewport; the
    // others are drawn when they come that near (their theory is not
    // computed meanwhile, which is most of a frame with the map and the
    // small multiples scrolled away).
    /** @type {Set<Element>} */
    this.near = new Set();
    /** @type {Set<Element>} */
    this.reported = new Set();
    /** @type {Set<Element>} */
    this.stale = new Set();
    /** Draw every canvas, near or not (printing). */
    this.all = false;
    this.intersections = new IntersectionObserver((entries) => {
      let redraw = false;
      for (const e of entries) {
        this.reported.add(e.target);
        if (e.isIntersecting) {
          this.near.add(e.target);
          redraw ||= this.stale.has(e.target);
        } else this.near.delete(e.target);
      }
      if (redraw) onChange();
    }, { rootMargin: "50% 0px" });
  }

  /** @param {Element} canvas */
  observe(canvas) {
    this.observer.observe(canvas);
    this.intersections.observe(canvas);
  }

  /**
   * The canvas's box, from the layout until the observer has reported it.
   * @param {HTMLCanvasElement} canvas
   * @returns {[number, number]}
   */
  box(canvas) {
    return this.boxes.get(canvas) ?? [canvas.clientWidth, canvas.clientHeight];
  }

  /**
   * Whether a frame draws the canvas: it has a box and is near the screen
   * (or not yet reported on, or everything is wanted). A canvas left out is
   * remembered, and drawn once it comes near.
   * @param {HTMLCanvasElement} canvas
   */
  wanted(canvas) {
    const [w, h] = this.box(canvas);
    const near = this.all || !this.reported.has(canvas) || this.near.has(canvas);
    if (w > 0 && h > 0 && !near) this.stale.add(canvas);
    else this.stale.delete(canvas);
    return w > 0 && h > 0 && near;
  }
}

/**
 * Where a pointer event falls on a canvas, in canvas pixels (as the core
 * drew: device pixels), measured from the canvas's content box: the border
 * is not part of the drawing.
 * @param {HTMLCanvasElement} canvas
 * @param {MouseEvent} e
 * @returns {[number, number]}
 */
export function canvasPoint(canvas, e) {
  const r = canvas.getBoundingClientRect();
  return [(e.clientX - r.left - canvas.clientLeft) * canvas.width / canvas.clientWidth,
    (e.clientY - r.top - canvas.clientTop) * canvas.height / canvas.clientHeight];
}
