//! Measures what one copy of a simulation costs in heap bytes (a counting allocator), after
//! `MINUTES` of virtual time with a client command every 100 ms — the figure behind the
//! timeline's checkpoint size estimate. `cargo run --release -p raft-sim --example copy_size`.

use raft_sim::{SimConfig, Simulation};
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size(), Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn main() {
    for minutes in [10u64, 60] {
        let mut sim = Simulation::new(SimConfig::default()).unwrap();
        for n in 0..minutes * 600 {
            sim.run_until((n + 1) * 100_000);
            sim.client_request(&format!("set x{} {n}", n % 10)).unwrap();
        }
        let entries: usize = (1..=5)
            .map(|id| {
                sim.server(id).map_or(0, |s| s.log().len())
                    + sim.persisted(id).map_or(0, |disk| disk.log.len())
            })
            .sum();
        let before = LIVE.load(Ordering::Relaxed);
        let copy = sim.clone();
        let bytes = LIVE.load(Ordering::Relaxed) - before;
        println!(
            "{minutes} min: live {:.1} MB, a copy {:.1} MB, {entries} log entries held, {:.0} bytes per entry",
            before as f64 / 1e6,
            bytes as f64 / 1e6,
            bytes as f64 / entries as f64
        );
        drop(copy);
    }
}
