// The banner shown when a safety checker finds a broken guarantee: the run is paused at that
// moment (App.noticeViolation) and the banner names the guarantee, the servers, the index and
// the term, with the checker's one-sentence explanation. Text only via textContent.

/** "S2 and S4", "S1, S2 and S3". */
export function serverList(ids) {
  const names = (ids ?? []).map((id) => `S${id}`);
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/**
 * The banner's lines for `violation` (as in `state().violation`): `{ title, where, explanation }`,
 * e.g. "Election Safety is broken", "servers S2 and S4 · term 3 · at 1234.5 ms".
 */
export function violationText(violation) {
  const name = violation.propertyName ?? violation.property ?? 'a safety guarantee';
  const where = [];
  // In id order, as the explanation names them.
  const servers = [...(violation.servers ?? [])].sort((a, b) => a - b);
  if (servers.length > 0) where.push(`${servers.length > 1 ? 'servers' : 'server'} ${serverList(servers)}`);
  if (violation.index != null) where.push(`index ${violation.index}`);
  if (violation.term != null) where.push(`term ${violation.term}`);
  if (violation.timeMs != null) where.push(`at ${Number(violation.timeMs).toFixed(1)} ms`);
  return { title: `${name} is broken`, where: where.join(' · '), explanation: violation.explanation ?? '' };
}

export class ViolationBanner {
  /**
   * @param {import('./app.js').App} app
   * @param {HTMLElement} element the #violation banner
   * @param {() => string[]} brokenRules names of the rules that were switched off when the
   *   violation happened
   */
  constructor(app, element, brokenRules = () => []) {
    this.app = app;
    this.element = element;
    this.brokenRules = brokenRules;
    this.parts = {};
    for (const part of element.querySelectorAll('[data-part]')) this.parts[part.dataset.part] = part;
    element.querySelector('[data-action="dismiss"]').addEventListener('click', () => this.hide());
    element.querySelector('[data-action="continue"]').addEventListener('click', () => {
      this.hide();
      this.app.play();
    });
    app.violationListeners.add((violation) => this.show(violation));
    app.resetListeners.add(() => this.hide());
    // Back in time before the violation (the timeline, a fork): it has not happened there.
    app.frameListeners.add((view) => {
      if (!view.violation && !this.element.hidden) this.hide();
    });
  }

  show(violation) {
    const text = violationText(violation);
    this.parts.title.textContent = text.title;
    this.parts.where.textContent = text.where;
    this.parts.explanation.textContent = text.explanation;
    const rules = this.brokenRules();
    this.parts.rules.textContent =
      rules.length > 0
        ? `Broken on purpose in “Break Raft”: ${rules.join('; ')}.`
        : 'No rule was switched off: this would be a bug in the Raft core.';
    this.element.hidden = false;
    this.app.showStatus(`paused: a safety checker found ${text.title.replace(/ is broken$/, '')} broken`);
  }

  hide() {
    this.element.hidden = true;
  }
}
