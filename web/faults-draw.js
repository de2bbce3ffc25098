// Draws the network's faults on the ring: partition groups as tinted arcs with a wall between
// groups and a letter badge on each server, links between groups as faint red dashes, cut
// links as red dashes with a ✕ at each end that no longer receives, the link under the
// pointer, and the selected message. Reads its inputs only.

import { strokeDashedCircle } from './canvas.js';
import { GROUP_LETTERS, groupRuns, isCut } from './faults-geometry.js';
import { font, palette } from './theme.js';

/** One colour per partition group (Okabe–Ito, cycled); every group also has a letter. */
export const GROUP_COLOURS = ['#56B4E9', '#E69F00', '#009E73', '#CC79A7', '#F0E442', '#0072B2', '#D55E00'];

export function groupColour(group) {
  return GROUP_COLOURS[group % GROUP_COLOURS.length];
}

const BADGE_FONT = font(10, 700);
const LINK_GREY = '#e3e7ec';

/** Half the width of a group's band around the ring. */
function bandHalfWidth(layout) {
  return layout.serverRadius + 15;
}

/**
 * Tinted arcs behind the servers, one per run of neighbours in the same group, and a wall
 * where two groups meet. `groups[i]` is S(i+1)'s group, -1 for none; `draft` draws the
 * partition tool's proposal (dashed outlines, no walls).
 */
export function drawGroupBands(ctx, layout, groups, draft) {
  const runs = groupRuns(groups);
  if (runs.length === 0) return;
  const n = groups.length;
  const { cx, cy, ringRadius } = layout;
  const half = bandHalfWidth(layout);
  const outer = ringRadius + half;
  const inner = Math.max(layout.client.halfWidth + 12, ringRadius - half);
  const slice = Math.PI / n;
  const angleOf = (index) => -Math.PI / 2 + (2 * Math.PI * index) / n;
  const whole = runs.length === 1;

  for (const run of runs) {
    if (run.group < 0) continue;
    ctx.beginPath();
    if (whole) {
      ctx.arc(cx, cy, outer, 0, Math.PI * 2);
      ctx.moveTo(cx + inner, cy);
      ctx.arc(cx, cy, inner, 0, Math.PI * 2, true);
    } else {
      const start = angleOf(run.start) - slice;
      const end = angleOf(run.start + run.length - 1) + slice;
      ctx.arc(cx, cy, outer, start, end);
      ctx.arc(cx, cy, inner, end, start, true);
      ctx.closePath();
    }
    const colour = groupColour(run.group);
    ctx.globalAlpha = draft ? 0.12 : 0.2;
    ctx.fillStyle = colour;
    ctx.fill('evenodd');
    ctx.globalAlpha = 1;
    if (draft) {
      ctx.setLineDash([5, 4]);
      ctx.strokeStyle = colour;
      ctx.lineWidth = 1.5;
      ctx.stroke();
      ctx.setLineDash([]);
    }
  }

  if (draft || whole) return;
  // Walls between groups: where the partition cuts the ring.
  ctx.beginPath();
  for (const run of runs) {
    const angle = angleOf(run.start) - slice;
    const cos = Math.cos(angle);
    const sin = Math.sin(angle);
    ctx.moveTo(cx + cos * (inner - 4), cy + sin * (inner - 4));
    ctx.lineTo(cx + cos * (outer + 4), cy + sin * (outer + 4));
  }
  ctx.strokeStyle = palette.vermillion;
  ctx.lineWidth = 3;
  ctx.stroke();
}

/** A letter badge (A, B, C...) at each grouped server's upper right. */
export function drawGroupBadges(ctx, layout, groups) {
  const r = layout.serverRadius;
  ctx.font = BADGE_FONT;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  for (let i = 0; i < groups.length; i += 1) {
    const group = groups[i];
    const at = layout.servers[i];
    if (group < 0 || !at) continue;
    const x = at.x + (r + 2) * Math.SQRT1_2;
    const y = at.y - (r + 2) * Math.SQRT1_2;
    ctx.beginPath();
    ctx.arc(x, y, 8, 0, Math.PI * 2);
    ctx.fillStyle = groupColour(group);
    ctx.fill();
    ctx.strokeStyle = palette.paper;
    ctx.lineWidth = 1.5;
    ctx.stroke();
    ctx.fillStyle = palette.ink;
    ctx.fillText(GROUP_LETTERS[group] ?? String(group + 1), x, y + 0.5);
  }
}

/**
 * Every link between two servers: grey when up, faint red dashes between partition groups, red
 * dashes when cut (`drawCutCrosses` marks the direction, over everything else). `hover`
 * (`{ a, b }` or null) is the link under the pointer.
 */
export function drawLinks(ctx, layout, groups, cutLinks, hover) {
  const points = layout.servers;
  const up = new Path2D();
  const split = new Path2D();
  const cut = new Path2D();
  let anySplit = false;
  let anyCut = false;
  for (let i = 0; i < points.length; i += 1) {
    for (let j = i + 1; j < points.length; j += 1) {
      const a = points[i];
      const b = points[j];
      const forward = isCut(cutLinks, a.id, b.id);
      const backward = isCut(cutLinks, b.id, a.id);
      let path = up;
      if (forward || backward) {
        path = cut;
        anyCut = true;
      } else if (groups[i] !== groups[j]) {
        path = split;
        anySplit = true;
      }
      path.moveTo(a.x, a.y);
      path.lineTo(b.x, b.y);
    }
  }
  ctx.strokeStyle = LINK_GREY;
  ctx.lineWidth = 1;
  ctx.stroke(up);

  if (hover) {
    const a = points[hover.a - 1];
    const b = points[hover.b - 1];
    if (a && b) {
      ctx.beginPath();
      ctx.moveTo(a.x, a.y);
      ctx.lineTo(b.x, b.y);
      ctx.strokeStyle = 'rgba(0, 114, 178, 0.35)';
      ctx.lineWidth = 7;
      ctx.lineCap = 'round';
      ctx.stroke();
      ctx.lineCap = 'butt';
    }
  }

  if (anySplit) {
    ctx.setLineDash([4, 5]);
    ctx.strokeStyle = 'rgba(213, 94, 0, 0.45)';
    ctx.lineWidth = 1.5;
    ctx.stroke(split);
  }
  if (anyCut) {
    ctx.setLineDash([7, 5]);
    ctx.strokeStyle = palette.vermillion;
    ctx.lineWidth = 2;
    ctx.stroke(cut);
  }
  ctx.setLineDash([]);
}

/**
 * A ✕ at the receiving end of each cut direction. Drawn last, over the servers' labels, so the
 * direction of a one-way cut can always be read.
 */
export function drawCutCrosses(ctx, layout, cutLinks) {
  for (const [from, to] of cutLinks ?? []) {
    const a = layout.servers[from - 1];
    const b = layout.servers[to - 1];
    if (a && b) drawReceiverCross(ctx, layout, a, b);
  }
}

/** A ✕ on the link from `from` to `to`, just before `to`: `to` no longer hears `from`. */
function drawReceiverCross(ctx, layout, from, to) {
  const dx = to.x - from.x;
  const dy = to.y - from.y;
  const length = Math.hypot(dx, dy);
  if (length === 0) return;
  const back = layout.serverRadius + 22;
  const x = to.x - (dx / length) * back;
  const y = to.y - (dy / length) * back;
  const d = 5.5;
  ctx.beginPath();
  ctx.arc(x, y, d + 3, 0, Math.PI * 2);
  ctx.fillStyle = palette.paper;
  ctx.fill();
  ctx.beginPath();
  ctx.moveTo(x - d, y - d);
  ctx.lineTo(x + d, y + d);
  ctx.moveTo(x + d, y - d);
  ctx.lineTo(x - d, y + d);
  ctx.strokeStyle = palette.vermillion;
  ctx.lineWidth = 2.5;
  ctx.stroke();
}

/** A dashed ring around the selected message at `point`. */
export function drawMessageSelection(ctx, point, size) {
  strokeDashedCircle(ctx, point, size + 6, palette.ink, [3, 3]);
}
