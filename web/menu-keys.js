// What the popup menus (a server's, a link's) do with the keyboard, as menus do elsewhere: the
// arrow keys, Home and End move between the items that can be chosen, and closing the menu
// gives the focus back to where it was when the menu opened.

/** The element that has the focus, looking inside a shadow root when `element` is in one. */
function focused(element) {
  return element.getRootNode().activeElement ?? document.activeElement;
}

export class MenuKeys {
  /** @param {HTMLElement} element the menu, whose enabled buttons are its items */
  constructor(element) {
    this.element = element;
    this.previous = null;
    element.addEventListener('keydown', (event) => this.onKey(event));
  }

  /** The menu is opening: remember where the focus is, and move it to the first item. */
  opened() {
    const before = focused(this.element);
    if (!this.element.contains(before)) this.previous = before;
    this.items()[0]?.focus({ preventScroll: true });
  }

  /** Call just before hiding the menu: if it had the focus, it goes back where it came from. */
  closing() {
    const hadFocus = this.element.contains(focused(this.element));
    const previous = this.previous;
    this.previous = null;
    if (hadFocus && previous?.isConnected && typeof previous.focus === 'function') {
      previous.focus({ preventScroll: true });
    }
  }

  items() {
    return [...this.element.querySelectorAll('button:not([disabled])')];
  }

  onKey(event) {
    const items = this.items();
    if (items.length === 0) return;
    const at = items.indexOf(focused(this.element));
    const next = {
      ArrowDown: (at + 1) % items.length,
      ArrowUp: (at - 1 + items.length) % items.length,
      Home: 0,
      End: items.length - 1,
    }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    items[next].focus({ preventScroll: true });
  }
}
