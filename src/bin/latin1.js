// The CLI's bundle made Latin-1 only. V8 keeps each script's source for the life of the thread that
// ran it, and a source with one character beyond Latin-1 is kept at two bytes a character: esbuild
// escapes strings but leaves the Chinese of regular expressions and comments as it is, which made
// the 4 MB bundle take 8 MB in each thread that loads it.

/**
 * The code with each UTF-16 unit beyond Latin-1 written as `\uXXXX`, which means the same in a
 * string, a template, a regular expression (a surrogate pair stays one character under the `u`
 * flag), an identifier and a comment. A character escaped by a backslash of its own (`\一`, which
 * means 一) loses that backslash, as `\\u4e00` would be a backslash and "u4e00". Code holding U+2028
 * or U+2029 is left as it is: those end a line, and a comment, where written as such.
 */
export function latin1Only(code) {
  if (/[\u2028\u2029]/.test(code)) return code;
  return code.replace(/(\\*)([^\0-\xff])/g, (_, slashes, c) => {
    const kept = slashes.length % 2 === 1 ? slashes.slice(1) : slashes;
    return `${kept}\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}
