// Share, Embed code, Export and Import, and the notice a bad link or file leaves. A link or a
// snippet is copied to the clipboard and also shown in a text field (the clipboard may be
// denied). Text from a link or a file only ever goes into the page through textContent.

import { SCENARIO_MAX_ACTIONS, scenarioFileName } from './links.js';

/** The notice that a link or a file could not be opened (stays until dismissed). */
export class ScenarioError {
  /** @param {HTMLElement} element the #scenario-error notice */
  constructor(element) {
    this.element = element;
    this.parts = {};
    for (const part of element.querySelectorAll('[data-part]')) this.parts[part.dataset.part] = part;
    element.querySelector('[data-action="close"]').addEventListener('click', () => this.hide());
  }

  /** E.g. show('This link could not be opened:', error.message, 'The playground started with the default settings.'). */
  show(title, message, after) {
    this.parts.title.textContent = title;
    this.parts.message.textContent = sentence(message);
    this.parts.after.textContent = after;
    this.element.hidden = false;
  }

  hide() {
    this.element.hidden = true;
  }

  /** The whole notice as one line (what a test or a screen reader reads). */
  get text() {
    return this.element.hidden ? '' : this.element.textContent.replace(/\s+/g, ' ').replace(' ×', '').trim();
  }
}

/** Capitalised (unless it starts with a name such as loadScenario), with a full stop. */
function sentence(text) {
  const trimmed = String(text).trim();
  if (trimmed === '') return '';
  const firstWord = trimmed.split(/[\s:(]/, 1)[0];
  const capital = /^[a-z]+$/.test(firstWord) ? trimmed[0].toUpperCase() + trimmed.slice(1) : trimmed;
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}

export class ShareTools {
  /**
   * @param {import('./app.js').App} app
   * @param {(id: string) => HTMLElement} find looks an element up in the playground's markup
   * @param {object} links `{ shareLink(), embedCode(), loadScenario(text), scenarioError }`
   */
  constructor(app, find, links) {
    this.app = app;
    this.links = links;
    this.row = find('share-row');
    this.field = find('share-link');
    this.label = this.row.querySelector('[data-part="label"]');
    this.note = this.row.querySelector('[data-part="note"]');
    this.fileInput = find('import');
    find('share').addEventListener('click', () => this.copy('Link', () => links.shareLink()));
    find('embed-code').addEventListener('click', () => this.copy('Embed code', () => links.embedCode()));
    find('export').addEventListener('click', () => this.exportFile());
    find('import-button').addEventListener('click', () => this.fileInput.click());
    this.fileInput.addEventListener('change', () => this.importFile());
    this.row.querySelector('[data-action="close"]').addEventListener('click', () => {
      this.row.hidden = true;
    });
    this.field.addEventListener('focus', () => this.field.select());
  }

  /** Shows what `make()` returns in the field and copies it to the clipboard. */
  async copy(what, make) {
    let text;
    try {
      text = make();
    } catch (error) {
      this.app.showStatus(error.message, true);
      return;
    }
    this.label.textContent = what;
    this.field.value = text;
    this.row.hidden = false;
    this.field.focus({ preventScroll: true });
    this.field.select();
    try {
      await navigator.clipboard.writeText(text);
      this.note.textContent = 'copied to the clipboard';
      this.app.showStatus(`${what} copied to the clipboard (${text.length} characters)`);
    } catch {
      this.note.textContent = 'select and copy it (the clipboard is not available here)';
      this.app.showStatus(`${what} is in the field above: copy it from there`);
    }
  }

  /** Downloads the current scenario as a JSON file. */
  exportFile() {
    try {
      const actions = this.app.sim.recordedActions();
      if (actions > SCENARIO_MAX_ACTIONS) {
        throw new Error(`the run has ${actions} actions; a scenario file holds at most ${SCENARIO_MAX_ACTIONS}, so Import could not open it`);
      }
      const scenario = this.app.sim.scenario();
      const blob = new Blob([`${JSON.stringify(scenario, null, 2)}\n`], { type: 'application/json' });
      const url = URL.createObjectURL(blob);
      const anchor = document.createElement('a');
      anchor.href = url;
      anchor.download = scenarioFileName(scenario);
      anchor.hidden = true;
      this.row.parentNode.append(anchor);
      anchor.click();
      anchor.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      this.app.showStatus(`scenario saved as ${anchor.download} (${scenario.actions?.length ?? 0} actions)`);
    } catch (error) {
      this.app.showStatus(error.message, true);
    }
  }

  /** Opens the chosen scenario file; a bad file leaves the current run and says why. */
  async importFile() {
    const file = this.fileInput.files?.[0];
    this.fileInput.value = '';
    if (!file) return;
    try {
      const text = await file.text();
      this.links.loadScenario(text);
      this.links.scenarioError.hide();
      this.app.showStatus(`opened the scenario file ${file.name}`);
    } catch (error) {
      this.links.scenarioError.show(
        `The file “${file.name}” could not be opened:`,
        error.message,
        'The playground kept its current run.',
      );
    }
  }
}
