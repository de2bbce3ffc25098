// Draws the logs as a grid: one row per server, one column per index (the window the view holds),
// cells coloured by term with the term number; committed entries solid, uncommitted ones pale
// with a dashed border (a crashed server's as the running servers see them, commitment.js); a
// dark bar marks each running server's commit index; a blue line under a follower's cell marks
// the leader's nextIndex for it (the slot the leader sends next); a vermillion frame marks the
// cells of a broken guarantee. Pointing at a line of the Events list marks, in yellow, the names of the
// servers it is about (as the halo on the ring does) and the column of its log index. The view
// says which indexes the window holds. Reads the view only.
//
// Drawing is batched per row (one path per kind of border, one font for all numbers): canvas
// state changes, not pixels, are what a frame pays for.

import { committedThrough } from './commitment.js';
import { currentLeader } from './panel.js';
import { logGridLayout } from './layout.js';
import { colourForTerm, font, palette, styleForServer } from './theme.js';

/** Number of index columns that fit `width`: what `view(logTail)` should ask for. */
export function logColumns(width, serverCount) {
  return logGridLayout(width, serverCount).columns;
}

/** Term numbers in cells: smaller as they get longer, so they stay clear of the no-op dot. */
const CELL_FONTS = [font(12, 600), font(9, 600), font(7, 600)];
const cellFont = (term) => CELL_FONTS[term < 100 ? 0 : term < 1000 ? 1 : 2];
const HEADER_FONT = font(11);
const SMALL_HEADER_FONT = font(9);
const ROW_ID_FONT = font(13, 700);
const ROW_ROLE_FONT = font(11);

/**
 * Draws the log grid of `view` into a `width` × `height` area of `ctx`. Of the page's overlay it
 * reads `highlightIds`, servers whose names get a yellow band, and `highlightIndex`, a log index
 * whose column is shaded yellow when the window holds it.
 */
export function drawLogs(ctx, width, height, view, { highlightIds = null, highlightIndex = null } = {}) {
  ctx.clearRect(0, 0, width, height);
  const servers = view.servers;
  const grid = logGridLayout(width, servers.length);
  // The view holds the indexes of its window: the tail, or where the reader scrolled.
  const { first, last } = view.logWindow;
  const x0 = grid.labelWidth;
  const cellW = grid.cellWidth;
  const cellH = grid.rowHeight;
  const headerH = grid.headerHeight;

  if (highlightIndex !== null && highlightIndex >= first && highlightIndex <= last) {
    const x = x0 + (highlightIndex - first) * cellW;
    drawHighlightBand(ctx, x, 1, cellW, headerH + servers.length * cellH);
  }

  // Index header.
  ctx.textBaseline = 'middle';
  ctx.fillStyle = palette.muted;
  ctx.textAlign = 'left';
  ctx.font = HEADER_FONT;
  ctx.fillText('index', 6, headerH / 2);
  ctx.textAlign = 'center';
  ctx.font = last >= 1000 ? SMALL_HEADER_FONT : HEADER_FONT;
  for (let index = first; index <= last; index += 1) {
    ctx.fillText(String(index), x0 + (index - first) * cellW + cellW / 2, headerH / 2);
  }

  const left = 1.5;
  const top = 2.5;
  const w = cellW - 3;
  const h = cellH - 5;
  for (let row = 0; row < servers.length; row += 1) {
    const server = servers[row];
    const y = headerH + row * cellH;
    const role = styleForServer(server).short;

    if (highlightIds?.includes(server.id)) drawHighlightBand(ctx, 2, y + 2, x0 - 6, cellH - 4);
    ctx.textAlign = 'left';
    ctx.font = ROW_ID_FONT;
    ctx.fillStyle = server.crashed ? palette.muted : palette.ink;
    ctx.fillText(`S${server.id}`, 6, y + cellH / 2);
    ctx.font = ROW_ROLE_FONT;
    ctx.fillStyle = palette.muted;
    ctx.fillText(role, 30, y + cellH / 2);

    ctx.globalAlpha = server.crashed ? 0.45 : 1;

    // Empty slots.
    ctx.strokeStyle = '#e6e9ed';
    ctx.lineWidth = 1;
    ctx.beginPath();
    for (let index = first; index <= last; index += 1) {
      ctx.rect(x0 + (index - first) * cellW + left, y + top, w, h);
    }
    ctx.stroke();

    // Fills: committed entries in their term's colour, the others a paler version of it.
    const log = server.log;
    let start = 0;
    while (start < log.length && log[start].index < first) start += 1;
    let end = start;
    while (end < log.length && log[end].index <= last) end += 1;
    const commit = committedThrough(servers, server);
    for (let i = start; i < end; i += 1) {
      const entry = log[i];
      const x = x0 + (entry.index - first) * cellW + left;
      const committed = entry.index <= commit;
      ctx.fillStyle = colourForTerm(entry.term);
      if (committed) {
        ctx.fillRect(x, y + top, w, h);
      } else {
        ctx.globalAlpha *= 0.4;
        ctx.fillRect(x, y + top, w, h);
        ctx.globalAlpha /= 0.4;
      }
    }

    // Borders: solid for committed, dashed for the rest, one path each.
    ctx.beginPath();
    for (let i = start; i < end && log[i].index <= commit; i += 1) {
      ctx.rect(x0 + (log[i].index - first) * cellW + left, y + top, w, h);
    }
    ctx.strokeStyle = 'rgba(29, 36, 48, 0.55)';
    ctx.stroke();
    ctx.beginPath();
    let dashed = false;
    for (let i = start; i < end; i += 1) {
      if (log[i].index <= commit) continue;
      ctx.rect(x0 + (log[i].index - first) * cellW + left, y + top, w, h);
      dashed = true;
    }
    if (dashed) {
      ctx.strokeStyle = 'rgba(29, 36, 48, 0.8)';
      ctx.setLineDash([3, 2]);
      ctx.stroke();
      ctx.setLineDash([]);
    }

    // Term numbers, and a dot marking each leader's no-op entry.
    let cellFontNow = CELL_FONTS[0];
    ctx.font = cellFontNow;
    ctx.textAlign = 'center';
    ctx.fillStyle = palette.ink;
    ctx.beginPath();
    for (let i = start; i < end; i += 1) {
      const entry = log[i];
      const x = x0 + (entry.index - first) * cellW;
      const wanted = cellFont(entry.term);
      if (wanted !== cellFontNow) {
        cellFontNow = wanted;
        ctx.font = cellFontNow;
      }
      ctx.fillText(String(entry.term), x + cellW / 2, y + cellH / 2 + 0.5);
      if (entry.command == null) {
        ctx.moveTo(x + left + w - 1, y + top + 3.5);
        ctx.arc(x + left + w - 2.6, y + top + 3.5, 1.6, 0, Math.PI * 2);
      }
    }
    ctx.fill();

    // A log that ends before the window: say where, instead of an empty-looking row.
    const lastIndex = view.lastLogIndexes?.[row];
    if (lastIndex !== undefined && lastIndex < first - 1) {
      ctx.font = ROW_ROLE_FONT;
      ctx.textAlign = 'left';
      ctx.fillStyle = palette.muted;
      ctx.fillText(lastIndex === 0 ? '← empty log' : `← log ends at index ${lastIndex}`, x0 + 6, y + cellH / 2);
    }

    // Commit index marker (a crashed server has none).
    if (!server.crashed && commit > 0 && commit >= first - 1 && commit <= last) {
      const x = x0 + (commit - first + 1) * cellW;
      ctx.fillRect(x - 1.5, y + 1, 3, cellH - 2);
    }
    ctx.globalAlpha = 1;
  }

  drawNextIndexes(ctx, grid, currentLeader(servers), first, last);
  drawViolation(ctx, grid, view, first, last);
}

/**
 * Under each follower's row, a blue line under the cell of the leader's nextIndex for it: where
 * the leader's next AppendEntries starts (it walks back as the leader probes for a match).
 */
function drawNextIndexes(ctx, grid, leader, first, last) {
  if (!leader) return;
  ctx.fillStyle = palette.blue;
  for (const follower of leader.progress ?? []) {
    if (follower.nextIndex < first || follower.nextIndex > last) continue;
    const x = grid.labelWidth + (follower.nextIndex - first) * grid.cellWidth;
    const y = grid.headerHeight + follower.id * grid.rowHeight;
    ctx.fillRect(x + 2, y - 2.5, grid.cellWidth - 4, 2.5);
  }
}

/**
 * A yellow band (what the reader points at in the Events list, as the halo on the ring): behind
 * a server's name, or behind a whole column.
 */
function drawHighlightBand(ctx, x, y, width, height) {
  ctx.fillStyle = palette.yellow;
  ctx.globalAlpha = 0.55;
  ctx.beginPath();
  ctx.roundRect(x, y, width, height, 5);
  ctx.fill();
  ctx.globalAlpha = 1;
}

/**
 * A broken guarantee at a log index (Log Matching, State Machine Safety, ...): a vermillion
 * frame around that index's cells on the servers involved, while the index is in the window.
 */
function drawViolation(ctx, grid, view, first, last) {
  const index = view.violation?.index;
  if (index == null || index < first || index > last) return;
  const x = grid.labelWidth + (index - first) * grid.cellWidth;
  ctx.strokeStyle = palette.vermillion;
  ctx.lineWidth = 3;
  ctx.beginPath();
  for (const id of view.violation.servers ?? []) {
    const row = view.servers.findIndex((server) => server.id === id);
    if (row < 0) continue;
    ctx.rect(x, grid.headerHeight + row * grid.rowHeight, grid.cellWidth, grid.rowHeight);
  }
  ctx.stroke();
  ctx.lineWidth = 1;
}
