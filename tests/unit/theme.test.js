import { describe, expect, it } from 'vitest';
import { colourForTerm, isCampaigning, isReply, roleStyle, styleForMessage, styleForServer } from '../../web/theme.js';

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
    const roles = ['follower', 'precandidate', 'candidate', 'leader', 'crashed'];
    const fills = new Set(roles.map((r) => roleStyle[r].fill));
    const labels = new Set(roles.map((r) => roleStyle[r].label));
    const shortLabels = new Set(roles.map((r) => roleStyle[r].short));
    expect(fills.size).toBe(5);
    expect(labels.size).toBe(5);
    expect(shortLabels.size).toBe(5);
  });

  it('draws a pre-candidate as a paler candidate with a dashed outline', () => {
    const asking = roleStyle.precandidate;
    expect(asking.label).toBe('pre-candidate');
    expect(asking.stroke).toBe(roleStyle.candidate.stroke);
    expect(asking.fill).not.toBe(roleStyle.candidate.fill);
    expect(asking.dash.length).toBeGreaterThan(0);
    expect(roleStyle.candidate.dash).toBeUndefined();
    // The log grid's row labels have room for about nine characters.
    for (const style of Object.values(roleStyle)) expect(style.short.length).toBeLessThanOrEqual(9);
  });

  it('picks a server\'s style: crashed first, an unknown role as a follower', () => {
    expect(styleForServer({ role: 'precandidate' })).toBe(roleStyle.precandidate);
    expect(styleForServer({ role: 'precandidate', crashed: true })).toBe(roleStyle.crashed);
    expect(styleForServer({ role: 'somethingNew' })).toBe(roleStyle.follower);
    expect(isCampaigning('precandidate')).toBe(true);
    expect(isCampaigning('candidate')).toBe(true);
    expect(isCampaigning('follower')).toBe(false);
    expect(isCampaigning('leader')).toBe(false);
  });

  it('draws RequestVote and AppendEntries with different shapes and colours', () => {
    const vote = styleForMessage('RequestVote');
    const append = styleForMessage('AppendEntries');
    expect(vote.shape).not.toBe(append.shape);
    expect(vote.colour).not.toBe(append.colour);
    expect(styleForMessage('SomethingNew').shape).toBe('circle');
  });

  it('draws PreVote as RequestVote\'s diamond, in the candidate\'s orange with a dark outline', () => {
    for (const [preVote, vote] of [
      ['PreVote', 'RequestVote'],
      ['PreVoteReply', 'RequestVoteReply'],
    ]) {
      const asking = styleForMessage(preVote);
      expect(asking.shape).toBe(styleForMessage(vote).shape);
      expect(asking.colour).toBe(roleStyle.candidate.fill);
      expect(asking.colour).not.toBe(styleForMessage(vote).colour);
      expect(asking.colour).not.toBe(styleForMessage('AppendEntries').colour);
      expect(asking.outline).toBe(roleStyle.candidate.stroke);
    }
    // Besides the colour: a "?" on the request, a pale inside on the reply.
    expect(styleForMessage('PreVote').mark).toBe('?');
    expect(styleForMessage('RequestVote').mark).toBeUndefined();
    expect(styleForMessage('PreVoteReply').replyFill).toBe(roleStyle.precandidate.fill);
    expect(styleForMessage('RequestVoteReply').replyFill).toBeUndefined();
  });

  // Reference: Ongaro's thesis, section 3.10: the leader sends TimeoutNow to the server it hands
  // leadership to, which starts an election at once.
  it('draws TimeoutNow as an election diamond in the leader\'s blue, with a white "!"', () => {
    const timeoutNow = styleForMessage('TimeoutNow');
    expect(timeoutNow.shape).toBe(styleForMessage('RequestVote').shape);
    expect(timeoutNow.colour).toBe(roleStyle.leader.fill);
    expect(timeoutNow.outline).toBe(roleStyle.leader.stroke);
    expect(timeoutNow.mark).toBe('!');
    expect(timeoutNow.markColour).toBe(roleStyle.leader.text);
    expect(isReply('TimeoutNow')).toBe(false);
  });

  it('tells replies from requests', () => {
    expect(isReply('RequestVoteReply')).toBe(true);
    expect(isReply('PreVoteReply')).toBe(true);
    expect(isReply('PreVote')).toBe(false);
    expect(isReply('AppendEntriesReply')).toBe(true);
    expect(isReply('ClientReply')).toBe(true);
    expect(isReply('AppendEntries')).toBe(false);
    expect(isReply(undefined)).toBe(false);
  });
});
