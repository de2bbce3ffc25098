// The card that opens on a message in flight: its fields (as in Figure 2 of the paper) and a
// button that drops it; on a message dropped as it was sent, why it never arrives. Opening it
// pauses the run, so the message stays where it was clicked. Text only via textContent.

import { droppedText, messageFields, messageTitle, nodeName } from './message-fields.js';
import { placeNear } from './popover.js';

export class MessageCard {
  /** @param {import('./app.js').App} app  @param {HTMLElement} element the #message-card */
  constructor(app, element) {
    this.app = app;
    this.element = element;
    this.title = element.querySelector('[data-part="title"]');
    this.fields = element.querySelector('[data-part="fields"]');
    this.gone = element.querySelector('[data-part="gone"]');
    this.goneText = this.gone.textContent;
    this.dropButton = element.querySelector('[data-action="drop"]');
    this.message = null;
    this.inFlight = false;
    this.dropButton.addEventListener('click', (event) => {
      event.stopPropagation();
      this.dropMessage();
    });
    element.querySelector('[data-action="close"]').addEventListener('click', (event) => {
      event.stopPropagation();
      this.close();
    });
    app.viewListeners.add((view) => this.follow(view));
    app.resetListeners.add(() => this.close());
  }

  get isOpen() {
    return !this.element.hidden;
  }

  /** Shows `message` (from the view) beside (clientX, clientY); pauses the run. */
  open(message, clientX, clientY) {
    if (this.app.playing) {
      this.app.pause();
      this.app.showStatus(`paused to show ${messageTitle(message)}`);
    }
    this.message = message;
    this.title.textContent = messageTitle(message);
    const rows = [];
    for (const [label, value] of messageFields(message)) {
      const term = document.createElement('dt');
      term.textContent = label;
      const detail = document.createElement('dd');
      detail.textContent = value;
      rows.push(term, detail);
    }
    this.fields.replaceChildren(...rows);
    const dropped = droppedText(message);
    this.gone.textContent = dropped ?? this.goneText;
    this.setInFlight(dropped === null);
    this.app.selectMessage(message.id);
    placeNear(this.element, clientX, clientY);
    this.dropButton.focus({ preventScroll: true });
  }

  close() {
    if (this.element.hidden) return;
    this.element.hidden = true;
    this.message = null;
    this.app.selectMessage(null);
  }

  /** Keeps the card honest as time moves: a delivered or dropped message cannot be dropped. */
  follow(view) {
    // A message dropped as it was sent never comes back into flight.
    if (!this.message || this.message.reason) return;
    const id = this.message.id;
    this.setInFlight(view.messages.some((m) => m.id === id));
  }

  setInFlight(inFlight) {
    this.inFlight = inFlight;
    this.dropButton.disabled = !inFlight;
    this.gone.hidden = inFlight;
  }

  dropMessage() {
    const message = this.message;
    if (!message) return;
    try {
      this.app.perform(
        () => this.app.sim.drop(message.id),
        `dropped ${messageTitle(message)} (${nodeName(message.from)} → ${nodeName(message.to)}): it will never arrive`,
      );
      this.close();
    } catch (error) {
      this.app.showStatus(error.message, true);
      this.setInFlight(false);
    }
  }
}
