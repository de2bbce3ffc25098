import { describe, expect, it } from 'vitest';
import {
  embedCode,
  embedUrl,
  escapeAttribute,
  forkNoticeText,
  isEmbedMode,
  msText,
  pageBase,
  scenarioFileName,
  scenarioFromHash,
  settingsFromSearch,
  shareUrl,
} from '../../web/links.js';
import { scenarioText } from '../../web/mount.js';
import { timelineKeyTarget } from '../../web/timeline.js';

describe('share links and embed URLs', () => {
  it('puts the payload in the fragment of the page address, dropping query and fragment', () => {
    expect(pageBase('https://example.org/raft/index.html?servers=9#s=old')).toBe('https://example.org/raft/index.html');
    expect(shareUrl('https://example.org/raft/?embed=1#s=old', 'abc_-9')).toBe('https://example.org/raft/#s=abc_-9');
    expect(embedUrl('http://127.0.0.1:4173/index.html?seed=3', 'XYZ')).toBe('http://127.0.0.1:4173/index.html?embed=1#s=XYZ');
  });

  it('builds an iframe snippet whose attributes cannot be broken out of', () => {
    const code = embedCode('https://x.org/?embed=1&a="b"<script>#s=P', { width: 600, height: 500 });
    expect(code).toBe(
      '<iframe src="https://x.org/?embed=1&amp;a=&quot;b&quot;&lt;script&gt;#s=P" width="600" height="500" ' +
        'title="Raft Playground" style="border: 1px solid #d5dae1; border-radius: 8px" loading="lazy" ' +
        'allow="clipboard-write"></iframe>',
    );
    expect(code).not.toContain('<script');
    expect(escapeAttribute('a&"<>')).toBe('a&amp;&quot;&lt;&gt;');
    expect(embedCode('https://x.org/?embed=1#s=P')).toMatch(/width="820" height="720"/);
  });

  it('finds a scenario only in an #s= fragment', () => {
    expect(scenarioFromHash('#s=abc')).toBe('#s=abc');
    expect(scenarioFromHash('s=abc')).toBe('#s=abc');
    expect(scenarioFromHash('#s=')).toBe('#s=');
    expect(scenarioFromHash('')).toBeNull();
    expect(scenarioFromHash('#section-2')).toBeNull();
    expect(scenarioFromHash(undefined)).toBeNull();
  });

  it('recognises embed mode', () => {
    expect(isEmbedMode('?embed=1')).toBe(true);
    expect(isEmbedMode('?seed=3&embed=true')).toBe(true);
    expect(isEmbedMode('?embed')).toBe(true);
    expect(isEmbedMode('?embed=0')).toBe(false);
    expect(isEmbedMode('')).toBe(false);
  });

  it('reads settings from the address and names a bad one', () => {
    expect(settingsFromSearch('?servers=9&seed=3&speed=0.1&paused=1')).toEqual({
      config: { servers: 9, seed: 3 },
      speed: 0.1,
      paused: true,
      problems: [],
    });
    expect(settingsFromSearch('?checkQuorum=1').config).toEqual({ extensions: { checkQuorum: true } });
    expect(settingsFromSearch('?checkQuorum=0').config).toEqual({ extensions: { checkQuorum: false } });
    expect(settingsFromSearch('?preVote=1&checkQuorum=1').config).toEqual({
      extensions: { checkQuorum: true, preVote: true },
    });
    expect(settingsFromSearch('?checkQuorum=yes')).toEqual({
      config: {},
      speed: null,
      paused: false,
      problems: ['"checkQuorum" in the address must be 1 or 0, got "yes"'],
    });
    expect(settingsFromSearch('?checkquorum=1').problems).toEqual([
      '"checkquorum" in the address is not a setting: did you mean "checkQuorum"?',
    ]);
    expect(settingsFromSearch('')).toEqual({ config: {}, speed: null, paused: false, problems: [] });
    // Each bad parameter is named and left out; the good ones still apply.
    expect(settingsFromSearch('?servers=1000&seed=4&speed=abc&paused=maybe')).toEqual({
      config: { seed: 4 },
      speed: null,
      paused: false,
      problems: [
        '"servers" in the address must be a whole number from 1 to 9, got "1000"',
        '"speed" in the address must be a fraction of real time from 0.001 to 1, got "abc"',
        '"paused" in the address must be 1 or 0, got "maybe"',
      ],
    });
    expect(settingsFromSearch('?seed=-1&servers=&speed=5').problems).toEqual([
      '"servers" in the address must be a whole number from 1 to 9, got ""',
      '"seed" in the address must be a whole number from 0 to 9007199254740991, got "-1"',
      '"speed" in the address must be a fraction of real time from 0.001 to 1, got "5"',
    ]);
  });

  it('names typos of a setting and settings given twice, and leaves other parameters alone', () => {
    expect(settingsFromSearch('?server=3&Seed=4&sped=0.1&pause=1&servers=5&servers=6').problems).toEqual([
      '"server" in the address is not a setting: did you mean "servers"?',
      '"Seed" in the address is not a setting: did you mean "seed"?',
      '"sped" in the address is not a setting: did you mean "seed" or "speed"?',
      '"pause" in the address is not a setting: did you mean "paused"?',
      '"servers" in the address is given more than once; the first is used',
    ]);
    expect(settingsFromSearch('?servers=5&servers=6').config).toEqual({ servers: 5 });
    expect(settingsFromSearch('?utm_source=course&lang=en&id=7&embed=1&seed=2').problems).toEqual([]);
  });

  it('names exported files and formats times', () => {
    expect(scenarioFileName({ seed: 7, endMs: 1234.4 })).toBe('raft-scenario-seed7-1234ms.json');
    expect(scenarioFileName({})).toBe('raft-scenario.json');
    expect(msText(1234)).toBe('1234 ms');
    expect(msText(1234.56)).toBe('1234.6 ms');
  });

  it('says how history forked', () => {
    expect(forkNoticeText({ atMs: 1234, discardedActions: 3 })).toBe(
      'History forked at 1234 ms: 3 later actions discarded.',
    );
    expect(forkNoticeText({ atMs: 10.5, discardedActions: 1 })).toBe(
      'History forked at 10.5 ms: 1 later action discarded.',
    );
  });

  it('turns a loadScenario argument into text for the decoder', () => {
    expect(scenarioText('#s=abc')).toBe('#s=abc');
    expect(scenarioText({ version: 1, seed: 2 })).toBe('{"version":1,"seed":2}');
    expect(() => scenarioText(42)).toThrow('loadScenario needs a scenario: JSON text, a scenario object or a share link, got number');
    expect(() => scenarioText(null)).toThrow(/got null/);
  });
});

describe('timeline keys', () => {
  it('steps 10 ms, 1 s with Shift or Page keys, and jumps with Home and End', () => {
    expect(timelineKeyTarget('ArrowRight', false, 500, 3000)).toBe(510);
    expect(timelineKeyTarget('ArrowLeft', false, 500, 3000)).toBe(490);
    expect(timelineKeyTarget('ArrowUp', true, 500, 3000)).toBe(1500);
    expect(timelineKeyTarget('ArrowDown', true, 500, 3000)).toBe(0);
    expect(timelineKeyTarget('PageUp', false, 2500, 3000)).toBe(3000);
    expect(timelineKeyTarget('PageDown', false, 2500, 3000)).toBe(1500);
    expect(timelineKeyTarget('Home', false, 2500, 3000)).toBe(0);
    expect(timelineKeyTarget('End', false, 2500, 3000)).toBe(3000);
    expect(timelineKeyTarget('a', false, 2500, 3000)).toBeNull();
  });
});
