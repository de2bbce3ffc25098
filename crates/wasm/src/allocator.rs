//! The wasm module's memory allocator: talc instead of Rust's default dlmalloc. The simulator
//! allocates a few small blocks per message (entry lists, command texts, store values); talc
//! serves them with fewer instructions and is smaller code (figures in docs/benchmarks.md).
//! talc's wasm allocator needs a single-threaded module (built without the atomics feature);
//! its constructor checks that when it is evaluated, at compile time.

#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();
