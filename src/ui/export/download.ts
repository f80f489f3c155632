// Saving a file from the page: a Blob behind a temporary object URL and a temporary <a download>.

/** How long an object URL outlives its click: long enough for the browser to start reading it. */
const REVOKE_AFTER_MS = 10_000;

/** Offers `blob` as a download named `fileName`; the object URL is revoked afterwards. */
export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.style.display = 'none';
  document.body.append(link);
  try {
    link.click();
  } finally {
    link.remove();
    // not at once: some browsers read the URL after click() returns
    setTimeout(() => URL.revokeObjectURL(url), REVOKE_AFTER_MS);
  }
}

/** Offers `text` (UTF-8) as a download named `fileName`. */
export function downloadText(text: string, mimeType: string, fileName: string): void {
  downloadBlob(new Blob([text], { type: `${mimeType};charset=utf-8` }), fileName);
}
