//! The facade's own logic, natively: time accumulation in `advance`, the per-frame view and the
//! trace hash format. (Error paths build `JsError`s, which only exist on wasm; the Node tests in
//! `tests/wasm/` cover those.)

use raft_core::Role;
use raft_sim::SimConfig;
use raft_wasm::{FrameView, Milestones, Playground, KV_ROWS};

fn playground(seed: u64, servers: u32) -> Playground {
    Playground::from_config(SimConfig {
        seed,
        servers,
        ..SimConfig::default()
    })
    .expect("valid settings")
}

fn advance(playground: &mut Playground, ms: f64) {
    assert!(playground.advance(ms).is_ok(), "advance({ms}) failed");
}

fn request(playground: &mut Playground, command: &str) -> f64 {
    match playground.request(command, None) {
        Ok(id) => id,
        Err(_) => panic!("request {command:?} was refused"),
    }
}

#[test]
fn advance_keeps_fractions_of_a_microsecond() {
    let mut pg = playground(1, 3);
    for _ in 0..1000 {
        advance(&mut pg, 0.0004); // 0.4 µs per frame: a 60 fps frame at 1/40000 speed
    }
    assert_eq!(pg.simulation().now(), 400);
    assert_eq!(pg.time_ms(), 0.4);
}

#[test]
fn advance_after_step_starts_from_the_stepped_time() {
    let mut pg = playground(2, 3);
    let description = pg
        .step()
        .ok()
        .flatten()
        .expect("a fresh cluster has pending timers");
    assert!(!description.is_empty());
    let stepped_to = pg.simulation().now();
    assert!(stepped_to > 0);
    advance(&mut pg, 1.0);
    assert_eq!(pg.simulation().now(), stepped_to + 1000);
}

#[test]
fn frame_view_keeps_the_log_tail_and_only_the_leaders_store() {
    let mut pg = playground(5, 5);
    advance(&mut pg, 1000.0);
    for i in 0..30 {
        request(&mut pg, &format!("set k{i} {i}"));
        advance(&mut pg, 20.0);
    }
    advance(&mut pg, 500.0);

    let full = pg.simulation().state();
    let last_index = full
        .servers
        .iter()
        .filter_map(|s| s.log.last().map(|e| e.index))
        .max()
        .expect("entries were replicated");
    assert!(last_index > 30);

    let view = FrameView::new(pg.simulation(), 8, None);
    assert_eq!(view.state.time_ms, full.time_ms);
    assert_eq!(view.state.messages, full.messages);
    let sizes: Vec<usize> = full.servers.iter().map(|s| s.kv.len()).collect();
    assert_eq!(view.kv_sizes, sizes);
    let mut leaders = 0;
    for server in &view.state.servers {
        assert!(server.log.len() <= 8);
        assert!(server.log.iter().all(|e| e.index > last_index - 8));
        if server.role == Role::Leader {
            leaders += 1;
            assert_eq!(server.kv.len(), 30, "the leader's store is kept");
        } else {
            assert!(server.kv.is_empty(), "S{}'s copy is dropped", server.id);
        }
    }
    assert_eq!(leaders, 1);
}

#[test]
fn frame_view_of_a_scrolled_log_grid_holds_the_window_it_names() {
    let mut pg = playground(3, 5);
    advance(&mut pg, 1000.0);
    for i in 0..40 {
        request(&mut pg, &format!("set k{i} {i}"));
        advance(&mut pg, 20.0);
    }
    advance(&mut pg, 500.0);
    let full = pg.simulation().state();
    let longest = full
        .servers
        .iter()
        .map(|s| s.log.len() as u64)
        .max()
        .unwrap();
    assert!(longest > 40);

    let view = FrameView::new(pg.simulation(), 8, Some(20));
    assert_eq!((view.log_window.first, view.log_window.last), (13, 20));
    for (server, whole) in view.state.servers.iter().zip(&full.servers) {
        let expected: Vec<_> = whole.log[12..20].to_vec();
        assert_eq!(server.log, expected, "S{}", server.id);
        assert_eq!(
            view.last_log_indexes[server.id as usize - 1],
            whole.log.len() as u64
        );
    }
    // Past the end it shows the tail; the JSON names the window.
    let tail = FrameView::new(pg.simulation(), 8, Some(10_000));
    assert_eq!(tail.log_window.last, longest);
    assert_eq!(tail, FrameView::new(pg.simulation(), 8, None));
    let json = raft_sim::json::to_string(&view);
    assert!(
        json.contains(r#""logWindow":{"first":13,"last":20}"#),
        "{json}"
    );
}

#[test]
fn the_event_list_is_json_of_the_milestones_after_the_last_one_shown() {
    let mut pg = playground(4, 5);
    advance(&mut pg, 1000.0);
    request(&mut pg, "set x 1");
    advance(&mut pg, 200.0);
    let trace = pg.simulation().trace();
    let total = trace.milestone_total();
    assert!(
        total >= 5,
        "an election, a leader, a request and commits: {total}"
    );
    let text = raft_sim::json::to_string(&Milestones { trace, after: 0 });
    assert!(raft_sim::json::parse(&text).is_ok(), "valid JSON: {text}");
    assert!(
        text.starts_with(&format!(
            r#"{{"total":{total},"events":[{{"number":1,"timeMs":"#
        )),
        "{text}"
    );
    assert!(
        text.contains(
            r#""kind":"roleChange","servers":[5],"followerCommit":false,"index":null,"text":"S5"#
        ),
        "{text}"
    );
    assert!(
        text.contains(
            r#""servers":[],"followerCommit":false,"index":null,"text":"the client issues"#
        ),
        "{text}"
    );
    assert!(
        text.contains(r#""followerCommit":true,"index":2,"text":"S"#),
        "a follower learns that index 2 (the request's entry) is committed: {text}"
    );
    assert!(
        text.contains(r#""kind":"propose","servers":[5],"followerCommit":false,"index":2,"#),
        "the leader appends the request at index 2: {text}"
    );
    assert!(text.contains("becomes leader of term 1"), "{text}");
    assert!(
        !text.contains("heartbeat"),
        "message traffic is left out: {text}"
    );
    let last = raft_sim::json::to_string(&Milestones {
        trace,
        after: total - 1,
    });
    assert_eq!(last.matches(r#""number":"#).count(), 1, "{last}");
    let none = raft_sim::json::to_string(&Milestones {
        trace,
        after: total,
    });
    assert_eq!(none, format!(r#"{{"total":{total},"events":[]}}"#));
}

#[test]
fn trace_hash_is_sixteen_hex_digits_and_reproducible() {
    let run = || {
        let mut pg = playground(7, 5);
        advance(&mut pg, 2000.0);
        request(&mut pg, "set x 1");
        advance(&mut pg, 500.0);
        (pg.trace_hash(), pg.event_count())
    };
    let (hash, events) = run();
    assert_eq!(hash.len(), 16);
    assert!(hash.chars().all(|c| c.is_ascii_hexdigit()));
    assert!(events > 100.0);
    assert_eq!(run(), (hash, events));
}

#[test]
fn frame_view_lists_only_the_first_pairs_of_a_large_store() {
    let mut pg = playground(6, 3);
    advance(&mut pg, 1000.0);
    let keys = KV_ROWS + 15;
    for i in 0..keys {
        request(&mut pg, &format!("set key{i:03} {i}"));
        advance(&mut pg, 5.0);
    }
    advance(&mut pg, 1000.0);
    let frame = FrameView::new(pg.simulation(), 10, None);
    let leader = frame
        .state
        .servers
        .iter()
        .find(|s| s.role == Role::Leader)
        .expect("a leader");
    assert_eq!(frame.kv_sizes[leader.id as usize - 1], keys);
    assert_eq!(leader.kv.len(), KV_ROWS);
    assert_eq!(leader.kv[0], ("key000".to_string(), "0".to_string()));
}

#[test]
fn drop_removes_one_message_and_the_frame_view_shows_the_network() {
    let mut pg = playground(8, 5);
    advance(&mut pg, 1000.0);
    let view = FrameView::new(pg.simulation(), 10, None);
    assert_eq!(view.state.network, pg.simulation().network());
    assert!(view.state.partition.is_empty() && view.state.cut_links.is_empty());
    let victim = loop {
        if let Some(message) = pg.simulation().state().messages.first() {
            break message.id;
        }
        assert!(
            pg.step().ok().flatten().is_some(),
            "the cluster is never quiet"
        );
    };
    assert!(pg.drop_message(victim as f64).is_ok());
    let view = FrameView::new(pg.simulation(), 10, None);
    assert!(view.state.messages.iter().all(|m| m.id != victim));
    // Healing a network with nothing to heal records nothing: the drop stays the last event.
    pg.heal();
    let description = pg
        .simulation()
        .trace()
        .recent()
        .last()
        .map(|event| event.describe());
    assert!(
        description
            .as_deref()
            .is_some_and(|text| text.ends_with("dropped by hand")),
        "{description:?}"
    );
}
