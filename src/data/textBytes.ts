// A file's bytes before they are text: whether they are text at all, and which lines are not UTF-8. A person's
// file may be anything (an image, a UTF-16 export, a Latin-1 line pasted into UTF-8), and each gets its reason.

/** Share of control bytes above which a file counts as binary. */
const BINARY_SHARE = 0.05;

/** NUL bytes, or more than BINARY_SHARE control bytes other than tab, line breaks and form feed. */
export function looksBinary(bytes: Uint8Array): boolean {
  let control = 0;
  for (const byte of bytes) {
    if (byte === 0) return true;
    if ((byte < 32 && byte !== 9 && byte !== 10 && byte !== 12 && byte !== 13) || byte === 127) control++;
  }
  return bytes.length > 0 && control / bytes.length > BINARY_SHARE;
}

/** The text of UTF-8 bytes (a byte-order mark dropped), or the 1-based numbers of the lines that are not UTF-8. */
export function decodeUtf8(bytes: Uint8Array): { text: string } | { badLines: number[] } {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    const badLines: number[] = [];
    const decoder = new TextDecoder('utf-8', { fatal: true });
    let start = 0;
    for (let line = 1; start <= bytes.length; line++) {
      let end = bytes.indexOf(10, start);
      if (end < 0) end = bytes.length;
      try {
        decoder.decode(bytes.subarray(start, end));
      } catch {
        badLines.push(line);
      }
      start = end + 1;
    }
    return { badLines };
  }
}
