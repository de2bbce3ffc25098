// What a message in flight says, as rows a person reads: the fields of Figure 2 of the Raft
// paper under their paper names (term, prevLogIndex, leaderCommit...), plus where it goes and
// when it arrives. PreVote (§9.6 of Ongaro's thesis) carries RequestVote's fields; its term is
// the one the sender asks about, one above its own. Pure functions of the message object from
// `state().messages`.

/** "S3", or "client" for id 0. */
export function nodeName(id) {
  return id === 0 ? 'client' : `S${id}`;
}

/** "AppendEntries #42". */
export function messageTitle(message) {
  return `${message.type} #${message.id}`;
}

/** "12.3 ms" (one decimal). */
export function formatMs(ms) {
  return `${Number(ms).toFixed(1)} ms`;
}

/** "none (heartbeat)", "1 (index 5)" or "3 (indexes 5–7)". */
export function entriesText(message) {
  const count = message.entries ?? 0;
  if (count === 0) return message.type === 'AppendEntries' ? 'none (heartbeat)' : '0';
  const first = message.firstEntryIndex;
  const last = message.lastEntryIndex;
  if (first == null) return String(count);
  if (first === last || last == null) return `${count} (index ${first})`;
  return `${count} (indexes ${first}–${last})`;
}

/** The fast-backup hint of a failed AppendEntriesReply, or null. */
export function conflictText(message) {
  if (message.conflictTerm != null) {
    const from = message.conflictIndex != null ? ` starting at index ${message.conflictIndex}` : '';
    return `follower has term ${message.conflictTerm}${from}`;
  }
  if (message.conflictIndex != null) return `follower's log is too short: next index ${message.conflictIndex}`;
  return null;
}

const yesNo = (value) => (value ? 'yes' : 'no');

/**
 * The message's fields as `[label, value]` rows, in the order a student reads them. Fields
 * that do not apply to the message's type are left out.
 */
export function messageFields(message) {
  const rows = [];
  const add = (label, value) => {
    if (value !== undefined && value !== null) rows.push([label, String(value)]);
  };
  add('type', message.type);
  add('from → to', `${nodeName(message.from)} → ${nodeName(message.to)}`);
  const betweenServers = message.from !== 0 && message.to !== 0;
  if (betweenServers) add('term', message.type === 'PreVote' ? preVoteTermText(message.term) : message.term);
  switch (message.type) {
    case 'PreVote':
    case 'RequestVote':
      add('lastLogIndex', message.lastLogIndex);
      add('lastLogTerm', message.lastLogTerm);
      add('leadership transfer', message.leadershipTransfer ? 'yes: its leader sent it a TimeoutNow' : null);
      break;
    case 'TimeoutNow':
      add('means', 'start an election now: the leader hands leadership over');
      break;
    case 'PreVoteReply':
    case 'RequestVoteReply':
      add('voteGranted', message.success == null ? null : yesNo(message.success));
      break;
    case 'AppendEntries':
      add('prevLogIndex', message.prevLogIndex);
      add('prevLogTerm', message.prevLogTerm);
      add('entries', entriesText(message));
      add('leaderCommit', message.leaderCommit);
      break;
    case 'AppendEntriesReply':
      add('success', message.success == null ? null : yesNo(message.success));
      add(message.success ? 'matchIndex' : 'for prevLogIndex', message.matchIndex);
      add('conflict hint', conflictText(message));
      break;
    case 'ClientRequest':
      add('request', message.request != null ? `#${message.request}` : null);
      add('attempt', message.attempt);
      break;
    case 'ClientReply':
      add('request', message.request != null ? `#${message.request}` : null);
      add('answer', message.success == null ? null : message.success ? 'done' : 'not the leader');
      add('leader hint', message.leaderHint != null ? nodeName(message.leaderHint) : null);
      break;
    default:
      if (message.entries > 0) add('entries', entriesText(message));
      if (message.success != null) add('success', yesNo(message.success));
  }
  add('copy of', message.duplicateOf != null ? `#${message.duplicateOf} (duplicated by the network)` : null);
  add('sent at', formatMs(message.sentMs));
  // A message dropped as it was sent never arrives; the page draws it up to that moment.
  add(message.reason ? 'would have arrived at' : 'arrives at', formatMs(message.deliverMs));
  return rows;
}

/** "asks for term 4 (its own is still 3)": a PreVote's term, which the sender has not raised yet. */
export function preVoteTermText(term) {
  return `asks for term ${term} (its own is still ${term - 1})`;
}

/** Why a message in `state().dropped` never arrives, as one sentence; null for other messages. */
export function droppedText(message) {
  switch (message.reason) {
    case undefined:
    case null:
      return null;
    case 'lost':
      return 'Lost by the network as it was sent (loss rate): it never arrives.';
    case 'linkCut':
      return `Sent over the cut link ${nodeName(message.from)} → ${nodeName(message.to)}: it never arrives.`;
    case 'partitioned':
      return `Sent across the partition: ${nodeName(message.from)} and ${nodeName(message.to)} cannot reach each other, so it never arrives.`;
    default:
      return `Dropped as it was sent (${message.reason}): it never arrives.`;
  }
}

/**
 * A short summary of the fields that matter for the status line after a step, e.g.
 * "term 2, prevLogIndex 4 (term 1), 2 entries, leaderCommit 3"; empty when there is nothing
 * to add.
 */
export function messageSummary(message) {
  const parts = [];
  const betweenServers = message.from !== 0 && message.to !== 0;
  if (betweenServers) parts.push(message.type === 'PreVote' ? `asks for term ${message.term}` : `term ${message.term}`);
  switch (message.type) {
    case 'PreVote':
    case 'RequestVote':
      if (message.lastLogIndex != null) {
        parts.push(`last log entry ${message.lastLogIndex} (term ${message.lastLogTerm ?? '?'})`);
      }
      if (message.leadershipTransfer) parts.push('leadership transfer');
      break;
    case 'TimeoutNow':
      parts.push('start an election now');
      break;
    case 'PreVoteReply':
      if (message.success != null) parts.push(message.success ? 'pre-vote granted' : 'pre-vote refused');
      break;
    case 'RequestVoteReply':
      if (message.success != null) parts.push(message.success ? 'vote granted' : 'vote refused');
      break;
    case 'AppendEntries':
      if (message.prevLogIndex != null) {
        parts.push(`prevLogIndex ${message.prevLogIndex} (term ${message.prevLogTerm ?? '?'})`);
      }
      parts.push(message.entries > 0 ? `entries ${entriesText(message)}` : 'heartbeat');
      if (message.leaderCommit != null) parts.push(`leaderCommit ${message.leaderCommit}`);
      break;
    case 'AppendEntriesReply': {
      if (message.success != null) parts.push(message.success ? 'success' : 'rejected');
      if (message.success && message.matchIndex != null) parts.push(`matchIndex ${message.matchIndex}`);
      const hint = conflictText(message);
      if (hint) parts.push(hint);
      break;
    }
    default:
      break;
  }
  return parts.join(', ');
}

/**
 * "2 of 3 votes": a candidate's votes so far of the majority of `serverCount` it needs;
 * `noun` "pre-votes" for a pre-candidate's.
 */
export function votesText(votes, serverCount, noun = 'votes') {
  return `${votes} of ${Math.floor(serverCount / 2) + 1} ${noun}`;
}

/**
 * What a delivered message changed at its receiver, from the receiver as it is after the step
 * (and, when known, `before` it): a candidate's tally ("S5 now has 2 of 3 votes", "S5 has a
 * majority and leads term 2"), a pre-candidate's ("S5 now has 2 of 3 pre-votes", "S5 has a
 * majority of pre-votes and starts an election for term 4") or a leader's view of the replying
 * follower ("S5 now sends S2 entries from index 8, matchIndex 7"), or the election a TimeoutNow
 * started ("S3 starts an election for term 2 at once"). Empty when there is nothing to add (for
 * the other requests, which Step's description and fields already say enough about).
 */
export function deliveryOutcome(message, receiver, serverCount, before = null) {
  if (!receiver || receiver.crashed) return '';
  const name = `S${receiver.id}`;
  if (message.type === 'TimeoutNow') {
    const started = receiver.role === 'candidate' && receiver.term === message.term + 1;
    return started ? `${name} starts an election for term ${receiver.term} at once` : '';
  }
  // A granted pre-vote is for the term above the pre-candidate's own.
  if (message.type === 'PreVoteReply' && message.success) {
    if (receiver.role === 'precandidate' && receiver.term + 1 === message.term) {
      return `${name} now has ${votesText(receiver.votesReceived.length, serverCount, 'pre-votes')}`;
    }
    // A pre-vote that arrives after the majority's finds a candidate already: nothing changes.
    const candidateBefore = before?.role === 'candidate' && before.term === receiver.term;
    if (receiver.role === 'candidate' && receiver.term === message.term && !candidateBefore) {
      return `${name} has a majority of pre-votes and starts an election for term ${receiver.term}`;
    }
  }
  if (message.type === 'RequestVoteReply' && message.success && receiver.term === message.term) {
    // A vote that arrives after the majority's finds a leader already: nothing changes.
    const leaderBefore = before?.role === 'leader' && before.term === receiver.term;
    if (receiver.role === 'leader' && !leaderBefore) return `${name} has a majority and leads term ${receiver.term}`;
    if (receiver.role === 'candidate') {
      return `${name} now has ${votesText(receiver.votesReceived.length, serverCount)}`;
    }
  }
  if (message.type === 'AppendEntriesReply' && receiver.role === 'leader') {
    const follower = receiver.progress?.find((f) => f.id === message.from);
    if (follower) {
      return `${name} now sends S${follower.id} entries from index ${follower.nextIndex}, matchIndex ${follower.matchIndex}`;
    }
  }
  return '';
}

/** The id of the message a step delivered ("S1 receives AppendEntries #41 from S5"), or null. */
export function deliveredMessageId(description) {
  const match = / receives [A-Za-z]+ #(\d+) /.exec(description ?? '');
  return match ? Number(match[1]) : null;
}
