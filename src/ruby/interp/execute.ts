/**
 * Runs a compiled program under a fresh {@link Runtime} and turns every way it can fail into a
 * typed linkplate error at the template position.
 */
import { InternalError, LimitExceededError, LinkplateError, TemplateRenderError } from "../../diagnostics/errors.js";
import { type Value, RException, RString, realClassOf } from "../runtime/values.js";
import { setBudget } from "../runtime/budget.js";
import { setRuntime } from "./compiler.js";
import type { RubyProgram } from "./program.js";
import { type Limits, Runtime, setActiveRuntime } from "./runtime.js";
import { BreakSignal, NextSignal, ReturnSignal, RubyError, ThrowSignal } from "./signals.js";

export interface Execution {
  value: Value;
  steps: number;
}

export function execute(program: RubyProgram, self: Value, limits: Limits, localValues: Value[] = []): Execution {
  const prevActive = setActiveRuntime(null);
  const rt = new Runtime(limits, program.resolver, self);
  const prev = setRuntime(rt);
  const prevBudget = setBudget(rt);
  try {
    const value = program.run(self, localValues);
    return { value, steps: rt.steps };
  } catch (e) {
    throw toLinkplateError(e, rt);
  } finally {
    setBudget(prevBudget);
    setRuntime(prev);
    setActiveRuntime(prevActive);
  }
}

export function exceptionMessage(exc: RException, rt: Runtime): string {
  try {
    const m = rt.send(exc, "message");
    return m instanceof RString ? m.s : rt.toS(m);
  } catch {
    return exc.message instanceof RString ? exc.message.s : "";
  }
}

function toLinkplateError(e: unknown, rt: Runtime): Error {
  if (e instanceof LinkplateError) {
    // Core code may raise typed errors without a position: place them at the call being made.
    if (e.line === null) {
      const w = rt.where();
      e.filename = w.filename;
      e.line = w.line;
      e.column = w.column;
      e.frame = rt.source.frame(w.line, w.column);
      if (e.message.startsWith(":") || e.message.startsWith("(unknown)")) e.message = `${w.filename}:${w.line}${e.message.slice(e.message.indexOf(":"))}\n${e.frame}`;
    }
    return e;
  }
  if (e instanceof ThrowSignal) {
    // Kernel#throw with no matching catch.
    const w = rt.where();
    let tag: string;
    try {
      tag = rt.inspect(e.tag);
    } catch {
      tag = "?";
    }
    return new TemplateRenderError("UncaughtThrowError", `uncaught throw ${tag}`, w, rt.source.frame(w.line, w.column));
  }
  const src = rt.source;
  if (e instanceof RubyError) {
    const exc = e.exc;
    const line = exc.line ?? rt.where().line;
    const column = exc.column ?? rt.where().column;
    const msg = exceptionMessage(exc, rt);
    const err = new TemplateRenderError(realClassOf(exc).name, msg, { filename: src.filename, line, column }, src.frame(line, column));
    err.rubyLine = line + rt.source.rubyLineOffset;
    return err;
  }
  if (e instanceof BreakSignal || e instanceof NextSignal || e instanceof ReturnSignal) {
    const w = rt.where();
    return new TemplateRenderError("LocalJumpError", "unexpected break/next/return", w, src.frame(w.line, w.column));
  }
  if (e instanceof RangeError && /call stack/i.test(e.message)) {
    const w = rt.where();
    return new LimitExceededError("call depth (JavaScript stack)", rt.limits.depth, w, src.frame(w.line, w.column));
  }
  // Anything else is a bug in linkplate, reported at the template position being run.
  const w = rt.where();
  return new InternalError(e, w, src.frame(w.line, w.column));
}
