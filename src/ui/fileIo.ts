/**
 * Reading a picked file as text and saving text or a Blob as a download, for every app.
 * Everything stays in the browser: downloads are blob: URLs, nothing is uploaded.
 */

/** Saves `blob` as a file the browser downloads. */
export function saveBlobFile(fileName: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.style.display = 'none';
  document.body.appendChild(link);
  link.click();
  link.remove();
  // Revoked later: some browsers start the download only after the click handler returns, and
  // revoking at once can cancel it.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Saves `text` (UTF-8) as a file the browser downloads. */
export function saveTextFile(fileName: string, text: string, mime = 'text/plain'): void {
  saveBlobFile(fileName, new Blob([text], { type: `${mime};charset=utf-8` }));
}

/** The file's text, UTF-8 (with or without BOM). */
export function readFileText(file: Blob): Promise<string> {
  return file.text();
}
