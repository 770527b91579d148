/**
 * Linear-time trimming. `s.replace(/x+$/, "")` looks like a trim, but the engine tries the run
 * from every starting position: on a string with a long run of `x` not at its end it is quadratic,
 * and the strings here come from templates. These scan from the end instead.
 */

/** `s` without the trailing characters for which `drop` holds. */
export function trimEndWhere(s: string, drop: (c: number) => boolean): string {
  let e = s.length;
  while (e > 0 && drop(s.charCodeAt(e - 1))) e--;
  return e === s.length ? s : s.slice(0, e);
}

/** `s` without the leading characters for which `drop` holds. */
export function trimStartWhere(s: string, drop: (c: number) => boolean): string {
  let b = 0;
  while (b < s.length && drop(s.charCodeAt(b))) b++;
  return b === 0 ? s : s.slice(b);
}

/** `s` without trailing copies of the one character `ch` (`s.replace(/ch+$/, "")`). */
export function trimEndChar(s: string, ch: string): string {
  const c = ch.charCodeAt(0);
  return trimEndWhere(s, (x) => x === c);
}

/** Ruby's ASCII whitespace (`\t\n\v\f\r` and space). */
export const isRubySpace = (c: number): boolean => c === 32 || (c >= 9 && c <= 13);

/** `s` without leading and trailing Ruby whitespace. */
export function trimRubySpace(s: string): string {
  return trimStartWhere(trimEndWhere(s, isRubySpace), isRubySpace);
}
