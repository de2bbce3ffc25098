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

/** Fill, outline and label colours of a server by role (or crashed). */
export const roleStyle = {
  follower: { fill: '#e8edf3', stroke: '#5b6472', text: palette.ink, label: 'follower' },
  candidate: { fill: palette.orange, stroke: '#8a5f00', text: palette.ink, label: 'candidate' },
  leader: { fill: palette.blue, stroke: '#003a5c', text: '#ffffff', label: 'leader' },
  crashed: { fill: '#d9dbdf', stroke: palette.crashed, text: '#6b7079', label: 'crashed' },
};

/** Colour and shape of a message by type. */
export const messageStyle = {
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
