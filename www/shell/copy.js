// @ts-check
// Copying to the clipboard, with a status line. Where the clipboard is
// refused (no permission, an insecure origin, an embedding frame) the text
// itself goes in the status line, for the reader to copy by hand.

/**
 * @param {string} text
 * @param {Element} status where the outcome is shown
 * @param {string} copied the status once copied ("Link copied.")
 * @param {string} [fallback] the status when the clipboard is refused; must hold `text` (the default is `text`)
 */
export async function copyText(text, status, copied, fallback = text) {
  try {
    await navigator.clipboard.writeText(text);
    status.textContent = copied;
  } catch {
    status.textContent = fallback;
  }
}
