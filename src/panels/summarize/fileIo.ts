/**
 * Reading a picked file as text and saving text as a download, for the content apps (Summarize,
 * Write, Ask). Everything stays in the browser: downloads are blob: URLs, nothing is uploaded.
 * (A candidate for src/ui/ once another app needs it.)
 */

/** Saves `text` as a file the browser downloads. */
export function saveTextFile(fileName: string, text: string, mime = 'text/plain'): void {
  const url = URL.createObjectURL(new Blob([text], { type: `${mime};charset=utf-8` }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.style.display = 'none';
  document.body.appendChild(link);
  link.click();
  link.remove();
  // Revoked later: some browsers start the download only after the click handler returns.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The file's text, UTF-8 (with or without BOM). */
export function readFileText(file: Blob): Promise<string> {
  return file.text();
}
