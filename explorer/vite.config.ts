import { defineConfig } from "vite";

export default defineConfig({
  // Relative asset paths: the build is served from any directory, by scripts/explorer or any static server.
  base: "./",
  build: {
    outDir: "dist",
    // smoldot's wasm is embedded in its worker bundle; the warning about its size says nothing we can act on.
    chunkSizeWarningLimit: 8000,
  },
  worker: { format: "es" },
  resolve: {
    // polkadot-api's provider imports an error class from "smoldot", whose entry point embeds the light client's
    // 3 MB wasm; the wasm belongs in the worker only (which imports "smoldot/worker" and "smoldot/bytecode"), so
    // the page takes the same exports from the entry point without it.
    alias: [{ find: /^smoldot$/, replacement: "smoldot/no-auto-bytecode" }],
  },
});
