// The tooltip over the log grid: which server, index and term a cell holds, its command and
// whether it is committed. Reads the last drawn view; text only via textContent.

import { isCommitted } from './commitment.js';
import { logCellAt } from './layout.js';
import { moveNear } from './popover.js';

/** Shows a tooltip for the cell under the pointer on `app`'s log canvas. */
export function bindLogTip(app, tip) {
  const canvas = app.parts.logCanvas;
  const hide = () => {
    tip.hidden = true;
  };
  canvas.addEventListener('mouseleave', hide);
  canvas.addEventListener('mousemove', (event) => {
    const view = app.lastView;
    // Dragging scrolls the grid (log-scroll.js): no tip over the cells passing by.
    if (!view || canvas.classList.contains('dragging')) return hide();
    const box = canvas.getBoundingClientRect();
    const first = view.logWindow.first;
    const cell = logCellAt(box.width, view.servers.length, first, event.clientX - box.left, event.clientY - box.top);
    const server = cell && view.servers[cell.row];
    const entry = server?.log.find((e) => e.index === cell.index);
    if (!entry) return hide();
    tip.textContent = describeEntry(server, entry, view.servers);
    tip.hidden = false;
    // Beside the pointer, inside the window.
    moveNear(tip, event.clientX, event.clientY, { dx: 12, dy: 14, margin: 4 });
  });
}

/**
 * "S2 · index 5 · term 1 · set x 3 · request #4 · committed"; `servers` are the view's
 * servers. A request the log holds twice (a client retry that a new leader appended again) says
 * so: the state machine executes its first copy and skips the other.
 */
export function describeEntry(server, entry, servers) {
  const command = entry.command ?? 'no-op (new leader)';
  const committed = isCommitted(servers, server, entry) ? 'committed' : 'not committed';
  const where = server.crashed ? ` on the running servers (S${server.id} lost its commit index when it crashed)` : '';
  return `S${server.id} · index ${entry.index} · term ${entry.term} · ${command}${requestOf(server, entry)} · ${committed}${where}`;
}

/** " · request #4", and where the log holds the same request again. */
function requestOf(server, entry) {
  const { request, index } = entry;
  if (request == null) return '';
  const first = server.log?.find((e) => e.request === request)?.index ?? index;
  if (first < index) return ` · request #${request} again (first at index ${first}): changes nothing`;
  const again = server.log?.find((e) => e.request === request && e.index > index)?.index;
  return ` · request #${request}${again ? ` (again at index ${again})` : ''}`;
}
