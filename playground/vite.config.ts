import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

/** `npm run docs` builds the playground into site/playground from the package's browser build (dist/portable.js). */
export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  base: "./",
  resolve: { alias: { linkplate: fileURLToPath(new URL("../dist/portable.js", import.meta.url)) } },
  worker: { format: "es" },
  build: { outDir: fileURLToPath(new URL("../site/playground", import.meta.url)), emptyOutDir: true, chunkSizeWarningLimit: 4096, target: "es2022" },
  logLevel: "warn",
});
