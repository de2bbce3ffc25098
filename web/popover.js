// Places a floating menu or card beside the point a person clicked, inside the window. Works
// wherever the playground is mounted: in the page itself (positions relative to the document)
// or inside a positioned container such as a <raft-playground> element's shadow root.

/**
 * Where `(0, 0)` of an absolutely positioned, visible `element`'s containing block is, in
 * viewport coordinates.
 */
export function containingOrigin(element) {
  const parent = element.offsetParent;
  const isPageRoot = !parent || parent === document.body || parent === document.documentElement;
  if (isPageRoot && (!parent || getComputedStyle(parent).position === 'static')) {
    return { left: -window.scrollX, top: -window.scrollY };
  }
  const box = parent.getBoundingClientRect();
  return {
    left: box.left + parent.clientLeft - parent.scrollLeft,
    top: box.top + parent.clientTop - parent.scrollTop,
  };
}

/**
 * Moves the visible, absolutely positioned `element` to (clientX + dx, clientY + dy), kept
 * `margin` pixels inside the window.
 */
export function moveNear(element, clientX, clientY, { dx = 12, dy = 12, margin = 8 } = {}) {
  const { width, height } = element.getBoundingClientRect();
  const left = Math.max(margin, Math.min(clientX + dx, window.innerWidth - width - 8));
  const top = Math.max(margin, Math.min(clientY + dy, window.innerHeight - height - 8));
  const origin = containingOrigin(element);
  element.style.left = `${left - origin.left}px`;
  element.style.top = `${top - origin.top}px`;
}

/** Shows `element` (absolutely positioned) next to (clientX, clientY), kept inside the window. */
export function placeNear(element, clientX, clientY) {
  element.hidden = false;
  moveNear(element, clientX, clientY);
}
