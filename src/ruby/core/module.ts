/** Module, Class, Exception and Proc. */
import {
  type Interp,
  type Value,
  RArray,
  RClass,
  RException,
  RObject,
  RProc,
  RString,
  RSymbol,
  cClass,
  cException,
  cModule,
  cProc,
  classOf,
  isA,
  str,
  sym,
} from "../runtime/values.js";

function names(it: Interp, args: Value[]): string[] {
  return args.map((a) => (a instanceof RSymbol ? a.name : a instanceof RString ? a.s : it.raise("TypeError", `${it.inspect(a)} is not a symbol nor a string`)));
}

interface FrameLike {
  frame: { defaultVisibility: "public" | "private" | "protected" } | null;
  sandbox(feature: string): never;
}

function setVisibility(self: RClass, args: Value[], it: Interp, vis: "public" | "private" | "protected"): Value {
  if (args.length === 0) {
    const f = (it as unknown as FrameLike).frame;
    if (f) f.defaultVisibility = vis;
    return null;
  }
  const list = args.length === 1 && args[0] instanceof RArray ? args[0].a : args;
  for (const n of names(it, list)) {
    const m = self.findMethod(n);
    if (!m) return it.raise("NameError", `undefined method '${n}' for class '${self.name}'`);
    self.define(n, m.fn, m.arity, vis);
  }
  return args[0];
}

export function installModule(): void {
  const M = cModule;
  M.define("name", (self: RClass) => (self.name ? str(self.name) : null), 0);
  M.define("to_s", (self: RClass) => str(self.name), 0);
  M.define("inspect", (self: RClass) => str(self.name), 0);
  M.define("===", (self: RClass, [v]) => isA(v, self), 1);
  M.define("==", (self, [o]) => self === o, 1);
  M.define("<", (self: RClass, [o]) => (o instanceof RClass ? (self !== o && self.isSubclassOf(o) ? true : o.isSubclassOf(self) ? false : null) : null), 1);
  M.define("<=", (self: RClass, [o]) => (o instanceof RClass ? (self.isSubclassOf(o) ? true : o.isSubclassOf(self) ? false : null) : null), 1);
  M.define("ancestors", (self: RClass) => new RArray([...self.ancestors()]), 0);
  M.define("include", (self: RClass, args, _b, it) => {
    for (const m of args) {
      if (!(m instanceof RClass) || !m.isModule) return it.raise("TypeError", `wrong argument type ${classOf(m).name} (expected Module)`);
      self.include(m);
    }
    return self;
  });
  M.define("include?", (self: RClass, [m]) => m instanceof RClass && self !== m && self.isSubclassOf(m), 1);
  M.define("method_defined?", (self: RClass, [n], _b, it) => {
    const m = self.findMethod(names(it, [n])[0]);
    return m !== null && m.visibility !== "private";
  }, [1, 2]);
  M.define("public_method_defined?", (self: RClass, [n], _b, it) => self.findMethod(names(it, [n])[0])?.visibility === "public", [1, 2]);
  M.define("instance_methods", (self: RClass) => new RArray([...self.methods.keys()].map((k) => sym(k))), [0, 1]);
  M.define("const_defined?", (self: RClass, [n], _b, it) => self.consts.has(names(it, [n])[0]), [1, 2]);
  M.define("attr_reader", (self: RClass, args, _b, it) => defineAccessors(self, names(it, args), true, false));
  M.define("attr_writer", (self: RClass, args, _b, it) => defineAccessors(self, names(it, args), false, true));
  M.define("attr_accessor", (self: RClass, args, _b, it) => defineAccessors(self, names(it, args), true, true));
  M.define("attr", (self: RClass, args, _b, it) => defineAccessors(self, names(it, args), true, false));
  M.define("private", (self: RClass, args, _b, it) => setVisibility(self, args, it, "private"));
  M.define("public", (self: RClass, args, _b, it) => setVisibility(self, args, it, "public"));
  M.define("protected", (self: RClass, args, _b, it) => setVisibility(self, args, it, "protected"));
  M.define("module_function", (self: RClass, args, _b, it) => {
    for (const n of names(it, args)) {
      const m = self.findMethod(n);
      if (m) self.defineS(n, m.fn, m.arity);
    }
    return null;
  });
  M.define("private_constant", () => null);
  M.define("freeze", (self: RClass) => self, 0);
  M.define("hash", (self: RClass) => self.name.length, 0);
  for (const refused of ["const_get", "const_set", "define_method", "class_eval", "module_eval", "class_exec", "module_exec", "instance_method", "remove_method", "undef_method", "alias_method", "class_variable_get", "class_variable_set", "const_source_location", "prepend", "refine"]) {
    M.define(refused, (_s, _a, _b, it) => (it as unknown as FrameLike).sandbox(`Module#${refused}`));
  }

  const C = cClass;
  C.define("new", (self: RClass, args, blk, it) => {
    if (self.isModule) return it.raise("NoMethodError", `undefined method 'new' for module ${self.name}`);
    if (self.builtin && !self.isSubclassOf(cException)) return it.raise("NoMethodError", `undefined method 'new' for class ${self.name}`);
    const obj = self.isSubclassOf(cException) ? new RException(self, null) : new RObject(self);
    it.sendPrivate(obj, "initialize", args, blk);
    return obj;
  });
  C.define("allocate", (self: RClass) => new RObject(self), 0);
  C.define("superclass", (self: RClass) => {
    let s = self.superclass;
    while (s && s.attached) s = s.superclass;
    return s;
  }, 0);
  C.define("class", () => cClass, 0);

  installException();
  installProc();
}

function defineAccessors(cls: RClass, list: string[], reader: boolean, writer: boolean): Value {
  const out: Value[] = [];
  for (const n of list) {
    const ivar = `@${n}`;
    if (reader) {
      cls.define(n, (self: RObject) => self.getIvar(ivar), 0);
      out.push(sym(n));
    }
    if (writer) {
      cls.define(`${n}=`, (self: RObject, [v], _b, it) => {
        if (self.frozen) it.raise("FrozenError", `can't modify frozen ${classOf(self).name}: ${it.inspect(self)}`);
        self.setIvar(ivar, v);
        return v;
      }, 1);
      out.push(sym(`${n}=`));
    }
  }
  return new RArray(out);
}

function installException(): void {
  const E = cException;
  E.defineS("exception", (self: RClass, args, blk, it) => it.send(self, "new", args, blk));
  E.define("initialize", (self: RException, args) => {
    self.message = args.length > 0 ? args[0] : null;
    return null;
  }, [0, 1], "private");
  E.define("message", (self, _a, _b, it) => str(it.toS(it.send(self, "to_s"))), 0);
  E.define("to_s", (self: RException, _a, _b, it) => (self.message === null ? str(classOf(self).name) : self.message instanceof RString ? self.message : str(it.toS(self.message))), 0);
  E.define("detailed_message", (self, _a, _b, it) => str(`${it.toS(it.send(self, "message"))} (${classOf(self).name})`));
  E.define("full_message", (self, _a, _b, it) => str(`${it.toS(it.send(self, "message"))} (${classOf(self).name})`));
  E.define("inspect", (self: RException, _a, _b, it) => {
    const cls = classOf(self).name;
    const msg = it.toS(it.send(self, "to_s"));
    if (msg === "") return str(cls);
    if (msg === cls) return str(cls);
    return str(`#<${cls}: ${msg}>`);
  }, 0);
  E.define("backtrace", () => null, 0);
  E.define("backtrace_locations", () => null, 0);
  E.define("set_backtrace", (_s, [v]) => v, 1);
  E.define("cause", () => null, 0);
  E.define("exception", (self: RException, args) => {
    if (args.length === 0) return self;
    const copy = new RException(classOf(self), args[0]);
    if (self.ivars) copy.ivars = new Map(self.ivars);
    return copy;
  }, [0, 1]);
  E.define("==", (self: RException, [o], _b, it) => o instanceof RException && classOf(o) === classOf(self) && it.eq(it.send(self, "message"), it.send(o, "message")), 1);

  const Obj = cModule.superclass!;
  const NameError = Obj.consts.get("NameError") as RClass;
  NameError.define("name", (self: RObject) => self.getIvar("@name"), 0);
  NameError.define("receiver", (self: RObject) => self.getIvar("@receiver"), 0);
  const KeyError = Obj.consts.get("KeyError") as RClass;
  KeyError.define("key", (self: RObject) => self.getIvar("@key"), 0);
  KeyError.define("receiver", (self: RObject) => self.getIvar("@receiver"), 0);
  const SystemExit = Obj.consts.get("SystemExit") as RClass;
  SystemExit.define("status", () => 1, 0);
  SystemExit.define("success?", () => false, 0);
  const StopIteration = Obj.consts.get("StopIteration") as RClass;
  StopIteration.define("result", (self: RObject) => self.getIvar("@result"), 0);
}

function installProc(): void {
  const P = cProc;
  const call = (self: RProc, args: Value[], blk: RProc | null) => self.call(args, blk);
  P.define("call", call);
  P.define("()", call);
  P.define("yield", call);
  P.define("[]", call);
  P.define("===", call);
  P.define("to_proc", (self) => self, 0);
  P.define("arity", (self: RProc) => self.arity, 0);
  P.define("lambda?", (self: RProc) => self.isLambda, 0);
  P.define("inspect", (self: RProc) => str(self.isLambda ? "#<Proc:(lambda)>" : "#<Proc>"), 0);
  P.define("curry", (_s, _a, _b, it) => it.raise("NotImplementedError", "Proc#curry is not supported by linkplate"));
  cProc.defineS("new", (_s, _a, blk, it) => blk ?? it.raise("ArgumentError", "tried to create Proc object without a block"));
}

