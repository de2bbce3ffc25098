// The playground's markup, one copy for every place it is mounted: the main page (index.html),
// an iframe in embed mode and the shadow root of each <raft-playground> element. Static and
// trusted: nothing from a link or a scenario is ever put into it (that text goes in with
// textContent). `data-control` names what the `controls` list can show or hide.

export const PLAYGROUND_MARKUP = `
<header class="bar">
  <h1 data-control="title">Raft Playground</h1>
  <div class="controls" role="toolbar" aria-label="Simulation controls">
    <button id="play" data-control="play" type="button" aria-pressed="false" title="Play or pause (Space)">Play</button>
    <button id="step" data-control="step" type="button" title="Process the next event only">Step</button>
    <label class="speed" data-control="speed" title="Speed as a fraction of real time">
      <span>Speed</span>
      <input id="speed" type="range" min="0" max="300" step="1" value="130" />
      <output id="speed-label" for="speed">1/50×</output>
    </label>
    <button id="request" data-control="request" type="button" title="The client sends “set x N” to the leader">Send request</button>
    <span class="clock" data-control="clock">virtual time <output id="time" aria-live="off">0.0 ms</output></span>
    <a id="open-full" data-control="open" class="open-full" href="#" target="_blank" rel="noopener"
      title="Open this run in the full playground, in a new tab">Open the full playground ↗</a>
  </div>
</header>

<div id="fatal" class="fatal" role="alert" hidden>
  <strong data-part="title">The simulation stopped with an internal error:</strong>
  <span data-part="message"></span>
  <span class="fatal-hint" data-part="hint">Reload the page to start again.</span>
</div>
<div id="scenario-error" class="scenario-error" role="alert" hidden>
  <p><strong data-part="title"></strong> <span data-part="message"></span> <span data-part="after"></span></p>
  <button type="button" class="close" data-action="close" aria-label="Dismiss">×</button>
</div>
<div class="status-row">
  <p id="status" class="status" role="status" aria-live="polite"></p>
  <div class="scenario-tools" role="group" aria-label="Share and save this run">
    <button id="share" data-control="share" type="button" title="Copy a link that replays this run">Share</button>
    <button id="embed-code" data-control="embed" type="button"
      title="Copy an &lt;iframe&gt; snippet of this run for a course page">Embed code</button>
    <button id="export" data-control="export" type="button" title="Download this run as a scenario file (JSON)">Export</button>
    <button id="import-button" data-control="import" type="button" title="Open a scenario file (JSON)">Import…</button>
    <input id="import" type="file" accept=".json,application/json,text/plain" hidden />
  </div>
</div>
<div id="share-row" class="share-row" hidden>
  <label for="share-link" data-part="label">Link</label>
  <input id="share-link" type="text" readonly spellcheck="false" />
  <span class="share-note" data-part="note"></span>
  <button type="button" class="close" data-action="close" aria-label="Close">×</button>
</div>

<div id="violation" class="violation" role="alert" hidden>
  <div class="violation-body">
    <p class="violation-kicker">Safety violation · the run is paused</p>
    <p class="violation-title" data-part="title"></p>
    <p class="violation-where" data-part="where"></p>
    <p class="violation-explanation" data-part="explanation"></p>
    <p class="violation-rules" data-part="rules"></p>
  </div>
  <div class="violation-actions">
    <button type="button" data-action="continue">Continue the run</button>
    <button type="button" data-action="dismiss">Dismiss</button>
  </div>
</div>

<main class="layout">
  <section class="stage" aria-label="Cluster">
    <div class="stage-top">
    <div id="partition-tool" data-control="partition" class="stage-tools" role="toolbar" aria-label="Partitions and cut links">
      <button type="button" data-action="start" aria-pressed="false"
        title="Choose groups of servers that cannot reach each other">Partition…</button>
      <span class="draft-help" data-part="help" title="Or press a server's number" hidden>Click servers: A → B → C</span>
      <button type="button" class="primary" data-action="apply" hidden>Apply</button>
      <button type="button" data-action="cancel" hidden>Cancel</button>
      <button type="button" data-action="heal" title="Remove the partition and repair every cut link">Heal network</button>
      <span class="links-summary" data-part="summary">all links up</span>
    </div>
    <div id="extensions" data-control="extensions" class="extension-switches" role="group"
      aria-label="Raft extensions (off: the paper's Raft)"></div>
    </div>
    <canvas id="ring" role="img"
      aria-label="Servers on a ring with the messages between them; click a server, a message or a link for actions"></canvas>
    <div class="timeline" data-control="timeline">
      <output id="timeline-now" class="timeline-now" for="timeline" aria-live="off">0.0 ms</output>
      <input id="timeline" type="range" min="0" max="1" step="any" value="0"
        aria-label="Virtual time: drag, or use the arrow keys (10 ms; with Shift 1 s), Home and End" />
      <output id="timeline-end" class="timeline-end" for="timeline" aria-live="off">0.0 ms</output>
    </div>
    <p id="fork-notice" class="fork-notice" role="status" hidden></p>
    <ul class="legend" data-control="legend" aria-label="Legend">
      <li><span class="swatch follower"></span>follower</li>
      <li><span class="swatch precandidate"></span>pre-candidate</li>
      <li><span class="swatch candidate"></span>candidate</li>
      <li><span class="swatch leader"></span>leader</li>
      <li><span class="swatch crashed">×</span>crashed</li>
      <li><span class="shape ae">●</span>AppendEntries (number = entries)</li>
      <li><span class="shape rv">◆</span>RequestVote</li>
      <li><span class="shape pv"><span>?</span></span>PreVote</li>
      <li title="sent by a leader handing leadership over"><span class="shape tn"><span>!</span></span>TimeoutNow</li>
      <li><span class="shape client">■</span>client</li>
      <li>filled = request, hollow or pale = reply (✓ granted/success, ✗ rejected)</li>
      <li>grey arc = election timer</li>
      <li><span class="shape cut">╌✕</span>cut link (✕ at the end that stops receiving)</li>
      <li><span class="shape lost">✗</span>lost or blocked message, fading out</li>
      <li><span class="swatch group">A</span>partition group</li>
    </ul>
  </section>

  <section id="network" data-control="network" class="network" aria-labelledby="network-title">
    <div class="box-head">
      <h2 id="network-title">Network</h2>
      <button type="button" data-action="reset-network" title="Back to the settings the cluster started with">Reset</button>
    </div>
    <p class="note">For messages between servers sent from now on.</p>
    <div class="sliders">
      <div class="slider">
        <label for="net-loss"><span>Loss</span><output id="net-loss-value" for="net-loss">0%</output></label>
        <input id="net-loss" type="range" min="0" max="100" step="1" value="0" />
      </div>
      <div class="slider">
        <label for="net-dup"><span>Duplication</span><output id="net-dup-value" for="net-dup">0%</output></label>
        <input id="net-dup" type="range" min="0" max="100" step="1" value="0" />
      </div>
      <div class="slider">
        <label for="net-delay-rate" title="Share of messages held back, so they arrive late and out of order"><span>Long delays</span><output
            id="net-delay-rate-value" for="net-delay-rate">0%</output></label>
        <input id="net-delay-rate" type="range" min="0" max="100" step="1" value="0" />
      </div>
      <div class="slider">
        <label for="net-delay-max" title="Longest extra delay of a held-back message"><span>Longest delay</span><output
            id="net-delay-max-value" for="net-delay-max">1000 ms</output></label>
        <input id="net-delay-max" type="range" min="10" max="5000" step="10" value="1000" />
      </div>
      <div class="slider">
        <label for="net-lat-min"><span>Latency min</span><output id="net-lat-min-value" for="net-lat-min">10 ms</output></label>
        <input id="net-lat-min" type="range" min="0" max="500" step="1" value="10" />
      </div>
      <div class="slider">
        <label for="net-lat-max"><span>Latency max</span><output id="net-lat-max-value" for="net-lat-max">15 ms</output></label>
        <input id="net-lat-max" type="range" min="0" max="500" step="1" value="15" />
      </div>
    </div>
  </section>

  <section id="break-raft" data-control="break" class="break-raft" aria-labelledby="break-title">
    <h2 id="break-title">Break Raft <span class="unsafe-tag">unsafe</span></h2>
    <p class="note">Each switch removes one of Raft’s safety rules.</p>
    <p class="break-count" data-part="count">all rules on: this is correct Raft</p>
    <ul class="rules" data-part="rules"></ul>
    <p class="note" data-part="unavailable" hidden>These switches need a simulator build with
      <code>setBrokenRules</code>; this one does not have it yet.</p>
  </section>

  <aside id="panel" data-control="panel" class="panel" aria-label="Key-value store, the leader's followers and client requests">
    <h2 data-part="leader-title">Key-value store</h2>
    <table class="kv">
      <thead><tr><th>key</th><th>value</th></tr></thead>
      <tbody data-part="kv"></tbody>
    </table>
    <p class="empty" data-part="kv-empty">empty</p>
    <h2 data-part="followers-title">Followers</h2>
    <table class="followers">
      <thead><tr>
        <th><span class="visually-hidden">follower</span></th>
        <th title="matchIndex: the highest index the leader knows this follower's log matches">match</th>
        <th title="nextIndex: the index of the next entry the leader sends this follower">next</th>
        <th title="Probing: one AppendEntries at a time until the leader finds where the logs match. Streaming: several in flight at once">sending</th>
      </tr></thead>
      <tbody data-part="followers"></tbody>
    </table>
    <p class="empty" data-part="followers-empty">no leader right now</p>
    <h2>Pending client requests</h2>
    <table class="requests">
      <tbody data-part="requests"></tbody>
    </table>
    <p class="empty" data-part="requests-empty">none</p>
    <p class="hint">Click a server (or press its number), a message or a link (or press the numbers
      of its two servers) to act on it. Space plays and pauses; <code>playground</code> in the
      console scripts it.</p>
  </aside>

  <section class="log-section" data-control="logs" aria-label="Logs">
    <div class="box-head">
      <h2>Logs</h2>
      <div id="log-nav" class="log-nav" role="group" aria-label="Scroll the logs">
        <span data-part="range"></span>
        <button type="button" data-action="first" title="First index (Home)" aria-label="First index">⇤</button>
        <button type="button" data-action="back" title="Earlier indexes (← or Page Up)" aria-label="Earlier indexes">‹</button>
        <button type="button" data-action="forward" title="Later indexes (→ or Page Down)" aria-label="Later indexes">›</button>
        <button type="button" data-action="latest" title="Follow the latest index (End)">latest</button>
      </div>
    </div>
    <canvas id="logs" tabindex="0" role="img" aria-label="Each server's log: one row per server, one column per index; arrow keys, Page Up, Page Down, Home and End scroll it"></canvas>
    <p class="legend-line">Number = term of the entry · solid = committed · pale with dashed border = not yet committed ·
      black bar = commit index · dot = leader's no-op entry · blue line under a cell = the leader's nextIndex for
      that follower · point at a cell for its command · drag or scroll sideways for earlier indexes</p>
  </section>

  <section class="events-section" data-control="events" aria-label="Events">
    <div class="box-head">
      <h2>Events</h2>
      <div id="events-filter" class="events-filter">
        <label>about <select data-part="server"><option value="">every server</option></select></label>
        <label><input type="checkbox" data-part="follower-commits" checked /> followers learning commits</label>
      </div>
    </div>
    <p class="legend-line">Elections, new leaders, commits, crashes, requests and faults, newest first; click a
      time to go back to that moment.</p>
    <ol id="events" class="events"></ol>
    <p class="empty" id="events-empty">none</p>
  </section>
</main>

<div id="server-menu" class="menu" role="menu" hidden>
  <p class="menu-title" data-part="title"></p>
  <button type="button" role="menuitem" data-action="crash">Crash</button>
  <button type="button" role="menuitem" data-action="restart">Restart</button>
  <button type="button" role="menuitem" data-action="timeout">Time out now</button>
  <button type="button" role="menuitem" data-action="transfer">Make leader (transfer)</button>
  <button type="button" role="menuitem" data-action="request">Send request</button>
</div>

<div id="link-menu" class="menu" role="menu" hidden>
  <p class="menu-title" data-part="title"></p>
  <p class="menu-note" data-part="state"></p>
  <button type="button" role="menuitem" data-action="forward">Cut one way</button>
  <button type="button" role="menuitem" data-action="backward">Cut the other way</button>
  <button type="button" role="menuitem" data-action="both">Cut both ways</button>
  <button type="button" role="menuitem" data-action="repair">Repair</button>
</div>

<div id="message-card" class="menu card" role="dialog" aria-labelledby="message-card-title" hidden>
  <div class="card-head">
    <p class="menu-title" id="message-card-title" data-part="title"></p>
    <button type="button" class="close" data-action="close" aria-label="Close">×</button>
  </div>
  <dl class="fields" data-part="fields"></dl>
  <p class="menu-note" data-part="gone" hidden>No longer in flight: it was delivered or dropped.</p>
  <button type="button" class="danger" data-action="drop">Drop message</button>
</div>

<div id="log-tip" class="tip" role="tooltip" hidden></div>
`;
