// @ts-check
// A crosshair over a canvas the core drew: a thin vertical line at the
// pointer and a small label with what is there, as DOM elements laid over
// the canvas (the figure itself is not redrawn). The page says what the
// label reads at a pointer, and where the plotting area is.

/**
 * What the crosshair shows at a pointer: the label and the line's vertical
 * extent, in CSS pixels from the top of the canvas's content box.
 * @typedef {{ text: string, top: number, bottom: number }} CrosshairReading
 */

/**
 * Wraps the canvas in a `.plot` box holding the overlay, and follows the
 * mouse over it. `read` returns null off the plotting area (the crosshair
 * hides); `onLeave` is called when the mouse leaves the canvas.
 * @param {HTMLCanvasElement} canvas
 * @param {(e: MouseEvent) => CrosshairReading | null} read
 * @param {() => void} onLeave
 */
export function crosshair(canvas, read, onLeave) {
  const wrap = document.createElement("div");
  wrap.className = "plot";
  const overlay = document.createElement("div");
  overlay.className = "crosshair";
  overlay.hidden = true;
  overlay.setAttribute("aria-hidden", "true"); // the same words are in the page's hover text
  overlay.innerHTML = '<div class="crosshair-line"></div><div class="crosshair-label"></div>';
  canvas.replaceWith(wrap);
  wrap.append(canvas, overlay);
  const line = /** @type {HTMLElement} */ (overlay.firstElementChild);
  const label = /** @type {HTMLElement} */ (overlay.lastElementChild);
  canvas.addEventListener("mousemove", (e) => {
    const r = read(e);
    if (!r) { overlay.hidden = true; return; }
    const x = e.clientX - canvas.getBoundingClientRect().left;
    const y0 = canvas.clientTop;
    overlay.hidden = false;
    line.style.transform = `translate(${x}px, ${y0 + r.top}px)`;
    line.style.height = `${Math.max(0, r.bottom - r.top)}px`;
    if (label.textContent !== r.text) label.textContent = r.text;
    // Beside the line, on the side with more room, near the pointer's height.
    const right = x > canvas.clientWidth / 2;
    label.style.left = right ? "" : `${x + 8}px`;
    label.style.right = right ? `${wrap.clientWidth - x + 8}px` : "";
    label.style.top = `${Math.min(Math.max(y0 + r.top, e.clientY - canvas.getBoundingClientRect().top - 40), y0 + r.bottom - 40)}px`;
  });
  canvas.addEventListener("mouseleave", () => { overlay.hidden = true; onLeave(); });
}
