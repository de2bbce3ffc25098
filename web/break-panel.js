// The "Break Raft" panel: five switches, off by default and labelled unsafe, each removing one
// rule of Raft so that the safety checkers can be seen catching the failure. It works with
// whatever the simulator offers: switches stay disabled, with a note, when the wasm module has
// no `setBrokenRules`; titles and explanations come from `brokenRuleDescriptions()`; the
// switches follow `view().brokenRules` (or `brokenRules()`).

/**
 * The rules, in the order of issue 3. Their titles and one-sentence explanations come from the
 * simulator (`brokenRuleDescriptions()`), so the page and the command line say the same; the
 * names here only stand in until then.
 */
export const BROKEN_RULES = [
  { id: 'voteWithoutLogCheck', name: 'Vote without the log check' },
  { id: 'commitByCounting', name: 'Commit old entries by counting' },
  { id: 'forgetVoteOnRestart', name: 'Forget the vote on restart' },
  { id: 'truncateWithoutConflict', name: 'Truncate without a conflict' },
  { id: 'commitBeyondVerified', name: 'Commit beyond what was verified' },
];

const ON_KEYS = ['on', 'broken', 'enabled', 'value'];
const TEXT_KEYS = ['explanation', 'description', 'sentence'];
const TITLE_KEYS = ['title', 'name'];
const ID_KEYS = ['key', 'rule', 'id', 'name'];

function firstOf(object, keys) {
  for (const key of keys) if (object && object[key] !== undefined) return object[key];
  return undefined;
}

/**
 * Reads what `brokenRules()` or `brokenRuleDescriptions()` return — `{ voteWithoutLogCheck:
 * true, ... }`, or entries with a key, a flag, a title and an explanation, as an object or an
 * array — into `{ flags: { id: boolean }, titles: { id: string }, explanations: { id: string } }`.
 */
export function readBrokenRules(result) {
  const flags = {};
  const titles = {};
  const explanations = {};
  const take = (id, value) => {
    if (typeof id !== 'string') return;
    if (typeof value === 'boolean') {
      flags[id] = value;
      return;
    }
    if (value && typeof value === 'object') {
      const on = firstOf(value, ON_KEYS);
      if (typeof on === 'boolean') flags[id] = on;
      const text = firstOf(value, TEXT_KEYS);
      if (typeof text === 'string' && text.length > 0) explanations[id] = text;
      const title = firstOf(value, TITLE_KEYS);
      if (typeof title === 'string' && title.length > 0 && title !== id) titles[id] = title;
    }
  };
  if (Array.isArray(result)) {
    for (const item of result) take(firstOf(item, ID_KEYS), item);
  } else if (result instanceof Map) {
    for (const [id, value] of result) take(id, value);
  } else if (result && typeof result === 'object') {
    for (const [id, value] of Object.entries(result)) take(id, value);
  }
  return { flags, titles, explanations };
}

/** Every rule's flag from `flags` (missing ones off), as `setBrokenRules` takes them. */
export function allFlags(flags) {
  const out = {};
  for (const rule of BROKEN_RULES) out[rule.id] = Boolean(flags[rule.id]);
  return out;
}

/**
 * The simulator's broken-rule calls, looked up when used (the wasm handle changes on reset):
 * `{ set(flags), get(), describe() }`, or null when this build of the wasm module has none.
 */
export function brokenRulesApi(sim) {
  const wasm = sim.playground;
  if (typeof wasm?.setBrokenRules !== 'function') return null;
  const viaSim = (name) => typeof sim[name] === 'function';
  return {
    set: (flags) => (viaSim('setBrokenRules') ? sim.setBrokenRules(flags) : sim.guard(() => wasm.setBrokenRules(flags))),
    get: () => {
      if (viaSim('brokenRules')) return sim.brokenRules();
      return typeof wasm.brokenRules === 'function' ? sim.guard(() => wasm.brokenRules()) : null;
    },
    describe: () => (viaSim('brokenRuleDescriptions') ? sim.brokenRuleDescriptions() : null),
  };
}

export class BreakPanel {
  /** @param {import('./app.js').App} app  @param {HTMLElement} root the Break Raft section */
  constructor(app, root) {
    this.app = app;
    this.root = root;
    this.list = root.querySelector('[data-part="rules"]');
    this.unavailable = root.querySelector('[data-part="unavailable"]');
    this.count = root.querySelector('[data-part="count"]');
    this.flags = allFlags({});
    this.titles = {};
    this.explanations = {};
    this.described = false;
    this.lastSignature = '';
    this.switches = new Map();
    this.names = new Map();
    this.texts = new Map();
    for (const rule of BROKEN_RULES) this.list.append(this.buildRule(rule));
    app.viewListeners.add((view) => this.refresh(view.brokenRules));
    app.resetListeners.add(() => this.refresh());
    this.refresh();
  }

  buildRule(rule) {
    const item = document.createElement('li');
    const label = document.createElement('label');
    const input = document.createElement('input');
    input.type = 'checkbox';
    input.id = `break-${rule.id}`;
    input.dataset.rule = rule.id;
    input.setAttribute('role', 'switch');
    const name = document.createElement('span');
    name.className = 'rule-name';
    name.textContent = rule.name;
    label.append(input, name);
    this.names.set(rule.id, name);
    const text = document.createElement('p');
    text.className = 'rule-text';
    text.id = `break-${rule.id}-text`;
    text.textContent = '';
    input.setAttribute('aria-describedby', text.id);
    item.append(label, text);
    input.addEventListener('change', () => this.toggle(rule, input.checked));
    this.switches.set(rule.id, input);
    this.texts.set(rule.id, text);
    return item;
  }

  /**
   * The names of the rules broken in `viewFlags` (a view's `violationBrokenRules`: the rules
   * when the violation happened), or right now when not given (for the violation banner).
   */
  brokenNames(viewFlags) {
    this.refresh(); // the switches may not have caught up with a change made by script
    const flags = viewFlags ? allFlags(readBrokenRules(viewFlags).flags) : this.flags;
    return BROKEN_RULES.filter((rule) => flags[rule.id]).map((rule) => this.titles[rule.id] ?? rule.name);
  }

  toggle(rule, on) {
    const api = brokenRulesApi(this.app.sim);
    if (!api) return;
    const flags = allFlags({ ...this.flags, [rule.id]: on });
    try {
      this.app.perform(
        () => api.set(flags),
        on
          ? `UNSAFE: Raft now runs with a rule broken: ${this.titles[rule.id] ?? rule.name}`
          : `rule restored: ${this.titles[rule.id] ?? rule.name}`,
      );
    } catch (error) {
      this.app.showStatus(error.message, true);
    }
    this.refresh();
  }

  /**
   * Shows the switches' state: `viewFlags` (a frame view's `brokenRules`) when given, else
   * what `brokenRules()` says. Touches the page only when something changed.
   */
  refresh(viewFlags) {
    const api = brokenRulesApi(this.app.sim);
    let flags = allFlags({});
    if (api) {
      try {
        if (!this.described) {
          this.described = true;
          const read = readBrokenRules(api.describe());
          this.titles = read.titles;
          this.explanations = read.explanations;
        }
        flags = allFlags(readBrokenRules(viewFlags ?? api.get()).flags);
      } catch {
        flags = this.flags;
      }
    }
    const signature = `${Boolean(api)}|${JSON.stringify(flags)}`;
    if (signature === this.lastSignature) return;
    this.lastSignature = signature;
    this.flags = flags;
    this.unavailable.hidden = Boolean(api);
    let broken = 0;
    for (const rule of BROKEN_RULES) {
      const input = this.switches.get(rule.id);
      input.disabled = !api;
      input.checked = flags[rule.id];
      input.closest('li').classList.toggle('on', flags[rule.id]);
      this.names.get(rule.id).textContent = this.titles[rule.id] ?? rule.name;
      this.texts.get(rule.id).textContent = this.explanations[rule.id] ?? '';
      if (flags[rule.id]) broken += 1;
    }
    this.root.classList.toggle('active', broken > 0);
    this.count.textContent =
      broken === 0 ? 'all rules on: this is correct Raft' : `${broken} rule${broken > 1 ? 's' : ''} broken: expect violations`;
  }
}
