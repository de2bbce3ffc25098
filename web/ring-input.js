// What a click on the ring means: in the partition tool, a server changes group; otherwise a
// server opens its menu, a message its card, a link its cut/repair menu, and empty space closes
// them. The pointer shows what is clickable and the link under it is highlighted. Escape
// closes everything; in the partition tool, the number keys move servers between groups, and
// with a server's menu open another server's number opens the menu of their link.

import { linkAt, messageAt } from './faults-geometry.js';
import { serverAt } from './layout.js';

/** What is under (x, y) of the ring canvas: `{ server }`, `{ message }`, `{ link }` or null. */
export function hitTest(app, x, y) {
  if (!app.layout) return null;
  const server = serverAt(app.layout, x, y);
  if (server !== null) return { server };
  const message = app.lastView ? messageAt(app.layout, app.lastView, x, y) : null;
  if (message) return { message };
  const link = linkAt(app.layout, x, y);
  if (link) return { link };
  return null;
}

/**
 * Connects clicks, pointer moves and keys on `app`'s ring canvas to the popovers and the
 * partition tool.
 */
export function bindRingInput(app, { serverMenu, linkMenu, messageCard, partitionTool }, keys = document) {
  const canvas = app.parts.ringCanvas;
  const popovers = [serverMenu, linkMenu, messageCard];
  const closeOthers = (keep) => {
    for (const popover of popovers) if (popover !== keep) popover.close();
  };
  const local = (event) => {
    const box = canvas.getBoundingClientRect();
    return { x: event.clientX - box.left, y: event.clientY - box.top };
  };

  canvas.addEventListener('click', (event) => {
    event.stopPropagation();
    if (!app.layout || app.sim.dead) return;
    const { x, y } = local(event);
    if (partitionTool.active) {
      const server = serverAt(app.layout, x, y);
      if (server !== null) partitionTool.cycle(server);
      return;
    }
    const hit = hitTest(app, x, y);
    if (hit?.server !== undefined) {
      closeOthers(serverMenu);
      serverMenu.open(hit.server, event.clientX, event.clientY);
    } else if (hit?.message) {
      closeOthers(messageCard);
      messageCard.open(hit.message, event.clientX, event.clientY);
    } else if (hit?.link) {
      closeOthers(linkMenu);
      linkMenu.open(hit.link, event.clientX, event.clientY);
    } else {
      closeOthers(null);
    }
  });

  let cursor = '';
  canvas.addEventListener('mousemove', (event) => {
    if (!app.layout) return;
    const { x, y } = local(event);
    let hit = null;
    if (partitionTool.active) {
      const server = serverAt(app.layout, x, y);
      hit = server === null ? null : { server };
    } else {
      hit = hitTest(app, x, y);
    }
    const next = hit ? 'pointer' : 'default';
    if (next !== cursor) {
      cursor = next;
      canvas.style.cursor = next;
    }
    if (!linkMenu.isOpen) {
      const link = hit?.link ?? null;
      const current = app.overlay.hoverLink;
      if (link?.a !== current?.a || link?.b !== current?.b) app.setOverlay({ hoverLink: link });
    }
  });
  canvas.addEventListener('mouseleave', () => {
    if (!linkMenu.isOpen && app.overlay.hoverLink) app.setOverlay({ hoverLink: null });
  });

  document.addEventListener('click', (event) => {
    if (!event.composedPath().includes(linkMenu.element)) linkMenu.close();
  });
  // With a server's menu open, another server's number opens the menu of their link
  // (controls.js reads the number keys), so links can be cut without a mouse.
  serverMenu.openLink = (from, to) => {
    serverMenu.close();
    const box = canvas.getBoundingClientRect();
    const [a, b] = [app.layout.servers[from - 1], app.layout.servers[to - 1]];
    linkMenu.open({ a: from, b: to }, box.left + (a.x + b.x) / 2, box.top + (a.y + b.y) / 2);
  };
  keys.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') {
      linkMenu.close();
      messageCard.close();
      partitionTool.cancel();
      return;
    }
    const id = Number(event.key);
    const hasModifier = event.altKey || event.ctrlKey || event.metaKey;
    if (partitionTool.active && !hasModifier && Number.isInteger(id) && id >= 1 && id <= app.serverCount) {
      partitionTool.cycle(id);
    }
  });
}
