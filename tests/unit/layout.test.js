import { describe, expect, it } from 'vitest';
import {
  logCellAt,
  logGridLayout,
  messageFraction,
  messagePoint,
  ringLayout,
  serverAt,
  timerRemaining,
} from '../../web/layout.js';

describe('ring layout', () => {
  it('puts S1 at the top and the others clockwise at equal distance from the centre', () => {
    const layout = ringLayout(800, 500, 5);
    expect(layout.servers.map((s) => s.id)).toEqual([1, 2, 3, 4, 5]);
    const [s1, s2] = layout.servers;
    expect(s1.x).toBeCloseTo(layout.cx, 6);
    expect(s1.y).toBeLessThan(layout.cy);
    expect(s2.x).toBeGreaterThan(layout.cx); // clockwise: S2 to the right of S1
    for (const s of layout.servers) {
      expect(Math.hypot(s.x - layout.cx, s.y - layout.cy)).toBeCloseTo(layout.ringRadius, 6);
    }
  });

  it('keeps every server circle and its labels inside the canvas', () => {
    for (const [w, h, n] of [
      [800, 500, 5],
      [360, 340, 9],
      [1400, 640, 9],
      [500, 400, 1],
      [320, 340, 3],
    ]) {
      const layout = ringLayout(w, h, n);
      for (const s of layout.servers) {
        expect(s.x - layout.serverRadius - 6).toBeGreaterThanOrEqual(0);
        expect(s.x + layout.serverRadius + 6).toBeLessThanOrEqual(w);
        expect(s.y - layout.serverRadius - 6).toBeGreaterThanOrEqual(0);
        // 34 px of labels under each circle.
        expect(s.y + layout.serverRadius + 34).toBeLessThanOrEqual(h);
      }
    }
  });

  it('does not let neighbouring servers overlap with 9 servers', () => {
    const layout = ringLayout(420, 360, 9);
    const [a, b] = layout.servers;
    expect(Math.hypot(a.x - b.x, a.y - b.y)).toBeGreaterThan(2 * layout.serverRadius + 8);
  });

  it("keeps a server's labels clear of a neighbour's circle just below it", () => {
    for (const [w, h, n] of [
      [420, 440, 9],
      [380, 420, 9],
      [420, 440, 7],
      [1280, 640, 9],
    ]) {
      const { servers, serverRadius: r } = ringLayout(w, h, n);
      servers.forEach((p, i) => {
        const q = servers[(i + 1) % n];
        if (Math.abs(p.x - q.x) < 42 + r) {
          // The lower circle's top lies below the 34 px of labels under the upper one.
          expect(Math.abs(p.y - q.y), `${w}x${h}, ${n} servers, S${p.id}-S${q.id}`).toBeGreaterThanOrEqual(2 * r + 34);
        }
      });
    }
  });

  it('hit-tests clicks on server circles', () => {
    const layout = ringLayout(800, 500, 5);
    const s3 = layout.servers[2];
    expect(serverAt(layout, s3.x, s3.y)).toBe(3);
    expect(serverAt(layout, s3.x + layout.serverRadius - 1, s3.y)).toBe(3);
    expect(serverAt(layout, layout.cx, layout.cy)).toBeNull();
    expect(serverAt(layout, 0, 0)).toBeNull();
  });
});

describe('messages', () => {
  it('sit at (t - sent) / (deliver - sent) along their link, clamped to [0, 1]', () => {
    expect(messageFraction(100, 100, 110)).toBe(0);
    expect(messageFraction(105, 100, 110)).toBeCloseTo(0.5, 12);
    expect(messageFraction(110, 100, 110)).toBe(1);
    expect(messageFraction(90, 100, 110)).toBe(0);
    expect(messageFraction(150, 100, 110)).toBe(1);
    expect(messageFraction(100, 100, 100)).toBe(1);
  });

  it('move from the sender towards the receiver', () => {
    const layout = ringLayout(800, 500, 5);
    const start = messagePoint(layout, 1, 3, 0);
    const middle = messagePoint(layout, 1, 3, 0.5);
    const end = messagePoint(layout, 1, 3, 1);
    const s1 = layout.servers[0];
    const s3 = layout.servers[2];
    const d = (p, s) => Math.hypot(p.x - s.x, p.y - s.y);
    expect(d(start, s1)).toBeLessThan(d(start, s3));
    expect(d(end, s3)).toBeLessThan(d(end, s1));
    expect(d(middle, s1)).toBeCloseTo(d(middle, s3), 6);
    // Outside both circles at the ends.
    expect(d(start, s1)).toBeGreaterThan(layout.serverRadius);
    expect(d(end, s3)).toBeGreaterThan(layout.serverRadius);
  });

  it('keep opposite directions on separate lanes', () => {
    const layout = ringLayout(800, 500, 5);
    const there = messagePoint(layout, 2, 4, 0.5);
    const back = messagePoint(layout, 4, 2, 0.5);
    expect(Math.hypot(there.x - back.x, there.y - back.y)).toBeGreaterThan(6);
  });

  it('go to and from the client at the centre (id 0)', () => {
    const layout = ringLayout(800, 500, 5);
    const toClient = messagePoint(layout, 2, 0, 1);
    expect(Math.hypot(toClient.x - layout.cx, toClient.y - layout.cy)).toBeLessThan(40);
    expect(messagePoint(layout, 0, 7, 0.5)).toBeNull(); // no S7 in a 5-server layout
  });
});

describe('election timer arc', () => {
  it('counts down from full at start to empty when it fires', () => {
    expect(timerRemaining(100, [100, 300])).toBe(1);
    expect(timerRemaining(200, [100, 300])).toBeCloseTo(0.5, 12);
    expect(timerRemaining(300, [100, 300])).toBe(0);
    expect(timerRemaining(400, [100, 300])).toBe(0);
    expect(timerRemaining(100, null)).toBe(0);
  });
});

describe('log grid', () => {
  it('fits as many whole columns as the width allows', () => {
    const grid = logGridLayout(1000, 5);
    expect(grid.labelWidth + grid.columns * grid.cellWidth).toBeLessThanOrEqual(1000);
    expect(grid.labelWidth + (grid.columns + 1) * grid.cellWidth).toBeGreaterThan(1000 - 8);
    expect(logGridLayout(10, 5).columns).toBe(1);
  });

  it('finds the cell under the pointer', () => {
    const grid = logGridLayout(1000, 5);
    const x = grid.labelWidth + 2 * grid.cellWidth + 3;
    const y = grid.headerHeight + 1 * grid.rowHeight + 3;
    expect(logCellAt(1000, 5, 1, x, y)).toEqual({ row: 1, index: 3 });
    // A window further on (the tail of a long log, or where it was scrolled).
    expect(logCellAt(1000, 5, 71, x, y)).toEqual({ row: 1, index: 73 });
    expect(logCellAt(1000, 5, 1, 5, y)).toBeNull(); // the row label
    expect(logCellAt(1000, 5, 1, x, 3)).toBeNull(); // the header
    expect(logCellAt(1000, 5, 1, x, grid.headerHeight + 5 * grid.rowHeight + 1)).toBeNull();
  });
});
