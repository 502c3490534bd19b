// What the browser tests themselves leave on a page's `window` through
// page.evaluate (the pages' own hooks are in www/globals.d.ts).
interface Window {
  /** explorer.test.mjs: the text a stubbed navigator.clipboard.writeText received. */
  __copied?: string;
  /** labs.test.mjs: the progress bar's values, sampled during a sweep. */
  __progress?: number[];
  /** labs.test.mjs: stops that sampling. */
  __stopProgress?: () => void;
}
