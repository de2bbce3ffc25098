// The Raft extension switches beside the partition tools (CheckQuorum, PreVote): a checkbox per
// extension, its title and explanation from the simulator (`extensionDescriptions()`). They
// follow `view().extensions`, so going back in time, a share link or a script keeps them right.

export class ExtensionSwitches {
  /** @param {import('./app.js').App} app  @param {HTMLElement} root the #extensions group */
  constructor(app, root) {
    this.app = app;
    this.inputs = new Map();
    this.signature = '';
    let described = [];
    try {
      described = app.sim.extensionDescriptions() ?? [];
    } catch {
      described = []; // a simulator build without extensions: no switches
    }
    for (const extension of described) root.append(this.build(extension));
    app.viewListeners.add((view) => this.show(view.extensions));
    app.resetListeners.add(() => this.show());
    this.show();
  }

  build(extension) {
    const label = document.createElement('label');
    label.title = `${extension.title}: ${extension.explanation} Off: the paper's Raft.`;
    const input = document.createElement('input');
    input.type = 'checkbox';
    input.setAttribute('role', 'switch');
    input.dataset.extension = extension.key;
    const name = document.createElement('span');
    name.textContent = extension.title;
    label.append(input, name);
    input.addEventListener('change', () => this.toggle(extension, input.checked));
    this.inputs.set(extension.key, input);
    return label;
  }

  toggle(extension, on) {
    try {
      this.app.perform(
        () => this.app.sim.setExtensions({ [extension.key]: on }),
        on ? `${extension.title} on: ${firstSentence(extension.explanation)}` : `${extension.title} off: the paper's Raft`,
      );
    } catch (error) {
      this.app.showStatus(error.message, true);
    }
    this.show();
  }

  /** Shows `flags` (a view's `extensions`), or what `extensions()` says when not given. */
  show(flags) {
    if (this.inputs.size === 0) return;
    let current = flags;
    if (!current) {
      try {
        current = this.app.sim.extensions();
      } catch {
        return;
      }
    }
    const signature = JSON.stringify(current);
    if (signature === this.signature) return;
    this.signature = signature;
    for (const [key, input] of this.inputs) {
      input.checked = Boolean(current?.[key]);
      input.closest('label').classList.toggle('on', input.checked);
    }
  }
}

/** The first sentence of `text`, with its full stop. */
function firstSentence(text) {
  const end = text.indexOf('. ');
  return end < 0 ? text : text.slice(0, end + 1);
}
