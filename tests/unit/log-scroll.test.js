import { describe, expect, it } from 'vitest';
import { latestIndex, windowText } from '../../web/log-scroll.js';

const view = (first, last, lastLogIndexes) => ({ logWindow: { first, last }, lastLogIndexes });

describe('log grid window', () => {
  it('knows where the longest log ends, or the window when the logs are shorter', () => {
    expect(latestIndex(view(261, 300, [312, 290, 0]))).toBe(312);
    expect(latestIndex(view(1, 40, [7, 5, 7]))).toBe(40);
  });

  it('names the indexes it shows, and of how many while scrolled back', () => {
    expect(windowText(view(273, 312, [312, 310]), true)).toBe('indexes 273–312');
    expect(windowText(view(261, 300, [312, 310]), false)).toBe('indexes 261–300 of 312');
    // Scrolled to the very end (the log stopped growing): nothing more to the right.
    expect(windowText(view(273, 312, [312, 310]), false)).toBe('indexes 273–312');
    expect(windowText(view(1, 0, [3]), true)).toBe('');
  });
});
