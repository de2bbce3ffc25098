// Colours, fonts and sizes of the drawing. Roles and message kinds use the Okabe–Ito palette,
// which stays distinguishable with the common colour-vision deficiencies; every colour also
// comes with a text label or a distinct shape, so colour is never the only cue.

export const palette = {
  orange: '#E69F00',
  skyBlue: '#56B4E9',
  green: '#009E73',
  yellow: '#F0E442',
  blue: '#0072B2',
  vermillion: '#D55E00',
  purple: '#CC79A7',
  ink: '#1d2430',
  muted: '#5b6472',
  faint: '#d5dae1',
  paper: '#ffffff',
  crashed: '#a3a8b0',
};

/** The candidate's dark orange: its outline, its election timer, PreVote outlines. */
const darkOrange = '#8a5f00';
/** A pale orange: a pre-candidate's fill, the inside of a PreVote reply. */
const paleOrange = '#f8dc9c';

/**
 * Fill, outline and label colours of a server by role (or crashed); `short` fits the log grid's
 * row labels. A pre-candidate (PreVote: asking before it raises its term) is a paler candidate
 * with a dashed outline (`dash`).
 */
export const roleStyle = {
  follower: { fill: '#e8edf3', stroke: '#5b6472', text: palette.ink, label: 'follower', short: 'follower' },
  precandidate: {
    fill: paleOrange,
    stroke: darkOrange,
    dash: [4, 3],
    text: palette.ink,
    label: 'pre-candidate',
    short: 'pre-cand.',
  },
  candidate: { fill: palette.orange, stroke: darkOrange, text: palette.ink, label: 'candidate', short: 'candidate' },
  leader: { fill: palette.blue, stroke: '#003a5c', text: '#ffffff', label: 'leader', short: 'leader' },
  crashed: { fill: '#d9dbdf', stroke: palette.crashed, text: '#6b7079', label: 'crashed', short: 'crashed' },
};

/** The style of `server`'s role: crashed first; an unknown role is drawn as a follower. */
export function styleForServer(server) {
  if (server.crashed) return roleStyle.crashed;
  return roleStyle[server.role] ?? roleStyle.follower;
}

/** True for a pre-candidate or a candidate: a server counting (pre-)votes. */
export function isCampaigning(role) {
  return role === 'precandidate' || role === 'candidate';
}

/**
 * Colour and shape of a message by type. Replies are drawn hollow, in `replyFill` when given
 * (white otherwise). PreVote messages are RequestVote's diamond in the candidate's orange with a
 * dark `outline`: a PreVote carries a `mark` ("?": would you vote for me?), its reply is pale
 * orange inside, like a pre-candidate. A leader handing leadership over sends a TimeoutNow: the
 * diamond in the leader's blue with a white "!" (`markColour`): start an election now.
 */
export const messageStyle = {
  PreVote: { colour: palette.orange, outline: darkOrange, mark: '?', shape: 'diamond', label: 'PreVote' },
  PreVoteReply: {
    colour: palette.orange,
    outline: darkOrange,
    replyFill: paleOrange,
    shape: 'diamond',
    label: 'pre-vote reply',
  },
  TimeoutNow: {
    colour: roleStyle.leader.fill,
    outline: roleStyle.leader.stroke,
    mark: '!',
    markColour: roleStyle.leader.text,
    shape: 'diamond',
    label: 'TimeoutNow',
  },
  RequestVote: { colour: palette.vermillion, shape: 'diamond', label: 'RequestVote' },
  RequestVoteReply: { colour: palette.vermillion, shape: 'diamond', label: 'vote reply' },
  AppendEntries: { colour: palette.green, shape: 'circle', label: 'AppendEntries' },
  AppendEntriesReply: { colour: palette.green, shape: 'circle', label: 'append reply' },
  ClientRequest: { colour: palette.purple, shape: 'square', label: 'client request' },
  ClientReply: { colour: palette.purple, shape: 'square', label: 'client reply' },
};

const fallbackMessageStyle = { colour: palette.muted, shape: 'circle', label: 'message' };

/** Style of a message type; unknown types get a neutral style rather than an error. */
export function styleForMessage(type) {
  return messageStyle[type] ?? fallbackMessageStyle;
}

/** True for replies (drawn hollow); requests are drawn filled. */
export function isReply(type) {
  return typeof type === 'string' && type.endsWith('Reply');
}

// Light, clearly different fills for log cells, one per term (cycled), all dark-text readable.
const termFills = [
  '#9fd3f5', // sky
  '#f9cf7a', // amber
  '#8fd9bf', // mint
  '#f3b3d4', // pink
  '#c9c1f2', // lavender
  '#f6a98a', // salmon
  '#d6e685', // lime
  '#b8c4d6', // slate
];

/** Fill colour of a log entry of `term` (terms start at 1; anything else is grey). */
export function colourForTerm(term) {
  if (!Number.isInteger(term) || term < 1) return '#e0e0e0';
  return termFills[(term - 1) % termFills.length];
}

export const fonts = {
  family: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  mono: 'ui-monospace, "SFMono-Regular", Menlo, Consolas, "DejaVu Sans Mono", monospace',
};

/** A canvas font string, e.g. font(12, 600). */
export function font(sizePx, weight = 400, family = fonts.family) {
  return `${weight} ${sizePx}px ${family}`;
}
