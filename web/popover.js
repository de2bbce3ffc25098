// Places a floating menu or card beside the point a person clicked, inside the window.

/** Shows `element` (absolutely positioned) next to (clientX, clientY), kept inside the window. */
export function placeNear(element, clientX, clientY) {
  element.hidden = false;
  const { width, height } = element.getBoundingClientRect();
  const left = Math.min(clientX + 12, window.innerWidth - width - 8);
  const top = Math.min(clientY + 12, window.innerHeight - height - 8);
  element.style.left = `${Math.max(8, left) + window.scrollX}px`;
  element.style.top = `${Math.max(8, top) + window.scrollY}px`;
}
