// Browser bundles fetch prism.wasm beside dist/ruby/parse/prism.js (new URL("./prism.wasm", import.meta.url)).
import { copyFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const from = createRequire(import.meta.url).resolve("@ruby/prism/src/prism.wasm");
copyFileSync(from, fileURLToPath(new URL("../dist/ruby/parse/prism.wasm", import.meta.url)));
