//! Trace statistics as the command line reports them: total events, the trace hash that pins
//! determinism, and a count per kind of event.

use raft_sim::json::{JsonWriter, ToJson};
use raft_sim::Trace;

/// Summary of a run's trace.
pub struct TraceStats {
    /// Number of trace events.
    pub events: u64,
    /// The running trace hash, as `0x` and 16 hex digits (equal natively and in wasm).
    pub hash: String,
    /// Events per kind ("send", "deliver", ...), kinds that never happened left out.
    pub counts: std::collections::BTreeMap<&'static str, u64>,
}

impl TraceStats {
    /// Summarises `trace`.
    pub fn of(trace: &Trace) -> TraceStats {
        TraceStats {
            events: trace.total(),
            hash: format!("{:#018x}", trace.hash()),
            counts: trace
                .counts()
                .filter(|&(_, count)| count > 0)
                .map(|(kind, count)| (kind.name(), count))
                .collect(),
        }
    }

    /// A few lines for people.
    pub fn to_text(&self) -> String {
        let mut out = format!("trace: {} events, hash {}\n", self.events, self.hash);
        for (kind, count) in &self.counts {
            out.push_str(&format!("  {kind:<14} {count}\n"));
        }
        out
    }
}

/// `{ events, hash, counts: { kind: count } }`, kinds in name order.
impl ToJson for TraceStats {
    fn write_json(&self, out: &mut JsonWriter) {
        out.begin_object();
        out.field("events", &self.events);
        out.field("hash", &self.hash);
        out.key("counts");
        out.begin_object();
        for (kind, count) in &self.counts {
            out.field(kind, count);
        }
        out.end_object();
        out.end_object();
    }
}
