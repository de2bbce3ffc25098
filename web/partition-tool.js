// The partition tool above the ring. "Partition…" enters a mode where clicking a server (or
// pressing its number) moves it to the next group, A → B → C → A, drawn as dashed tinted arcs;
// Apply partitions the network into those groups, Cancel leaves it as it was. "Heal network"
// removes the partition and repairs every cut link. A line beside the buttons says what is
// broken now.

import { cycleDraft, draftFromPartition, groupsFromDraft, groupsText, linksSummary } from './faults-geometry.js';

export class PartitionTool {
  /** @param {import('./app.js').App} app  @param {HTMLElement} root the #partition-tool */
  constructor(app, root) {
    this.app = app;
    this.root = root;
    this.buttons = {};
    for (const button of root.querySelectorAll('button[data-action]')) {
      this.buttons[button.dataset.action] = button;
    }
    this.help = root.querySelector('[data-part="help"]');
    this.summary = root.querySelector('[data-part="summary"]');
    this.lastSummary = '';
    this.buttons.start.addEventListener('click', () => this.start());
    this.buttons.apply.addEventListener('click', () => this.apply());
    this.buttons.cancel.addEventListener('click', () => this.cancel());
    this.buttons.heal.addEventListener('click', () => this.heal());
    app.viewListeners.add((view) => this.follow(view));
    app.resetListeners.add(() => this.leave());
  }

  /** True while the person is choosing groups. */
  get active() {
    return this.app.overlay.draft !== null;
  }

  start() {
    const view = this.app.lastView;
    const draft = draftFromPartition(view?.partition, this.app.serverCount);
    this.app.setOverlay({ draft });
    this.app.showStatus('Partition: click servers to move them between groups A, B and C, then Apply');
    this.showMode();
  }

  /** Moves server `id` to the next group of the draft. */
  cycle(id) {
    if (!this.active) return;
    this.app.setOverlay({ draft: cycleDraft(this.app.overlay.draft, id) });
    this.showMode();
  }

  apply() {
    if (!this.active) return;
    const groups = groupsFromDraft(this.app.overlay.draft);
    const status =
      groups.length > 1 ? `partitioned the network: ${groupsText(groups)}` : 'one group only: the partition is removed';
    try {
      this.app.perform(() => this.app.sim.partition(groups), status);
    } catch (error) {
      this.app.showStatus(error.message, true);
      return;
    }
    this.leave();
  }

  cancel() {
    if (!this.active) return;
    this.leave();
    this.app.showStatus('partition tool closed; the network is unchanged');
  }

  heal() {
    try {
      this.app.perform(() => this.app.sim.heal(), 'network healed: no partition, every link repaired');
    } catch (error) {
      this.app.showStatus(error.message, true);
    }
    this.leave();
  }

  /** Leaves the mode without changing the network. */
  leave() {
    if (this.app.overlay.draft !== null) this.app.setOverlay({ draft: null });
    this.showMode();
  }

  showMode() {
    const active = this.active;
    this.buttons.start.hidden = active;
    this.buttons.apply.hidden = !active;
    this.buttons.cancel.hidden = !active;
    this.buttons.heal.hidden = active;
    this.help.hidden = !active;
    this.root.classList.toggle('drafting', active);
    this.buttons.start.setAttribute('aria-pressed', String(active));
    if (active) this.setSummary(`new groups ${groupsText(groupsFromDraft(this.app.overlay.draft))}`);
    else if (this.app.lastView) this.follow(this.app.lastView);
  }

  /** Shows what is broken now (ten times a second at most; only when it changed). */
  follow(view) {
    if (this.active) return;
    this.setSummary(linksSummary(view.partition, view.cutLinks));
  }

  setSummary(text) {
    if (text === this.lastSummary) return;
    this.lastSummary = text;
    this.summary.textContent = text;
    this.summary.classList.toggle('broken', text !== 'all links up');
  }
}
