// The side panel: the leader's key-value store, what the leader knows of each follower (Figure 2's
// nextIndex and matchIndex, and whether it probes or streams) and the client's pending requests.
// Every piece of data is set with textContent (commands come from users and links: never
// innerHTML).

const MAX_KV_ROWS = 40;
const MAX_REQUEST_ROWS = 12;

export class SidePanel {
  /** @param {HTMLElement} root element holding the panel's parts (see index.html). */
  constructor(root) {
    this.leaderTitle = root.querySelector('[data-part="leader-title"]');
    this.kvBody = root.querySelector('[data-part="kv"]');
    this.kvEmpty = root.querySelector('[data-part="kv-empty"]');
    this.followersTitle = root.querySelector('[data-part="followers-title"]');
    this.followersBody = root.querySelector('[data-part="followers"]');
    this.followersEmpty = root.querySelector('[data-part="followers-empty"]');
    this.requestsBody = root.querySelector('[data-part="requests"]');
    this.requestsEmpty = root.querySelector('[data-part="requests-empty"]');
    this.lastSignature = '';
  }

  /** Shows what `view` holds; does nothing when that has not changed since the last call. */
  update(view) {
    const leader = currentLeader(view.servers);
    const signature = panelSignature(leader, view.requests, view.kvSizes);
    if (signature === this.lastSignature) return;
    this.lastSignature = signature;

    const kv = leader ? leader.kv : [];
    // A frame view carries only the first pairs of a large store, and the store's size.
    const size = leader ? (view.kvSizes?.[leader.id - 1] ?? kv.length) : 0;
    this.leaderTitle.textContent = kvTitle(leader, size);
    const rows = kv.slice(0, MAX_KV_ROWS).map(([key, value]) => tableRow([key, value]));
    const shown = rows.length;
    if (size > shown) rows.push(tableRow([`… and ${size - shown} more`, '']));
    this.kvBody.replaceChildren(...rows);
    this.kvEmpty.hidden = size > 0;

    const followers = leader?.progress ?? [];
    this.followersTitle.textContent = leader ? `Followers of leader S${leader.id}` : 'Followers';
    this.followersBody.replaceChildren(
      ...followers.map((f) => tableRow([`S${f.id}`, String(f.matchIndex), String(f.nextIndex), sendingText(f)])),
    );
    this.followersEmpty.hidden = leader !== null;
    this.followersBody.closest('table').hidden = leader === null;

    const requests = view.requests;
    const requestRows = requests
      .slice(0, MAX_REQUEST_ROWS)
      .map((r) => tableRow([`#${r.id}`, r.command, requestStatus(r)]));
    if (requests.length > MAX_REQUEST_ROWS) {
      requestRows.push(tableRow(['', `… ${requests.length - MAX_REQUEST_ROWS} more`, '']));
    }
    this.requestsBody.replaceChildren(...requestRows);
    this.requestsEmpty.hidden = requests.length > 0;
  }
}

/** "Key-value store of leader S2 (term 3): 14 keys", so a list cut by the panel says how long it is. */
export function kvTitle(leader, size) {
  if (!leader) return 'Key-value store (no leader right now)';
  return `Key-value store of leader S${leader.id} (term ${leader.term}): ${size} key${size === 1 ? '' : 's'}`;
}

/** "probing", "streaming" or "2 in flight" (streaming): how the leader sends to a follower. */
export function sendingText(follower) {
  if (follower.mode === 'probe') return 'probing';
  return follower.inflight > 0 ? `${follower.inflight} in flight` : 'streaming';
}

/** The live leader with the highest term, or null. */
export function currentLeader(servers) {
  let leader = null;
  for (const server of servers) {
    if (server.role === 'leader' && !server.crashed && (!leader || server.term > leader.term)) {
      leader = server;
    }
  }
  return leader;
}

/** "awaiting commit at S3 (try 2)": a request's status as one line. */
export function requestStatus(request) {
  let text = request.status;
  if (request.target != null) text += ` at S${request.target}`;
  if (request.attempts > 1) text += ` (try ${request.attempts})`;
  return text;
}

function panelSignature(leader, requests, kvSizes) {
  let signature = leader ? `${leader.id}/${leader.term}/${kvSizes?.[leader.id - 1]}/` : '-/';
  if (leader) {
    // The last applied index changes whenever the store may have changed.
    signature += `${leader.lastApplied}/`;
    for (const f of leader.progress ?? []) signature += `${f.id}:${f.matchIndex}:${f.nextIndex}:${f.mode}:${f.inflight};`;
  }
  for (const r of requests) signature += `${r.id}:${r.status}:${r.target}:${r.attempts};`;
  return signature;
}

function tableRow(cells) {
  const row = document.createElement('tr');
  for (const text of cells) {
    const cell = document.createElement('td');
    cell.textContent = text;
    row.append(cell);
  }
  return row;
}
