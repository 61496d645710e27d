// The hot line forms of a large dump, function and `\tfile:line` lines, scanned by hand:
// they are most of a 100k-goroutine paste, and each regex match allocates.
import type { LineForm } from './line-forms.js';

// A Go function name: package path elements joined by `/`, then `.` and the rest. Same
// language as `^[\w\-~%]+(?:[./][\w\-~%]+)*\.\S+$` (split at the first `.`), without its
// ambiguity, so it runs in one pass.
const FUNC_NAME = /^[\w\-~%]+(?:\/[\w\-~%]+)*\.\S+$/;

/**
 * A large dump is mostly pairs of function and `\tfile:line` lines, so those are tried
 * first. Checking them before the rarer forms changes no answer: every other form has a
 * space before its first `(` or `:`, and a Go function name or an indented path has none.
 */
export function matchHotForm(text: string, start: number): LineForm | undefined {
  if (start > 0 && text.charCodeAt(start) === 47) {
    const file = scanFileLine(text, start);
    if (file) return file;
  }
  if (text.charCodeAt(text.length - 1) !== 41) return undefined;
  const frame = splitFrame(start === 0 ? text : text.slice(start));
  return frame && looksLikeFunc(frame.func) ? frame : undefined;
}

/**
 * FILE_LINE (states.ts) by hand for `\t/path/file.go:12 +0x1d[ fp=… sp=… pc=…]`, without the
 * regex's match array. Returns what FILE_LINE would, or undefined to let the regex decide.
 */
function scanFileLine(text: string, start: number): LineForm | undefined {
  // Scans back from the end by hand: V8's lastIndexOf walks the whole line each time.
  let end = text.length;
  let space = end - 1;
  while (space > start && text.charCodeAt(space) !== 32) space--;
  if (text.startsWith('pc=', space + 1)) {
    const fp = text.lastIndexOf(' fp=', space);
    if (fp < 0 || !FRAME_REGS.test(text.slice(fp))) return undefined;
    end = fp;
  }

  // ` +0x1d`: the PC offset, absent on inlined frames.
  let hex = end;
  while (hex > start && isHexDigit(text.charCodeAt(hex - 1))) hex--;
  if (hex < end && hex - 4 > start && text.startsWith(' +0x', hex - 4)) end = hex - 4;

  let colon = end;
  while (colon > start && isDigit(text.charCodeAt(colon - 1))) colon--;
  if (colon === end || text.charCodeAt(colon - 1) !== 58) return undefined;
  colon--;
  const length = colon - start;
  if (length < 1 || length > 2002 || isSpace(text.charCodeAt(colon - 1))) return undefined;
  const file = text.slice(start, colon);
  // `.` in FILE_LINE stops at line separators; leave such oddities to the regex.
  if (file.includes('\u2028') || file.includes('\u2029')) return undefined;
  return { form: 'file', file, line: Number(text.slice(colon + 1, end)) };
}

const FRAME_REGS = /^ fp=\S+ sp=\S+ pc=\S+$/;

/** `[0-9a-f]`: Go prints addresses and offsets in lower case. */
function isHexDigit(c: number): boolean {
  return isDigit(c) || (c >= 97 && c <= 102);
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Index of the first character `trimStart` would keep; the length when the line is blank. */
export function firstNonSpace(text: string): number {
  let i = 0;
  while (i < text.length && isSpace(text.charCodeAt(i))) i++;
  return i;
}

/** The characters `\s` and `trim` treat as white space. */
function isSpace(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 0xa0) return false;
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/**
 * Splits `pkg.(*T).M(args)` into name and arguments by hand: a `(` right after a `.` belongs
 * to the name (a method receiver), the first other `(` opens the arguments. A regex for this
 * would backtrack on long lines of parentheses.
 */
export function splitFrame(text: string): Extract<LineForm, { form: 'frame' }> | undefined {
  if (text.charCodeAt(text.length - 1) !== 41) return undefined;
  for (let i = text.indexOf('(', 1); i > 0; i = text.indexOf('(', i + 1)) {
    if (text.charCodeAt(i - 1) === 46) continue;
    return { form: 'frame', func: text.slice(0, i), args: text.slice(i + 1, -1) };
  }
  return undefined;
}

/** A Go function name has a package qualifier (`main.f`, `net/http.(*c).serve`) or is `panic`. */
export function looksLikeFunc(name: string): boolean {
  if (name === 'panic') return true;
  return name.length <= 500 && FUNC_NAME.test(name) && !name.endsWith('.go');
}
