/**
 * The public API's last line of defence: whatever a public entry point throws reaches the caller
 * as a {@link LinkplateError}. Typed errors pass through untouched; a failed file-system call (an
 * error with a Node `code` and `syscall`) is the caller's environment, so it becomes an
 * InputError; anything else is a linkplate bug and becomes an {@link InternalError}.
 */
import { InputError, InternalError, LinkplateError, type SourcePosition } from "./errors.js";

/** `e` as a LinkplateError, placed at `pos` when it was not one already. */
export function asLinkplateError(e: unknown, pos: Partial<SourcePosition> = {}): LinkplateError {
  if (e instanceof LinkplateError) return e;
  if (isSystemError(e)) return new InputError(e.message, { filename: e.path ?? pos.filename });
  return new InternalError(e, pos);
}

function isSystemError(e: unknown): e is Error & { code: string; syscall: string; path?: string } {
  return e instanceof Error && typeof (e as { code?: unknown }).code === "string" && typeof (e as { syscall?: unknown }).syscall === "string";
}

type Where<A extends unknown[]> = (...args: A) => Partial<SourcePosition>;

/** `fn` behind the boundary (sync or async): its exceptions and rejections come out as LinkplateErrors. */
export function guarded<A extends unknown[], R>(fn: (...args: A) => R, where?: Where<A>): (...args: A) => R {
  const wrapped = function (this: unknown, ...args: A): R {
    const at = (): Partial<SourcePosition> => (where ? safely(() => where(...args)) : {});
    let result: R;
    try {
      result = fn.apply(this, args);
    } catch (e) {
      throw asLinkplateError(e, at());
    }
    if (result instanceof Promise) {
      return result.catch((e: unknown) => {
        throw asLinkplateError(e, at());
      }) as R;
    }
    return result;
  };
  Object.defineProperty(wrapped, "name", { value: fn.name });
  return wrapped;
}

/**
 * Puts the named methods of a class behind the boundary, in place on its prototype; `where` says
 * which file a failure belongs to (from the instance and the call's arguments).
 */
export function guardMethods<T extends object>(proto: T, names: readonly (keyof T & string)[], where?: (self: T, args: unknown[]) => Partial<SourcePosition>): void {
  for (const name of names) {
    const original = proto[name] as unknown as (this: T, ...args: unknown[]) => unknown;
    const wrapped = function (this: T, ...args: unknown[]): unknown {
      return guarded((...a: unknown[]) => original.apply(this, a), where ? (...a: unknown[]) => where(this, a) : undefined)(...args);
    };
    Object.defineProperty(wrapped, "name", { value: name });
    Object.defineProperty(proto, name, { value: wrapped, writable: true, configurable: true, enumerable: false });
  }
}

function safely(f: () => Partial<SourcePosition>): Partial<SourcePosition> {
  try {
    return f();
  } catch {
    return {};
  }
}
