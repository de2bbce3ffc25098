// Geometry and bookkeeping of network faults on the ring, as pure functions: which link or
// message a click hits, which partition group each server is in, what state a link is in, and
// the partition tool's draft of groups. Drawing (faults-draw.js) and input share these.

import { messageFraction, messagePoint } from './layout.js';

/** Letters naming partition groups, in order. */
export const GROUP_LETTERS = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I'];

/** How many groups the partition tool cycles through. */
export const DRAFT_GROUPS = 3;

/** Distance from (px, py) to the segment (ax, ay)–(bx, by), and where along it (0..1). */
export function distanceToSegment(px, py, ax, ay, bx, by) {
  const dx = bx - ax;
  const dy = by - ay;
  const lengthSquared = dx * dx + dy * dy;
  const t = lengthSquared === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / lengthSquared));
  const x = ax + t * dx;
  const y = ay + t * dy;
  return { distance: Math.hypot(px - x, py - y), along: t };
}

/**
 * The link between two servers drawn under (x, y): `{ a, b }` with a < b, or null. Points on
 * a server's circle belong to the server, not the link; the nearest link within `tolerance`
 * pixels wins.
 */
export function linkAt(layout, x, y, tolerance = 7) {
  const points = layout.servers;
  const keepOut = layout.serverRadius + 6;
  let best = null;
  let bestDistance = tolerance;
  for (let i = 0; i < points.length; i += 1) {
    const p = points[i];
    if (Math.hypot(x - p.x, y - p.y) <= keepOut) return null;
  }
  for (let i = 0; i < points.length; i += 1) {
    for (let j = i + 1; j < points.length; j += 1) {
      const { distance } = distanceToSegment(x, y, points[i].x, points[i].y, points[j].x, points[j].y);
      if (distance <= bestDistance) {
        bestDistance = distance;
        best = { a: points[i].id, b: points[j].id };
      }
    }
  }
  return best;
}

/**
 * The message of `view` drawn nearest to (x, y) within `radius` pixels, or null. Messages in
 * flight come first; a dropped one (drawn under them, `view.dropped`) only where none is near.
 */
export function messageAt(layout, view, x, y, radius = 11) {
  return nearestMessage(layout, view, view.messages, x, y, radius) ?? nearestMessage(layout, view, view.dropped ?? [], x, y, radius);
}

function nearestMessage(layout, view, messages, x, y, radius) {
  let best = null;
  let bestDistance = radius;
  for (const message of messages) {
    const point = messagePoint(
      layout,
      message.from,
      message.to,
      messageFraction(view.timeMs, message.sentMs, message.deliverMs),
    );
    if (!point) continue;
    const distance = Math.hypot(x - point.x, y - point.y);
    if (distance <= bestDistance) {
      bestDistance = distance;
      best = message;
    }
  }
  return best;
}

/**
 * The group index of each server (index 0 is S1) for `partition` (a list of groups of ids, as
 * in `state().partition`); -1 for every server when not partitioned.
 */
export function groupsByServer(partition, serverCount) {
  const groups = new Array(serverCount).fill(-1);
  if (!partition || partition.length === 0) return groups;
  partition.forEach((group, index) => {
    for (const id of group) if (id >= 1 && id <= serverCount) groups[id - 1] = index;
  });
  return groups;
}

/** True if `from` → `to` is in `cutLinks` (one-way `[from, to]` pairs). */
export function isCut(cutLinks, from, to) {
  for (const [f, t] of cutLinks ?? []) if (f === from && t === to) return true;
  return false;
}

/**
 * The state of each direction of the link between `a` and `b`: `{ forward, backward }` for
 * a → b and b → a, each "open", "cut" or "partitioned" (a cut takes precedence).
 */
export function linkState(view, a, b) {
  const groups = groupsByServer(view.partition, view.servers.length);
  const split = groups[a - 1] !== groups[b - 1];
  const direction = (from, to) => (isCut(view.cutLinks, from, to) ? 'cut' : split ? 'partitioned' : 'open');
  return { forward: direction(a, b), backward: direction(b, a) };
}

/** The partition tool's starting draft: each server's group (0..DRAFT_GROUPS-1). */
export function draftFromPartition(partition, serverCount) {
  return groupsByServer(partition, serverCount).map((g) => (g < 0 ? 0 : Math.min(g, DRAFT_GROUPS - 1)));
}

/** The draft with server `id` moved to the next group (A → B → C → A). */
export function cycleDraft(draft, id) {
  const next = draft.slice();
  if (id >= 1 && id <= next.length) next[id - 1] = (next[id - 1] + 1) % DRAFT_GROUPS;
  return next;
}

/** The non-empty groups of a draft, as `partition()` takes them, e.g. `[[1, 2], [3, 4, 5]]`. */
export function groupsFromDraft(draft) {
  const groups = [];
  for (let g = 0; g < DRAFT_GROUPS; g += 1) {
    const members = [];
    draft.forEach((group, index) => {
      if (group === g) members.push(index + 1);
    });
    if (members.length > 0) groups.push(members);
  }
  return groups;
}

/** "A: S1 S2 · B: S3 S4 S5" for a list of groups. */
export function groupsText(groups) {
  return groups.map((group, i) => `${GROUP_LETTERS[i] ?? i + 1}: ${group.map((id) => `S${id}`).join(' ')}`).join(' · ');
}

/**
 * One line about the network's links, e.g. "partitioned A: S1 · B: S2 S3 · cut S1→S2";
 * "all links up" when nothing is broken.
 */
export function linksSummary(partition, cutLinks) {
  const parts = [];
  if (partition && partition.length > 1) parts.push(`partitioned ${groupsText(partition)}`);
  const cuts = cutLinks ?? [];
  if (cuts.length > 0) {
    // A link cut both ways is listed once, as S1↔S2.
    const seen = new Set();
    const names = [];
    for (const [from, to] of cuts) {
      const key = `${Math.min(from, to)}-${Math.max(from, to)}`;
      if (seen.has(key)) continue;
      seen.add(key);
      names.push(isCut(cuts, to, from) ? `S${Math.min(from, to)}↔S${Math.max(from, to)}` : `S${from}→S${to}`);
    }
    parts.push(`cut ${names.join(', ')}`);
  }
  return parts.length === 0 ? 'all links up' : parts.join(' · ');
}

/**
 * Runs of consecutive servers around the ring in the same group: `[{ group, start, length }]`
 * with `start` a 0-based server index; a run may wrap past the last server. Empty when no
 * server has a group.
 */
export function groupRuns(groups) {
  const n = groups.length;
  if (n === 0 || groups.every((g) => g < 0)) return [];
  if (groups.every((g) => g === groups[0])) return [{ group: groups[0], start: 0, length: n }];
  // Start at a boundary so no run is split in two.
  let origin = 0;
  while (groups[origin] === groups[(origin + n - 1) % n]) origin += 1;
  const runs = [];
  for (let k = 0; k < n; k += 1) {
    const index = (origin + k) % n;
    const last = runs[runs.length - 1];
    if (last && last.group === groups[index]) last.length += 1;
    else runs.push({ group: groups[index], start: index, length: 1 });
  }
  return runs;
}
