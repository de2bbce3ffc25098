import { describe, expect, it } from 'vitest';
import { API_METHODS, createApi } from '../../web/api.js';
import {
  CONTROL_NAMES,
  EMBED_CONTROLS,
  PAGE_CONTROLS,
  isCompact,
  parseControls,
  unknownControlsMessage,
} from '../../web/controls-list.js';
import { booleanAttribute, parseElementOptions } from '../../web/element-options.js';
import { PLAYGROUND_MARKUP } from '../../web/markup.js';

/** `get` over a plain object of attributes (absent = null, as getAttribute). */
const attributes = (values) => (name) => (name in values ? values[name] : null);

describe('the controls list', () => {
  it('reads names separated by commas and spaces, in any case', () => {
    const { controls, unknown } = parseControls(' Play, step  timeline,,LOGS ');
    expect([...controls]).toEqual(['play', 'step', 'timeline', 'logs']);
    expect(unknown).toEqual([]);
  });

  it('links to the full playground from embeds only, not from the page itself', () => {
    expect(EMBED_CONTROLS).toContain('open');
    expect(PAGE_CONTROLS).not.toContain('open');
    expect([...PAGE_CONTROLS, 'open'].sort()).toEqual([...CONTROL_NAMES].sort());
  });

  it('knows all, none, the empty list and the fallback', () => {
    expect([...parseControls('all').controls]).toEqual([...CONTROL_NAMES]);
    expect(parseControls('none').controls.size).toBe(0);
    expect(parseControls('').controls.size).toBe(0);
    expect([...parseControls(null, EMBED_CONTROLS).controls]).toEqual([...EMBED_CONTROLS]);
    expect([...parseControls(undefined).controls]).toEqual([...CONTROL_NAMES]);
  });

  it('names what it does not know, once', () => {
    const { controls, unknown } = parseControls('play,rewind,play,<b>');
    expect([...controls]).toEqual(['play']);
    expect(unknown).toEqual(['rewind', '<b>']);
    expect(unknownControlsMessage(unknown)).toMatch(/^"controls" has unknown names "rewind", "<b>"; known: title, play,/);
    expect(unknownControlsMessage(['x'])).toMatch(/^"controls" has unknown name "x";/);
    expect(unknownControlsMessage([])).toBe('');
  });

  it('stacks the layout when a side panel is hidden', () => {
    expect(isCompact(new Set(CONTROL_NAMES))).toBe(false);
    expect(isCompact(new Set(EMBED_CONTROLS))).toBe(true);
  });

  it('matches the markup: every control name is in it and every data-control is a name', () => {
    const inMarkup = [...PLAYGROUND_MARKUP.matchAll(/data-control="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(inMarkup)).toEqual(new Set(CONTROL_NAMES));
  });
});

describe('<raft-playground> attributes', () => {
  it('defaults to a paused, minimal playground', () => {
    const options = parseElementOptions(attributes({}));
    expect(options).toEqual({
      scenario: null,
      config: {},
      autoplay: false,
      speed: null,
      controls: new Set(EMBED_CONTROLS),
      problems: [],
    });
  });

  it('reads every attribute', () => {
    const options = parseElementOptions(
      attributes({
        scenario: '  https://x.org/#s=abc ',
        servers: '3',
        seed: '42',
        autoplay: '',
        speed: '0.1',
        controls: 'play,timeline',
        'check-quorum': '',
        'pre-vote': 'off',
      }),
    );
    expect(options).toEqual({
      scenario: 'https://x.org/#s=abc',
      config: { servers: 3, seed: 42, extensions: { checkQuorum: true, preVote: false } },
      autoplay: true,
      speed: 0.1,
      controls: new Set(['play', 'timeline']),
      problems: [],
    });
  });

  it('refuses an out-of-range speed, as the address does, and names every bad attribute', () => {
    const tooFast = parseElementOptions(attributes({ speed: '5' }));
    expect(tooFast.speed).toBeNull();
    expect(tooFast.problems).toEqual(['"speed" must be a fraction of real time from 0.001 to 1, got "5"']);
    expect(parseElementOptions(attributes({ speed: '0.0001' })).problems).toHaveLength(1);
    expect(parseElementOptions(attributes({ speed: '1' })).speed).toBe(1);
    expect(parseElementOptions(attributes({ speed: '0.001' })).speed).toBe(0.001);
    const options = parseElementOptions(
      attributes({ servers: '1000', seed: '-1', speed: 'fast', controls: 'play,zoom', scenario: '   ' }),
    );
    expect(options.config).toEqual({});
    expect(options.speed).toBeNull();
    expect(options.scenario).toBeNull();
    expect(options.problems).toEqual([
      '"servers" must be a whole number from 1 to 9, got "1000"',
      '"seed" must be a whole number, got "-1"',
      '"speed" must be a fraction of real time from 0.001 to 1, got "fast"',
      expect.stringMatching(/^"controls" has unknown name "zoom"/),
    ]);
    expect(parseElementOptions(attributes({ servers: '0' })).problems).toHaveLength(1);
    expect(parseElementOptions(attributes({ servers: '2.5' })).problems).toHaveLength(1);
    expect(parseElementOptions(attributes({ servers: '' })).problems).toHaveLength(1);
  });

  it('reads autoplay as a boolean attribute', () => {
    expect(booleanAttribute(null)).toBe(false);
    expect(booleanAttribute('')).toBe(true);
    expect(booleanAttribute('autoplay')).toBe(true);
    expect(booleanAttribute('false')).toBe(false);
    expect(booleanAttribute(' Off ')).toBe(false);
    expect(booleanAttribute('0')).toBe(false);
  });

  it('exposes exactly the scripting API as methods', () => {
    const api = createApi({}, new Promise(() => {}));
    const methods = Object.keys(api).filter((key) => key !== 'ready');
    expect(new Set(methods)).toEqual(new Set(API_METHODS));
    expect(API_METHODS).toEqual(expect.arrayContaining(['shareLink', 'loadScenario', 'scenario', 'seek']));
  });
});
