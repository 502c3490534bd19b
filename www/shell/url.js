// @ts-check
// The page's state in the URL hash: a state's link, and the history policy
// that writes it. A gesture (a slider drag, held arrow keys) is one history
// entry, so Back returns to the state before it: its first change pushes an
// entry, the rest of it replace that entry. Within a gesture the URL follows
// at most every `interval` ms, and always at its end: each history write
// costs about a millisecond, and Chrome throttles a page that writes history
// more than 200 times in 10 s. Reading a link is link.js.

/**
 * The hash of a state: "#k=v&…" with the fields in their given order.
 * @param {Iterable<[string, unknown]>} fields
 */
export function linkOf(fields) {
  const q = new URLSearchParams();
  for (const [k, v] of fields) q.set(k, String(v));
  return "#" + q.toString();
}

/** The least delay of a write within a gesture, in ms: past the paint of the frame that asked for it. */
const AFTER_PAINT = 20;

export class UrlHistory {
  /**
   * @param {() => string} hashNow the committed state's hash, read when a write happens
   * @param {number} interval the least time between two writes within a gesture, in ms
   */
  constructor(hashNow, interval = 150) {
    this.hashNow = hashNow;
    this.interval = interval;
    this.inGesture = false; // an entry was pushed for the gesture under way
    this.timer = 0;
    this.written = -Infinity;
  }

  /**
   * After a committed change. `settle`: the gesture ends with it (a slider
   * released, a box or menu changed). `fromUrl`: a state already in history
   * (read from the URL, a resize, new results), which never adds an entry.
   * @param {boolean} settle
   * @param {boolean} fromUrl
   */
  follow(settle, fromUrl) {
    if (settle || fromUrl || !this.inGesture) this.write(fromUrl);
    // Within a gesture the entry is rewritten from a timer, at least
    // `AFTER_PAINT` ms on: a history write (about a millisecond, more on a
    // busy machine) then never delays the frame that draws the change.
    else if (!this.timer) {
      const wait = Math.max(AFTER_PAINT, this.interval - (performance.now() - this.written));
      this.timer = setTimeout(() => this.write(false), wait);
    }
    if (settle || fromUrl) this.inGesture = false;
  }

  /** Writes a change that moves no figure (a setting used later) into the current entry. */
  replace() {
    const h = this.hashNow();
    if (location.hash !== h) history.replaceState(null, "", h);
  }

  /** Drops a pending write: call it before reading an entry navigated to, which it must not overwrite. */
  cancel() {
    clearTimeout(this.timer);
    this.timer = 0;
  }

  /** @param {boolean} fromUrl */
  write(fromUrl) {
    this.cancel();
    const h = this.hashNow();
    if (location.hash === h) return;
    if (fromUrl || this.inGesture) history.replaceState(null, "", h);
    else { history.pushState(null, "", h); this.inGesture = true; }
    this.written = performance.now();
  }
}
