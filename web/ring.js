// Draws the cluster: servers on a ring (role, term, vote, election timer, crashed), the client
// at the centre, every message in flight at its place along its link, and the network's
// faults (partition groups, cut links; see faults-draw.js). Reads the view only.

import { strokeDashedCircle } from './canvas.js';
import { drawCutCrosses, drawGroupBadges, drawGroupBands, drawLinks, drawMessageSelection } from './faults-draw.js';
import { groupsByServer } from './faults-geometry.js';
import { messageFraction, messagePoint, timerRemaining } from './layout.js';
import { votesText } from './message-fields.js';
import { font, fonts, isCampaigning, isReply, palette, styleForMessage, styleForServer } from './theme.js';

const ROLE_FONT = font(12, 600);
const VOTE_FONT_PX = 11;
const VOTE_FONT = font(VOTE_FONT_PX);

/** Nothing drawn over the cluster or the log grid: what the page starts with. */
export const NO_OVERLAY = Object.freeze({
  draft: null,
  hoverLink: null,
  selectedMessageId: null,
  highlightIds: null,
  highlightIndex: null,
});

/**
 * Draws `view` (the playground's frame view) into `ctx` using `layout` (from ringLayout).
 * `selectedId` is the server whose menu is open, if any. `overlay` holds what the page adds:
 * `draft` (the partition tool's proposed group of each server, or null), `hoverLink`
 * (`{ a, b }` under the pointer, or null), `selectedMessageId` and `highlightIds` (the servers
 * of the event under the pointer in the Events list, or null); `highlightIndex` is for the log
 * grid.
 */
export function drawRing(ctx, layout, view, selectedId = null, overlay = NO_OVERLAY) {
  ctx.clearRect(0, 0, layout.width, layout.height);
  const actualGroups = groupsByServer(view.partition, view.servers.length);
  const shownGroups = overlay.draft ?? actualGroups;
  drawGroupBands(ctx, layout, shownGroups, Boolean(overlay.draft));
  drawHighlights(ctx, layout, overlay.highlightIds);
  drawLinks(ctx, layout, actualGroups, view.cutLinks, overlay.hoverLink);
  drawClient(ctx, layout, view.requests.length);
  const scale = Math.max(0.75, Math.min(1, layout.serverRadius / 30));
  // Dropped messages first, under those still in flight.
  for (const message of view.dropped ?? []) {
    const drawn = drawDropped(ctx, layout, view.timeMs, message, scale);
    if (drawn && message.id === overlay.selectedMessageId) drawMessageSelection(ctx, drawn.point, drawn.size);
  }
  for (const message of view.messages) {
    const drawn = drawMessage(ctx, layout, view.timeMs, message, scale);
    if (drawn && message.id === overlay.selectedMessageId) drawMessageSelection(ctx, drawn.point, drawn.size);
  }
  for (const server of view.servers) {
    const at = layout.servers[server.id - 1];
    if (at) drawServer(ctx, layout, at, server, view.timeMs, server.id === selectedId);
  }
  drawGroupBadges(ctx, layout, shownGroups);
  drawCutCrosses(ctx, layout, view.cutLinks);
}

/** A soft yellow disc behind each server of `ids`: the one an event in the list is about. */
function drawHighlights(ctx, layout, ids) {
  if (!ids || ids.length === 0) return;
  ctx.fillStyle = palette.yellow;
  ctx.globalAlpha = 0.55;
  ctx.beginPath();
  for (const id of ids) {
    const at = layout.servers[id - 1];
    if (!at) continue;
    const radius = layout.serverRadius + 16;
    ctx.moveTo(at.x + radius, at.y);
    ctx.arc(at.x, at.y, radius, 0, Math.PI * 2);
  }
  ctx.fill();
  ctx.globalAlpha = 1;
}

function drawClient(ctx, layout, pending) {
  const { x, y, halfWidth, halfHeight } = layout.client;
  ctx.beginPath();
  ctx.roundRect(x - halfWidth, y - halfHeight, halfWidth * 2, halfHeight * 2, 6);
  ctx.fillStyle = '#f6eef3';
  ctx.fill();
  ctx.strokeStyle = palette.purple;
  ctx.lineWidth = 1.5;
  ctx.stroke();
  ctx.fillStyle = palette.ink;
  ctx.font = font(12, 600);
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.fillText('client', x, y);
  if (pending > 0) {
    ctx.font = font(11);
    ctx.fillStyle = palette.muted;
    ctx.fillText(`${pending} pending`, x, y + halfHeight + 10);
  }
}

function drawServer(ctx, layout, at, server, timeMs, selected) {
  const r = layout.serverRadius;
  const style = styleForServer(server);

  // Election timer: a track and the remaining part, counting down clockwise from the top.
  if (!server.crashed && server.electionTimerMs) {
    const remaining = timerRemaining(timeMs, server.electionTimerMs);
    ctx.beginPath();
    ctx.arc(at.x, at.y, r + 5, 0, Math.PI * 2);
    ctx.strokeStyle = '#e3e6ea';
    ctx.lineWidth = 4;
    ctx.stroke();
    if (remaining > 0) {
      ctx.beginPath();
      ctx.arc(at.x, at.y, r + 5, -Math.PI / 2, -Math.PI / 2 + Math.PI * 2 * remaining);
      ctx.strokeStyle = isCampaigning(server.role) ? style.stroke : palette.muted;
      ctx.stroke();
    }
  }

  if (selected) strokeDashedCircle(ctx, at, r + 10, palette.purple, [4, 3]);

  ctx.beginPath();
  ctx.arc(at.x, at.y, r, 0, Math.PI * 2);
  ctx.fillStyle = style.fill;
  ctx.fill();
  ctx.lineWidth = server.role === 'leader' && !server.crashed ? 3 : 2;
  ctx.strokeStyle = style.stroke;
  if (style.dash) {
    // A pre-candidate's dashed outline; every other server's is solid (no dash state to reset).
    ctx.setLineDash(style.dash);
    ctx.stroke();
    ctx.setLineDash([]);
  } else {
    ctx.stroke();
  }

  if (server.crashed) {
    const d = r * 0.62;
    ctx.beginPath();
    ctx.moveTo(at.x - d, at.y - d);
    ctx.lineTo(at.x + d, at.y + d);
    ctx.moveTo(at.x + d, at.y - d);
    ctx.lineTo(at.x - d, at.y + d);
    ctx.strokeStyle = '#7c818a';
    ctx.lineWidth = 3;
    ctx.stroke();
  }

  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.fillStyle = style.text;
  ctx.font = font(Math.round(Math.max(12, Math.min(18, r * 0.55))), 700);
  ctx.fillText(`S${server.id}`, at.x, at.y);

  // Labels under the circle: role and term, then the vote (a candidate's or a pre-candidate's
  // tally). When the role line is wider than the space to the next server (many servers, long
  // terms), the role is shortened ("pre-cand."), and if that is not enough the term moves to the
  // second line, so neighbours' labels do not run into each other. A white halo keeps them
  // readable over links and messages.
  const labelY = at.y + r + 17;
  ctx.lineJoin = 'round';
  ctx.strokeStyle = 'rgba(255, 255, 255, 0.9)';
  ctx.lineWidth = 3;
  ctx.font = ROLE_FONT;
  ctx.fillStyle = server.crashed ? palette.muted : palette.ink;
  const vote = voteLine(server, layout.servers.length);
  let roleText = roleLine(server);
  let secondLine = vote;
  const room = neighbourSpacing(layout) - 8;
  if (textWidth(ctx, ROLE_FONT, roleText) > room) {
    roleText = roleLine(server, 'short');
    if (textWidth(ctx, ROLE_FONT, roleText) > room) {
      roleText = style.short;
      secondLine = `T${server.term} · ${vote}`;
    }
  }
  ctx.strokeText(roleText, at.x, labelY);
  ctx.fillText(roleText, at.x, labelY);
  ctx.font = VOTE_FONT;
  const width = textWidth(ctx, VOTE_FONT, secondLine);
  // Still too wide (a narrow screen): a smaller font, down to 8 px.
  if (width > room) ctx.font = font(Math.max(8, Math.floor((VOTE_FONT_PX * room) / width)));
  ctx.fillStyle = palette.muted;
  ctx.strokeText(secondLine, at.x, labelY + 14);
  ctx.fillText(secondLine, at.x, labelY + 14);
}

/**
 * The first line under a server: its role and term, "pre-candidate · T3"; with `labelKey`
 * 'short', the role as short as the log grid writes it, "pre-cand. · T3".
 */
export function roleLine(server, labelKey = 'label') {
  return `${styleForServer(server)[labelKey]} · T${server.term}`;
}

/**
 * The second line under a server: whom it voted for in its term, or, for a running candidate
 * (which voted for itself), how many votes it has of the majority it needs: "2 of 3 votes"; for
 * a pre-candidate, which asks before raising its term, "2 of 3 pre-votes"; for a leader handing
 * leadership over, "handing over to S3".
 */
export function voteLine(server, serverCount) {
  if (server.transferringTo != null && !server.crashed) return `handing over to S${server.transferringTo}`;
  if (isCampaigning(server.role) && !server.crashed && server.votesReceived) {
    const noun = server.role === 'precandidate' ? 'pre-votes' : 'votes';
    return votesText(server.votesReceived.length, serverCount, noun);
  }
  return server.votedFor == null ? 'no vote' : `voted S${server.votedFor}`;
}

/** Label widths already measured, by font and text: labels change rarely, frames often. */
const measured = new Map();

/** The width of `text` in `font` (CSS pixels), measured once. */
function textWidth(ctx, textFont, text) {
  const key = `${textFont}\n${text}`;
  let width = measured.get(key);
  if (width === undefined) {
    if (measured.size >= 512) measured.clear(); // terms grow over a long run
    ctx.font = textFont;
    width = ctx.measureText(text).width;
    measured.set(key, width);
  }
  return width;
}

/** Distance between neighbouring servers' centres on the ring (the room a label has). */
function neighbourSpacing(layout) {
  const n = layout.servers.length;
  return n < 2 ? Infinity : 2 * layout.ringRadius * Math.sin(Math.PI / n);
}

/**
 * A message dropped as it was sent (lost, or over a cut or partitioned link): drawn on its way,
 * fading out under a ✗, until the moment it would have arrived.
 */
function drawDropped(ctx, layout, timeMs, message, scale) {
  const fraction = messageFraction(timeMs, message.sentMs, message.deliverMs);
  const fade = 0.15 + 0.5 * (1 - fraction);
  const drawn = drawMessage(ctx, layout, timeMs, message, scale, fade);
  if (!drawn) return null;
  ctx.globalAlpha = fade + 0.2;
  drawCross(ctx, drawn.point.x, drawn.point.y, drawn.size * 1.1, palette.vermillion);
  ctx.globalAlpha = 1;
  return drawn;
}

/** Draws a message at its place in flight (`fade` < 1: see-through); returns where. */
function drawMessage(ctx, layout, timeMs, message, scale, fade = 1) {
  const fraction = messageFraction(timeMs, message.sentMs, message.deliverMs);
  const point = messagePoint(layout, message.from, message.to, fraction);
  if (!point) return null;
  const style = styleForMessage(message.type);
  const reply = isReply(message.type);
  const heartbeat = message.type === 'AppendEntries' && message.entries === 0;
  const size = (heartbeat ? 5 : message.entries > 0 ? 9 : 7) * scale;

  // A short tail behind the message shows its direction in a still picture.
  const tail = size + 7;
  ctx.beginPath();
  ctx.moveTo(point.x, point.y);
  ctx.lineTo(point.x - Math.cos(point.angle) * tail, point.y - Math.sin(point.angle) * tail);
  ctx.strokeStyle = style.colour;
  ctx.globalAlpha = 0.45 * fade;
  ctx.lineWidth = 2;
  ctx.stroke();
  ctx.globalAlpha = fade;

  // A style with an `outline` (PreVote's) strokes its shape in that darker colour.
  const outline = style.outline ?? style.colour;
  ctx.beginPath();
  shapePath(ctx, style.shape, point.x, point.y, size);
  if (reply) {
    ctx.fillStyle = style.replyFill ?? palette.paper;
    ctx.fill();
    strokeOutline(ctx, outline);
    if (message.success === true) drawTick(ctx, point.x, point.y, size * 0.55, outline);
    if (message.success === false) drawCross(ctx, point.x, point.y, size * 0.5, palette.vermillion);
  } else {
    ctx.fillStyle = style.colour;
    ctx.fill();
    if (style.outline) strokeOutline(ctx, outline);
    // A mark in the middle: PreVote's "?", TimeoutNow's "!", or the number of entries.
    const mark = style.mark ?? (message.entries > 0 ? String(message.entries) : null);
    if (mark) {
      ctx.fillStyle = style.markColour ?? (style.mark ? palette.ink : palette.paper);
      ctx.font = font(Math.round(10 * scale + 1), 700, fonts.family);
      ctx.textAlign = 'center';
      ctx.textBaseline = 'middle';
      ctx.fillText(mark, point.x, point.y + 0.5);
    }
  }
  ctx.globalAlpha = 1;
  return { point, size };
}

function shapePath(ctx, shape, x, y, size) {
  if (shape === 'diamond') {
    const d = size * 1.25;
    ctx.moveTo(x, y - d);
    ctx.lineTo(x + d, y);
    ctx.lineTo(x, y + d);
    ctx.lineTo(x - d, y);
    ctx.closePath();
  } else if (shape === 'square') {
    ctx.rect(x - size, y - size, size * 2, size * 2);
  } else {
    ctx.arc(x, y, size, 0, Math.PI * 2);
  }
}

/** Strokes the current path 2 px wide in `colour`. */
function strokeOutline(ctx, colour) {
  ctx.strokeStyle = colour;
  ctx.lineWidth = 2;
  ctx.stroke();
}

function drawTick(ctx, x, y, d, colour) {
  ctx.beginPath();
  ctx.moveTo(x - d, y);
  ctx.lineTo(x - d * 0.25, y + d * 0.75);
  ctx.lineTo(x + d, y - d * 0.7);
  ctx.strokeStyle = colour;
  ctx.lineWidth = 2;
  ctx.stroke();
}

function drawCross(ctx, x, y, d, colour) {
  ctx.beginPath();
  ctx.moveTo(x - d, y - d);
  ctx.lineTo(x + d, y + d);
  ctx.moveTo(x + d, y - d);
  ctx.lineTo(x - d, y + d);
  ctx.strokeStyle = colour;
  ctx.lineWidth = 2;
  ctx.stroke();
}
