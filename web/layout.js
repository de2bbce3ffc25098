// Geometry of the drawing, as pure functions of the canvas size: where servers, the client,
// messages and log cells go, and what a click hits. Drawing and hit-testing share these.

/** Id of the client in messages (servers are 1..n). */
export const CLIENT_ID = 0;

/** Space kept under each server for its role and vote labels (CSS pixels). */
const LABEL_BLOCK = 34;
const EDGE_MARGIN = 10;

/**
 * Servers on a ring, S1 at the top and the rest clockwise, with the client at the centre.
 * Returns `{ width, height, cx, cy, ringRadius, serverRadius, servers: [{ id, x, y }], client }`.
 */
export function ringLayout(width, height, count) {
  const n = Math.max(1, Math.floor(count));
  let serverRadius = clamp(Math.min(width, height) * 0.07, 15, 34);
  const labelHalfWidth = Math.max(serverRadius, 42);
  const ringRadius = Math.max(
    10,
    Math.min(
      width / 2 - labelHalfWidth - EDGE_MARGIN,
      (height - LABEL_BLOCK) / 2 - serverRadius - EDGE_MARGIN - 6,
    ),
  );
  if (n > 1) {
    const chord = 2 * ringRadius * Math.sin(Math.PI / n);
    serverRadius = Math.max(12, Math.min(serverRadius, chord * 0.3));
  }
  const cx = width / 2;
  const cy = (height - LABEL_BLOCK) / 2 + 6;
  const servers = [];
  for (let i = 0; i < n; i += 1) {
    const angle = -Math.PI / 2 + (2 * Math.PI * i) / n;
    servers.push({
      id: i + 1,
      x: cx + ringRadius * Math.cos(angle),
      y: cy + ringRadius * Math.sin(angle),
    });
  }
  // A server's labels must clear the circle of a neighbour just below it (many servers on a
  // narrow ring): shrink the circles until they do.
  const neighbours = n > 2 ? servers.map((p, i) => [p, servers[(i + 1) % n]]) : [];
  for (const [p, q] of neighbours) {
    if (Math.abs(p.x - q.x) < labelHalfWidth + serverRadius) {
      serverRadius = Math.max(12, Math.min(serverRadius, (Math.abs(p.y - q.y) - LABEL_BLOCK - 4) / 2));
    }
  }
  const client = { id: CLIENT_ID, x: cx, y: cy, halfWidth: 30, halfHeight: 14 };
  return { width, height, cx, cy, ringRadius, serverRadius, servers, client };
}

/** Centre of node `id` (0 is the client), or null when the layout has no such node. */
export function nodeCentre(layout, id) {
  if (id === CLIENT_ID) return layout.client;
  return layout.servers[id - 1] ?? null;
}

/** The id of the server whose circle contains (x, y), or null. */
export function serverAt(layout, x, y) {
  const hitRadius = layout.serverRadius + 4;
  for (const server of layout.servers) {
    const dx = x - server.x;
    const dy = y - server.y;
    if (dx * dx + dy * dy <= hitRadius * hitRadius) return server.id;
  }
  return null;
}

/**
 * How far along its link a message is at `timeMs`: 0 when sent, 1 when delivered
 * (RaftScope's rule; the renderer keeps no animation state).
 */
export function messageFraction(timeMs, sentMs, deliverMs) {
  const span = deliverMs - sentMs;
  if (!(span > 0)) return timeMs >= deliverMs ? 1 : 0;
  return clamp((timeMs - sentMs) / span, 0, 1);
}

/** Lane offset: messages keep to the right of their direction, so A→B and B→A never overlap. */
const LANE_OFFSET = 5;

/**
 * Where a message from `from` to `to` is drawn at `fraction` of its flight: `{ x, y, angle }`,
 * or null when either end is unknown. The path runs between the edges of the two nodes.
 */
export function messagePoint(layout, from, to, fraction) {
  const a = nodeCentre(layout, from);
  const b = nodeCentre(layout, to);
  if (!a || !b || a === b) return null;
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const length = Math.hypot(dx, dy);
  if (length === 0) return null;
  const ux = dx / length;
  const uy = dy / length;
  const startGap = nodeGap(layout, from);
  const endGap = nodeGap(layout, to);
  const travel = Math.max(0, length - startGap - endGap);
  const along = startGap + travel * clamp(fraction, 0, 1);
  // Right-hand normal of the direction of travel (canvas y grows downwards).
  const nx = -uy;
  const ny = ux;
  return {
    x: a.x + ux * along + nx * LANE_OFFSET,
    y: a.y + uy * along + ny * LANE_OFFSET,
    angle: Math.atan2(dy, dx),
  };
}

function nodeGap(layout, id) {
  return id === CLIENT_ID ? layout.client.halfWidth * 0.8 : layout.serverRadius + 6;
}

/** Remaining fraction of an election timer `[startMs, fireMs]` at `timeMs`, in [0, 1]. */
export function timerRemaining(timeMs, timer) {
  if (!timer) return 0;
  const [start, fire] = timer;
  if (!(fire > start)) return 0;
  return clamp((fire - timeMs) / (fire - start), 0, 1);
}

/** Sizes of the log grid: header, one row per server, as many index columns as fit. */
export function logGridLayout(width, serverCount) {
  const labelWidth = 92;
  const headerHeight = 22;
  const rowHeight = 26;
  const cellWidth = 30;
  const columns = Math.max(1, Math.floor((width - labelWidth - 8) / cellWidth));
  return { labelWidth, headerHeight, rowHeight, cellWidth, columns, rows: serverCount };
}

/** CSS height the log grid needs for `serverCount` rows. */
export function logGridHeight(serverCount) {
  const { headerHeight, rowHeight } = logGridLayout(0, serverCount);
  return headerHeight + rowHeight * serverCount + 4;
}

/**
 * The log cell under (x, y) of a grid `width` wide with `serverCount` rows whose first column
 * shows index `first`: `{ row, index }` (row 0 is S1), or null outside the cells.
 */
export function logCellAt(width, serverCount, first, x, y) {
  const grid = logGridLayout(width, serverCount);
  const column = Math.floor((x - grid.labelWidth) / grid.cellWidth);
  const row = Math.floor((y - grid.headerHeight) / grid.rowHeight);
  if (x < grid.labelWidth || column >= grid.columns || row < 0 || row >= serverCount) return null;
  return { row, index: first + column };
}

function clamp(x, lo, hi) {
  return Math.min(hi, Math.max(lo, x));
}
