import { describe, expect, it } from 'vitest';
import {
  cycleDraft,
  distanceToSegment,
  draftFromPartition,
  groupRuns,
  groupsByServer,
  groupsFromDraft,
  linkAt,
  linksSummary,
  linkState,
  messageAt,
} from '../../web/faults-geometry.js';
import { messagePoint, ringLayout } from '../../web/layout.js';

const layout = ringLayout(600, 400, 5);

describe('hit-testing links and messages', () => {
  it('measures the distance to a segment and where along it', () => {
    expect(distanceToSegment(5, 3, 0, 0, 10, 0)).toEqual({ distance: 3, along: 0.5 });
    expect(distanceToSegment(-4, 3, 0, 0, 10, 0)).toEqual({ distance: 5, along: 0 });
  });

  it('finds the link under a point, but not on a server or far from every line', () => {
    const [s1, s2] = layout.servers;
    const mid = { x: (s1.x + s2.x) / 2, y: (s1.y + s2.y) / 2 };
    expect(linkAt(layout, mid.x, mid.y)).toEqual({ a: 1, b: 2 });
    expect(linkAt(layout, mid.x + 3, mid.y + 3)).toEqual({ a: 1, b: 2 });
    // On S1's circle: the server, not the link.
    expect(linkAt(layout, s1.x + 2, s1.y + 2)).toBeNull();
    // The centre of the ring is on no server-to-server link of a pentagon.
    expect(linkAt(layout, layout.cx, layout.cy)).toBeNull();
  });

  it('finds the message drawn nearest to a point', () => {
    const view = {
      timeMs: 10,
      messages: [
        { id: 7, from: 1, to: 3, sentMs: 0, deliverMs: 20 },
        { id: 8, from: 3, to: 1, sentMs: 0, deliverMs: 20 },
      ],
    };
    const p7 = messagePoint(layout, 1, 3, 0.5);
    const p8 = messagePoint(layout, 3, 1, 0.5);
    expect(messageAt(layout, view, p7.x, p7.y).id).toBe(7);
    expect(messageAt(layout, view, p8.x, p8.y).id).toBe(8);
    expect(messageAt(layout, view, p7.x + 40, p7.y + 40)).toBeNull();
  });

  it('finds a dropped message only where no message in flight is near', () => {
    const lost = { id: 9, from: 1, to: 3, sentMs: 0, deliverMs: 20, reason: 'lost' };
    const live = { id: 7, from: 1, to: 3, sentMs: 0, deliverMs: 20 };
    const p = messagePoint(layout, 1, 3, 0.5);
    expect(messageAt(layout, { timeMs: 10, messages: [], dropped: [lost] }, p.x, p.y).id).toBe(9);
    // Drawn over it, the message in flight is the one clicked.
    expect(messageAt(layout, { timeMs: 10, messages: [live], dropped: [lost] }, p.x, p.y).id).toBe(7);
    expect(messageAt(layout, { timeMs: 10, messages: [] }, p.x, p.y)).toBeNull();
  });
});

describe('partition groups and link states', () => {
  it('maps each server to its group', () => {
    expect(groupsByServer([], 3)).toEqual([-1, -1, -1]);
    expect(groupsByServer([[1, 2], [3]], 3)).toEqual([0, 0, 1]);
  });

  it('says what each direction of a link is', () => {
    const view = { servers: [{}, {}, {}], partition: [[1, 2], [3]], cutLinks: [[1, 2]] };
    expect(linkState(view, 1, 2)).toEqual({ forward: 'cut', backward: 'open' });
    expect(linkState(view, 2, 3)).toEqual({ forward: 'partitioned', backward: 'partitioned' });
  });

  it('summarises partitions and cuts in one line', () => {
    expect(linksSummary([], [])).toBe('all links up');
    expect(linksSummary([[1, 2], [3, 4, 5]], [])).toBe('partitioned A: S1 S2 · B: S3 S4 S5');
    expect(linksSummary([], [[1, 2], [2, 1], [3, 4]])).toBe('cut S1↔S2, S3→S4');
  });

  it('cycles servers through the draft groups and gives the groups partition() takes', () => {
    let draft = draftFromPartition([], 5);
    expect(draft).toEqual([0, 0, 0, 0, 0]);
    draft = cycleDraft(draft, 3);
    expect(groupsFromDraft(draft)).toEqual([[1, 2, 4, 5], [3]]);
    draft = cycleDraft(cycleDraft(draft, 3), 5);
    expect(groupsFromDraft(draft)).toEqual([[1, 2, 4], [5], [3]]);
    expect(groupsFromDraft(cycleDraft(draft, 3))).toEqual([[1, 2, 3, 4], [5]]);
    expect(draftFromPartition([[4, 5], [1], [2], [3]], 5)).toEqual([1, 2, 2, 0, 0]);
  });

  it('splits the ring into runs of neighbours in one group, wrapping round', () => {
    expect(groupRuns([-1, -1])).toEqual([]);
    expect(groupRuns([0, 0, 0])).toEqual([{ group: 0, start: 0, length: 3 }]);
    expect(groupRuns([0, 1, 1, 0, 0])).toEqual([
      { group: 1, start: 1, length: 2 },
      { group: 0, start: 3, length: 3 },
    ]);
    expect(groupRuns([0, 1, 0, 1])).toHaveLength(4);
  });
});
