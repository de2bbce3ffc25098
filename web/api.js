// The scripting API, `window.playground`: what course authors and browser tests drive.
// Every method either does what it says or throws an Error with the simulator's message (and
// shows that message in the page's status line).

import { groupsText } from './faults-geometry.js';
import { speedLabel } from './speed.js';

/** "S1→S2" for a one-way link change, "S1–S2" for both ways (for the status line). */
export function linkName(from, to, options) {
  return `S${from}${options?.oneWay ? '→' : '–'}S${to}`;
}

/**
 * The status line after `partition(groups)`: the groups with the unlisted servers as one more,
 * e.g. "partitioned the network: A: S1 S2 · B: S3 S4 S5".
 */
export function partitionStatus(groups, view) {
  if (!Array.isArray(groups) || !groups.every(Array.isArray)) return 'partition';
  const listed = new Set(groups.flat());
  const rest = (view?.servers ?? []).map((server) => server.id).filter((id) => !listed.has(id));
  const all = [...groups, rest].filter((group) => group.length > 0);
  return all.length > 1 ? `partitioned the network: ${groupsText(all)}` : 'one group only: no partition';
}

/** The API's methods (everything but `ready`), e.g. for the <raft-playground> element's prototype. */
export const API_METHODS = Object.freeze([
  'play',
  'pause',
  'isPlaying',
  'step',
  'advance',
  'setSpeed',
  'speed',
  'crash',
  'restart',
  'timeout',
  'transferLeadership',
  'request',
  'partition',
  'heal',
  'cut',
  'repair',
  'setNetwork',
  'network',
  'drop',
  'setBrokenRules',
  'brokenRules',
  'brokenRuleDescriptions',
  'setExtensions',
  'extensions',
  'extensionDescriptions',
  'state',
  'view',
  'scrollLog',
  'logWindow',
  'events',
  'reset',
  'trace',
  'shareLink',
  'embedCode',
  'loadScenario',
  'scenario',
  'seek',
  'historyEndMs',
  'frameStats',
  'resetFrameStats',
  'debugPanic',
]);

/**
 * Builds the API object over `app`. `ready` is a Promise the page resolves once wasm is
 * initialised; calling anything else before then throws. `links` gives what depends on where
 * the playground is mounted: `{ shareLink(), embedCode(), loadScenario(text) }`.
 */
export function createApi(app, ready, links = {}) {
  let isReady = false;
  ready.then(
    () => {
      isReady = true;
    },
    () => {},
  );

  /** Runs `action` once ready, reporting failures in the status line and rethrowing them. */
  const call = (action) => {
    if (!isReady) throw new Error('the playground is still loading: await playground.ready first');
    try {
      return action();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      app.showStatus(message, true);
      throw error instanceof Error ? error : new Error(message);
    }
  };

  /** Runs `run` (a change to the simulation) through `call`, then shows `status` and redraws. */
  const change = (run, status) => call(() => app.perform(run, status));

  /**
   * The status line after a change of switches (`{ name: true|false }`): the names switched on
   * after `onText`, those switched off after `offText`, or `unchanged`.
   */
  const switchesStatus = (changes, onText, offText, unchanged) => {
    const names = Object.entries(changes ?? {});
    const on = names.filter(([, value]) => value === true).map(([name]) => name);
    const off = names.filter(([, value]) => value === false).map(([name]) => name);
    const parts = [];
    if (on.length > 0) parts.push(`${onText} ${on.join(', ')}`);
    if (off.length > 0) parts.push(`${offText} ${off.join(', ')}`);
    return parts.join('; ') || unchanged;
  };
  const brokenRulesStatus = (changes) =>
    switchesStatus(changes, 'UNSAFE: broke', 'restored', 'broken rules unchanged');
  const extensionsStatus = (changes) =>
    switchesStatus(changes, 'switched on', 'switched off', 'extensions unchanged');

  return Object.freeze({
    /** Resolves when the simulation is ready. */
    ready,
    /** Starts the clock at the current speed. */
    play: () => call(() => app.play()),
    /** Stops the clock. */
    pause: () => call(() => app.pause()),
    /** True while playing. */
    isPlaying: () => app.playing,
    /** Processes the next event; returns its description, or null when nothing is pending. */
    step: () => call(() => app.step()),
    /** Advances virtual time by `ms` milliseconds. */
    advance: (ms) => call(() => app.advance(ms)),
    /** Sets the speed as a fraction of real time (1/1000 to 1); returns the speed in effect. */
    setSpeed: (speed) => call(() => app.setSpeed(speed)),
    /** The current speed and its label, e.g. `{ speed: 0.02, label: "1/50×" }`. */
    speed: () => ({ speed: app.speed, label: speedLabel(app.speed) }),
    /** Crashes server `id` (1-based). */
    crash: (id) => call(() => app.crash(id)),
    /** Restarts crashed server `id`. */
    restart: (id) => call(() => app.restart(id)),
    /** Makes server `id`'s election timer fire now. */
    timeout: (id) => call(() => app.timeout(id)),
    /**
     * Asks the leader to hand leadership over to server `id` (Raft's leadership transfer): it
     * takes no commands, catches `id` up and sends it a TimeoutNow; `id` wins the next term, or
     * the leader gives up after an election timeout.
     */
    transferLeadership: (id) => call(() => app.transferLeadership(id)),
    /**
     * The client sends `command` (e.g. "set x 1"); returns the request id. It goes first to
     * `server` if given (a follower redirects it, a crashed server loses it), else to the
     * server the client believes leads.
     */
    request: (command, server) => call(() => app.request(command, server)),
    /**
     * Splits the servers into groups that cannot reach each other, e.g. `partition([[1, 2],
     * [3, 4, 5]])`; servers not listed form one more group. The client reaches every group.
     */
    partition: (groups) => change(() => app.sim.partition(groups), partitionStatus(groups, app.lastView)),
    /** Removes the partition and repairs every cut link. */
    heal: () => change(() => app.sim.heal(), 'network healed'),
    /** Cuts a link both ways, or only `from` → `to` with `{ oneWay: true }`. */
    cut: (from, to, options) =>
      change(() => app.sim.cut(from, to, options), `cut ${linkName(from, to, options)}`),
    /** Repairs a cut link both ways, or only `from` → `to` with `{ oneWay: true }`. */
    repair: (from, to, options) =>
      change(() => app.sim.repair(from, to, options), `repaired ${linkName(from, to, options)}`),
    /**
     * Changes the network for messages sent from now on; settings not given stay as they are:
     * `{ lossRate, duplicateRate, longDelayRate, longDelayMsMax, latencyMs: [min, max] }`.
     * Returns the settings in effect.
     */
    setNetwork: (settings) =>
      change(() => app.sim.setNetwork(settings), 'network settings changed'),
    /** The network's current settings. */
    network: () => call(() => app.sim.network()),
    /** Drops message `messageId` (an id from `state().messages`) while it is in flight. */
    drop: (messageId) =>
      change(() => app.sim.drop(messageId), `message #${messageId} dropped`),
    /**
     * UNSAFE, for teaching: breaks or restores Raft's safety rules on every server from now on,
     * e.g. `setBrokenRules({ commitByCounting: true })`; rules not given keep their state. Keys:
     * voteWithoutLogCheck, commitByCounting, forgetVoteOnRestart, truncateWithoutConflict,
     * commitBeyondVerified. Returns every rule's state.
     */
    setBrokenRules: (changes) =>
      change(() => app.sim.setBrokenRules(changes), brokenRulesStatus(changes)),
    /** Which safety rules are broken now: `{ voteWithoutLogCheck: false, ... }`. */
    brokenRules: () => call(() => app.sim.brokenRules()),
    /** Every rule that can be broken, for a "Break Raft" panel: `[{ key, id, title, explanation }]`. */
    brokenRuleDescriptions: () => call(() => app.sim.brokenRuleDescriptions()),
    /**
     * Switches Raft extensions on or off on every server from now on, e.g.
     * `setExtensions({ checkQuorum: true })`; extensions not given keep their state. Keys:
     * checkQuorum, preVote. Returns every extension's state.
     */
    setExtensions: (changes) =>
      change(() => app.sim.setExtensions(changes), extensionsStatus(changes)),
    /** Which Raft extensions are on now: `{ checkQuorum: false, preVote: false }`. */
    extensions: () => call(() => app.sim.extensions()),
    /** Every extension, for a panel: `[{ key, id, title, explanation }]`. */
    extensionDescriptions: () => call(() => app.sim.extensionDescriptions()),
    /**
     * `{ timeMs, servers, messages, requests, network, partition, cutLinks, ... }`: the whole
     * cluster, every log in full.
     */
    state: () => call(() => app.sim.state()),
    /**
     * What one frame draws: like state(), with only `logTail` log indexes ending at `logEnd`
     * (the longest log's end when absent) and `logWindow: { first, last }` naming them.
     */
    view: (logTail = 40, logEnd = null) => call(() => app.sim.view(logTail, logEnd)),
    /**
     * Scrolls the log grid so that its last column is index `end`; null (or an index at or past
     * the longest log's end) follows the log again. Returns the window, as logWindow().
     */
    scrollLog: (end) =>
      call(() => {
        if (end !== null && !(Number.isInteger(end) && end >= 1)) {
          throw new Error(`scrollLog needs a log index (a whole number from 1) or null, got ${String(end)}`);
        }
        // The logs may have grown since the last frame (advance() in the same task).
        app.pullView();
        app.scrollLogTo(end);
        return logWindow(app);
      }),
    /**
     * The run's latest milestones (elections, new leaders, commits, crashes, requests,
     * faults), oldest first, as the Events list shows them: `[{ number, timeMs, kind,
     * servers, followerCommit, index, text }]` (`index`: the log index it is about, or null);
     * only those numbered after `after` when given.
     */
    events: (after = 0) => call(() => app.sim.events(after).events),
    /** The log grid's window now: `{ first, last, following }` (following the longest log or not). */
    logWindow: () => call(() => logWindow(app)),
    /** Starts over with a new cluster, e.g. `reset({ servers: 9, seed: 3 })`. */
    reset: (config) => call(() => app.reset(config)),
    /** A link that replays this run: the page's address with the scenario in `#s=...`. */
    shareLink: () => call(() => links.shareLink()),
    /** A ready `<iframe>` snippet that embeds this run (embed mode, minimal chrome). */
    embedCode: () => call(() => links.embedCode()),
    /**
     * Replaces the run by a scenario: JSON text, a scenario object, a share link, a `#s=...`
     * fragment or a bare payload. Bad input throws an Error naming the problem (and the page
     * shows it); the current run is then kept.
     */
    loadScenario: (jsonOrLink) => call(() => links.loadScenario(jsonOrLink)),
    /** The run as a scenario object (version, seed, cluster, network, actions, endMs). */
    scenario: () => call(() => app.sim.scenario()),
    /** Moves to virtual time `ms`, backwards or forwards; recorded actions replay on the way. */
    seek: (ms) => call(() => app.seek(ms)),
    /** The furthest virtual time recorded (the timeline's right end). */
    historyEndMs: () => call(() => app.sim.historyEndMs()),
    /** The running hash of the trace (hex) and its number of events. */
    trace: () => call(() => ({ hash: app.sim.traceHash(), events: app.sim.eventCount() })),
    /** `{ frames, meanMs, p95Ms, maxMs }` of (advance + view + draw) over the last 300 frames. */
    frameStats: () => app.stats.summary(),
    /** Forgets the frame times measured so far. */
    resetFrameStats: () => app.stats.reset(),
    /** For tests of the error banner: makes wasm panic with `message`. */
    debugPanic: (message = 'debug panic') => call(() => app.sim.debugPanic(message)),
  });
}

/** The log grid's window as the next frame draws it: `{ first, last, following }`. */
function logWindow(app) {
  const { first, last } = app.sim.view(app.logTail, app.logEnd).logWindow;
  return { first, last, following: app.logEnd === null };
}
