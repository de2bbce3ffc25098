// Loads the built wasm package (web/pkg, made by scripts/setup.sh) synchronously in Node.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { initSync, Playground, lastPanic } from '../../web/pkg/raft_wasm.js';

const wasmPath = fileURLToPath(new URL('../../web/pkg/raft_wasm_bg.wasm', import.meta.url));
initSync({ module: readFileSync(wasmPath) });

export { Playground, lastPanic };
