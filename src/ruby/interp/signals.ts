/**
 * Non-local control flow. These are thrown as plain objects (no stack capture, cheap) and caught
 * where Ruby would resume: a Ruby exception at `rescue`, `break` at the call that received the
 * block, `next` at the block boundary, `return` at the method activation.
 */
import type { RException, Value } from "../runtime/values.js";

export class RubyError {
  constructor(public readonly exc: RException) {}
}

export class BreakSignal {
  constructor(
    public readonly tag: object,
    public readonly value: Value,
  ) {}
}

export class NextSignal {
  constructor(public readonly value: Value) {}
}

export class ReturnSignal {
  constructor(
    public readonly tag: object,
    public readonly value: Value,
  ) {}
}

/** `retry` in a rescue clause: its `begin` runs its body again. */
export class RetrySignal {}
export const RETRY = new RetrySignal();

/** Kernel#throw, caught by Kernel#catch with the same tag. */
export class ThrowSignal {
  constructor(
    public readonly tag: Value,
    public readonly value: Value,
  ) {}
}
