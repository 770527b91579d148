/** Control flow: and/or, if/unless/case, loops, break/next/return, begin/rescue/ensure. */
import { nodeKind } from "../../parse/node-kind.js";
import type * as P from "@ruby/prism/src/nodes.js";
import { type Value, RArray, RClass, RProc, truthy } from "../../runtime/values.js";
import { Frame } from "../frame.js";
import { type Code, type Target } from "../params.js";
import { isStandardError } from "../runtime.js";
import { BreakSignal, NextSignal, RETRY, ReturnSignal, RubyError, ThrowSignal } from "../signals.js";
import { RT } from "./current.js";
import { NOT_RESCUED, caseEq, splatToArray } from "./semantics.js";
import { VariableCompiler } from "./variables.js";
import { LoopBreak, LoopNext } from "./base.js";

type Node = P.Node;

/** Unwinding that Ruby code may observe (`ensure` runs): Ruby exceptions and non-local jumps. */
function isRubyUnwind(e: unknown): boolean {
  return e instanceof RubyError || e instanceof BreakSignal || e instanceof NextSignal || e instanceof ReturnSignal || e instanceof ThrowSignal || e instanceof LoopBreak || e instanceof LoopNext;
}

export abstract class ControlCompiler extends VariableCompiler {
  cAndNode(n: P.AndNode): Code {
    const l = this.compile(n.left);
    const r = this.compile(n.right);
    return (f) => {
      const a = l(f);
      return truthy(a) ? r(f) : a;
    };
  }

  cOrNode(n: P.OrNode): Code {
    const l = this.compile(n.left);
    const r = this.compile(n.right);
    return (f) => {
      const a = l(f);
      return truthy(a) ? a : r(f);
    };
  }

  cIfNode(n: P.IfNode): Code {
    const c = this.compile(n.predicate);
    const t = this.stmts(n.statements);
    const e = this.compile(n.subsequent);
    return (f) => {
      const v = c(f);
      return v !== null && v !== false ? t(f) : e(f);
    };
  }

  cUnlessNode(n: P.UnlessNode): Code {
    const c = this.compile(n.predicate);
    const t = this.stmts(n.statements);
    const e = this.compile(n.elseClause);
    return (f) => {
      const v = c(f);
      return v !== null && v !== false ? e(f) : t(f);
    };
  }

  cElseNode(n: P.ElseNode): Code {
    return this.stmts(n.statements);
  }


  cCaseNode(n: P.CaseNode): Code {
    const subject = n.predicate ? this.compile(n.predicate) : null;
    const whens = n.conditions.map((w) => {
      const wn = w as P.WhenNode;
      return {
        conds: wn.conditions.map((c) => ({ splat: nodeKind(c) === "SplatNode", code: this.compile(nodeKind(c) === "SplatNode" ? (c as P.SplatNode).expression : c), at: c.location.startOffset })),
        body: this.stmts(wn.statements),
      };
    });
    const elseCode = this.compile(n.elseClause);
    return (f) => {
      const v = subject ? subject(f) : null;
      for (const w of whens) {
        for (const c of w.conds) {
          const pats = c.splat ? splatToArray(c.code(f)) : [c.code(f)];
          for (const pat of pats) {
            RT.pos = c.at;
            RT.frame = f;
            if (subject ? caseEq(pat, v) : truthy(pat)) return w.body(f);
          }
        }
      }
      return elseCode(f);
    };
  }

  cCaseMatchNode(n: Node): Code {
    return this.unsupported(n, "pattern matching (case/in)");
  }


  protected loop(n: P.WhileNode | P.UntilNode, until: boolean): Code {
    const cond = this.compile(n.predicate);
    const tag = {};
    this.loops.push({ kind: "while", tag });
    const body = this.stmts(n.statements);
    this.loops.pop();
    const doWhile = n.isBeginModifier();
    return (f) => {
      let first = doWhile;
      for (;;) {
        if (!first) {
          const c = truthy(cond(f));
          if (c === until) break;
        }
        first = false;
        RT.tick();
        try {
          body(f);
        } catch (e) {
          if (e instanceof LoopBreak && e.tag === tag) return e.value;
          if (e instanceof LoopNext && e.tag === tag) continue;
          throw e;
        }
      }
      return null;
    };
  }

  cWhileNode(n: P.WhileNode): Code {
    return this.loop(n, false);
  }

  cUntilNode(n: P.UntilNode): Code {
    return this.loop(n, true);
  }

  cForNode(n: P.ForNode): Code {
    const coll = this.compile(n.collection);
    const target = this.target(n.index);
    const tag = {};
    this.loops.push({ kind: "while", tag });
    const body = this.stmts(n.statements);
    this.loops.pop();
    const at = n.location.startOffset;
    return (f) => {
      const c = coll(f);
      const blk = new RProc((args) => {
        target(f, args.length === 1 ? args[0] : new RArray(args), RT);
        try {
          return body(f);
        } catch (e) {
          if (e instanceof LoopNext && e.tag === tag) return null;
          throw e;
        }
      }, -1);
      try {
        RT.pos = at;
        RT.frame = f;
        return RT.send(c, "each", [], blk);
      } catch (e) {
        if (e instanceof LoopBreak && e.tag === tag) return e.value;
        throw e;
      }
    };
  }


  protected jumpValue(args: P.ArgumentsNode | null): Code {
    if (args === null) return () => null;
    if (args.arguments_.length === 1 && nodeKind(args.arguments_[0]) !== "SplatNode") return this.compile(args.arguments_[0]);
    const items = this.argItems(args.arguments_);
    return (f) => new RArray(items(f));
  }

  cBreakNode(n: P.BreakNode): Code {
    const v = this.jumpValue(n.arguments_);
    const ctx = this.loops[this.loops.length - 1];
    if (ctx.kind === "while") {
      const tag = ctx.tag;
      return (f) => {
        throw new LoopBreak(tag, v(f));
      };
    }
    if (ctx.kind === "block") {
      return (f) => {
        throw new BreakSignal(f.blockTag!, v(f));
      };
    }
    return this.unsupported(n, "break outside a loop or block");
  }

  cNextNode(n: P.NextNode): Code {
    const v = this.jumpValue(n.arguments_);
    const ctx = this.loops[this.loops.length - 1];
    if (ctx.kind === "while") {
      const tag = ctx.tag;
      return () => {
        throw new LoopNext(tag);
      };
    }
    if (ctx.kind === "block") {
      return (f) => {
        throw new NextSignal(v(f));
      };
    }
    return this.unsupported(n, "next outside a loop or block");
  }

  cReturnNode(n: P.ReturnNode): Code {
    const v = this.jumpValue(n.arguments_);
    const at = n.location.startOffset;
    return (f) => {
      if (f.returnTag === null) return RT.unsupported("return at the top level of a template", at);
      throw new ReturnSignal(f.returnTag, v(f));
    };
  }

  cRedoNode(n: Node): Code {
    return this.unsupported(n, "redo");
  }

  cRetryNode(): Code {
    return () => {
      throw RETRY;
    };
  }

  cFlipFlopNode(n: Node): Code {
    return this.unsupported(n, "flip-flop");
  }


  cBeginNode(n: P.BeginNode): Code {
    const body = this.stmts(n.statements);
    const rescue = n.rescueClause ? this.rescueChain(n.rescueClause) : null;
    const elseCode = n.elseClause ? this.compile(n.elseClause) : null;
    const ensure = n.ensureClause ? this.stmts(n.ensureClause.statements) : null;
    let main: Code = body;
    if (rescue) {
      main = (f) => {
        let v: Value;
        for (;;) {
          try {
            v = body(f);
          } catch (e) {
            if (!(e instanceof RubyError)) throw e;
            let r: Value | typeof NOT_RESCUED;
            try {
              r = rescue(f, e);
            } catch (x) {
              if (x !== RETRY) throw x;
              RT.tick();
              continue;
            }
            if (r === NOT_RESCUED) throw e;
            return r as Value;
          }
          return elseCode ? elseCode(f) : v;
        }
      };
    } else if (elseCode) {
      main = (f) => (body(f), elseCode(f));
    }
    if (!ensure) return main;
    return (f) => {
      let v: Value;
      try {
        v = main(f);
      } catch (e) {
        // A sandbox refusal, a limit or an internal error ends the render: no Ruby code runs
        // after it, so `ensure` cannot return, break or raise its way out of it.
        if (!isRubyUnwind(e)) throw e;
        ensure(f);
        throw e;
      }
      ensure(f);
      return v;
    };
  }


  /** Returns a function that handles a raised exception, or NOT_RESCUED. */
  protected rescueChain(r: P.RescueNode): (f: Frame, e: RubyError) => Value | typeof NOT_RESCUED {
    const clauses: { classes: { code: Code; splat: boolean }[]; ref: Target | null; body: Code }[] = [];
    for (let c: P.RescueNode | null = r; c; c = c.subsequent) {
      clauses.push({
        classes: c.exceptions.map((x) => ({ splat: nodeKind(x) === "SplatNode", code: this.compile(nodeKind(x) === "SplatNode" ? (x as P.SplatNode).expression : x) })),
        ref: c.reference ? this.target(c.reference) : null,
        body: this.stmts(c.statements),
      });
    }
    return (f, e) => {
      const exc = e.exc;
      for (const c of clauses) {
        let match = false;
        if (c.classes.length === 0) match = isStandardError(exc);
        else {
          for (const k of c.classes) {
            const vals = k.splat ? splatToArray(k.code(f)) : [k.code(f)];
            for (const cls of vals) {
              if (!(cls instanceof RClass)) RT.raise("TypeError", "class or module required for rescue clause");
              if (exc.cls.isSubclassOf(cls as RClass)) match = true;
            }
            if (match) break;
          }
        }
        if (match) {
          if (c.ref) c.ref(f, exc, RT);
          const prev = f.home.currentException;
          f.home.currentException = exc;
          try {
            return c.body(f);
          } finally {
            f.home.currentException = prev;
          }
        }
      }
      return NOT_RESCUED;
    };
  }

  cRescueModifierNode(n: P.RescueModifierNode): Code {
    const body = this.compile(n.expression);
    const alt = this.compile(n.rescueExpression);
    return (f) => {
      try {
        return body(f);
      } catch (e) {
        if (!(e instanceof RubyError && isStandardError(e.exc))) throw e;
        const prev = f.home.currentException;
        f.home.currentException = e.exc;
        try {
          return alt(f);
        } finally {
          f.home.currentException = prev;
        }
      }
    };
  }
}
