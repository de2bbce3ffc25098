//! The page's event list: the run's latest milestones (elections, new leaders, commits,
//! crashes, requests, faults; see `TraceEvent::is_milestone`) in plain English, as Step words
//! them. The page asks only for those after the last one it has.

use crate::{to_js, Playground};
use raft_sim::json::{JsonWriter, ToJson};
use raft_sim::Trace;
use wasm_bindgen::prelude::*;

/// The milestones numbered after `after`, oldest first, and how many the run has recorded.
pub struct Milestones<'a> {
    /// The run's trace.
    pub trace: &'a Trace,
    /// Number of the last milestone the page has (0: none).
    pub after: u64,
}

/// `{ total, events: [{ number, timeMs, kind, servers, followerCommit, index, text }] }`.
impl ToJson for Milestones<'_> {
    fn write_json(&self, out: &mut JsonWriter) {
        out.begin_object();
        out.field("total", &self.trace.milestone_total());
        out.key("events");
        out.begin_array();
        for (number, event) in self.trace.milestones().filter(|(n, _)| *n > self.after) {
            out.next_item();
            out.begin_object();
            out.field("number", &number);
            out.field("timeMs", &(event.time() as f64 / 1000.0));
            out.field("kind", event.kind().name());
            out.key("servers");
            out.begin_array();
            for id in event.servers().into_iter().flatten() {
                out.item(&id);
            }
            out.end_array();
            out.field("followerCommit", &event.is_follower_commit());
            out.field("index", &event.log_index());
            out.field("text", event.describe().as_str());
            out.end_object();
        }
        out.end_array();
        out.end_object();
    }
}

#[wasm_bindgen]
impl Playground {
    /// The run's latest milestones numbered after `after` (0 for all that are kept, at most
    /// 200), oldest first: `{ total, events: [{ number, timeMs, kind, servers, followerCommit,
    /// index, text }] }`, where `servers` are the servers an event is about (none for the whole
    /// cluster or the client), `index` the log index it is about (or null) and `total` numbers
    /// the last milestone of the run so far (it goes down when time goes back).
    pub fn events(&self, after: f64) -> Result<JsValue, JsError> {
        to_js(&Milestones {
            trace: self.timeline.simulation().trace(),
            after: if after.is_finite() && after > 0.0 {
                after as u64
            } else {
                0
            },
        })
    }
}
