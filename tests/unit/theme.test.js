import { describe, expect, it } from 'vitest';
import { colourForTerm, isReply, roleStyle, styleForMessage } from '../../web/theme.js';

describe('colours', () => {
  it('gives neighbouring terms different colours and repeats after the palette', () => {
    for (let term = 1; term < 20; term += 1) {
      expect(colourForTerm(term)).not.toBe(colourForTerm(term + 1));
    }
    expect(colourForTerm(1)).toBe(colourForTerm(9));
    expect(colourForTerm(3)).toMatch(/^#[0-9a-f]{6}$/i);
  });

  it('has a neutral colour for terms that carry no entries', () => {
    expect(colourForTerm(0)).toBe(colourForTerm(-1));
    expect(colourForTerm(0)).not.toBe(colourForTerm(1));
  });

  it('distinguishes every role by fill and label', () => {
    const roles = ['follower', 'candidate', 'leader', 'crashed'];
    const fills = new Set(roles.map((r) => roleStyle[r].fill));
    const labels = new Set(roles.map((r) => roleStyle[r].label));
    expect(fills.size).toBe(4);
    expect(labels.size).toBe(4);
  });

  it('draws RequestVote and AppendEntries with different shapes and colours', () => {
    const vote = styleForMessage('RequestVote');
    const append = styleForMessage('AppendEntries');
    expect(vote.shape).not.toBe(append.shape);
    expect(vote.colour).not.toBe(append.colour);
    expect(styleForMessage('SomethingNew').shape).toBe('circle');
  });

  it('tells replies from requests', () => {
    expect(isReply('RequestVoteReply')).toBe(true);
    expect(isReply('AppendEntriesReply')).toBe(true);
    expect(isReply('ClientReply')).toBe(true);
    expect(isReply('AppendEntries')).toBe(false);
    expect(isReply(undefined)).toBe(false);
  });
});
