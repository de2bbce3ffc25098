//! raft-wasm: placeholder.
