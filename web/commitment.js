// Whether a log entry is committed, as the log grid and its tooltip show it. A running server
// knows: the entry is at or below its commit index. A crashed server lost its commit index (it
// is volatile state), so its entries are judged by the running servers: committed if one of
// them has committed the same entry (same index and term, so by Log Matching the same entry).

/** True if `entry` of `server` is committed (see above); `servers` are the view's servers. */
export function isCommitted(servers, server, entry) {
  if (!server.crashed) return entry.index <= server.commitIndex;
  return servers.some((other) => {
    if (other.crashed || entry.index > other.commitIndex || other.log.length === 0) return false;
    // Logs in a view are runs of consecutive indexes.
    const same = other.log[entry.index - other.log[0].index];
    return same !== undefined && same.term === entry.term;
  });
}

/**
 * The index up to which `server`'s log (as far as the view holds it) is committed: its commit
 * index when it runs; for a crashed one, its last entry that `isCommitted` (committed entries
 * are a prefix of a log), or 0.
 */
export function committedThrough(servers, server) {
  if (!server.crashed) return server.commitIndex;
  for (let i = server.log.length - 1; i >= 0; i -= 1) {
    if (isCommitted(servers, server, server.log[i])) return server.log[i].index;
  }
  return 0;
}
