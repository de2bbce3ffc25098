// Scenarios, share links, time travel and embedding, in real Chromium: a link opened in a
// fresh page reproduces the author's states; seeking reaches the states of a straight run;
// every kind of bad link shows its message and a working playground; embed mode and the
// <raft-playground> elements of the demo course page. Fails on any console or page error.
// Screenshots go to screenshots/ (look at them).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { deflateRawSync } from 'node:zlib';
import { before, describe, it } from 'node:test';
import { ringLayout } from '../../web/layout.js';
import { openPlayground } from './browser.mjs';
import { screenshots, useServerAndBrowser } from './suite.mjs';

const live = useServerAndBrowser();

/** Opens the demo course page; `errors` collects its console errors and page errors. */
async function openCoursePage() {
  const page = await live.browser.context.newPage();
  const errors = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${live.server.url}demo/course.html`);
  return { page, errors };
}

function assertNoErrors(errors) {
  assert.deepEqual(errors, [], `errors in the page:\n${errors.join('\n')}`);
}

/** Opens a page of the site (`path` e.g. "?seed=3" or "#s=...") and pauses its playground. */
async function open(path = '') {
  const opened = await openPlayground(live.browser.context, `${live.server.url}${path}`);
  await opened.page.evaluate(() => window.playground.pause());
  return opened;
}

/** base64url without padding, as in the links. */
const base64url = (bytes) => Buffer.from(bytes).toString('base64url');
/** A link payload for `json` (raw DEFLATE, like miniz_oxide). */
const payloadOf = (json) => base64url(deflateRawSync(Buffer.from(json, 'utf8')));

/** Where server `id` is drawn on the main page's ring, in page coordinates. */
async function serverOnScreen(page, id) {
  const box = await page.locator('#ring').boundingBox();
  const servers = await page.evaluate(() => window.playground.state().servers.length);
  const at = ringLayout(box.width, box.height, servers).servers[id - 1];
  return { x: box.x + at.x, y: box.y + at.y };
}

async function nextFrames(page) {
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
}

/** Advances the page's playground to virtual time `ms` (it must not be past it). */
async function advanceTo(page, ms) {
  await page.evaluate((target) => {
    const now = window.playground.state().timeMs;
    if (target > now) window.playground.advance(target - now);
  }, ms);
}

/** `state()` at each time of `times`, reached with seek. */
async function statesBySeeking(page, times) {
  return page.evaluate((list) => list.map((t) => (window.playground.seek(t), window.playground.state())), times);
}

/** The leader's id (after advancing until there is one). */
async function leaderOf(page) {
  return page.evaluate(() => {
    for (let i = 0; i < 300; i += 1) {
      const leader = window.playground.state().servers.find((s) => s.role === 'leader' && !s.crashed);
      if (leader) return leader.id;
      window.playground.advance(10);
    }
    throw new Error('no leader within 3 s');
  });
}

describe('share links and scenario files', () => {
  it('a share link reproduces the author’s run: equal state() at the same virtual times', async () => {
    const { page, errors } = await open('?seed=5');
    const samples = new Map();
    // Sample, then act a little later: an action at a sample's exact time would be part of it.
    const sample = async (t) => {
      await advanceTo(page, t);
      samples.set(t, await page.evaluate(() => window.playground.state()));
      await advanceTo(page, t + 5);
    };
    // Act in the page as a person would: the request button, a server's menu, the partition tool.
    await sample(700);
    const leader = await leaderOf(page);
    await sample(1100);
    await page.locator('#request').click();
    await sample(1400);
    const at = await serverOnScreen(page, leader);
    await page.mouse.click(at.x, at.y);
    await page.locator('#server-menu [data-action="crash"]').click();
    await sample(1900);
    await page.evaluate(() => window.playground.partition([[1, 2]]));
    await sample(2600);
    await page.evaluate(() => window.playground.request('set y 7'));
    await sample(3300);
    await page.evaluate(() => window.playground.heal());
    await sample(4100);
    const authorTrace = await page.evaluate(() => window.playground.trace());
    const scenario = await page.evaluate(() => window.playground.scenario());
    assert.equal(scenario.version, 1);
    assert.equal(scenario.seed, 5);
    const kinds = scenario.actions.map((a) => a.do);
    for (const kind of ['request', 'crash', 'partition', 'heal']) assert.ok(kinds.includes(kind), `${kind} in ${kinds}`);

    const link = await page.evaluate(() => window.playground.shareLink());
    assert.ok(link.startsWith(`${live.server.url}#s=`), link);
    assertNoErrors(errors);

    // A fresh page opens the link at the author's moment, then seeks to every sample time.
    const fresh = await openPlayground(live.browser.context, link);
    await fresh.page.evaluate(() => window.playground.pause());
    const opened = await fresh.page.evaluate(() => window.playground.state());
    assert.ok(opened.timeMs >= 4100, `opened at ${opened.timeMs} ms, the author was at 4100 ms`);
    assert.equal(await fresh.page.locator('#scenario-error').isVisible(), false);
    const times = [...samples.keys()];
    const replayed = await statesBySeeking(fresh.page, times);
    times.forEach((t, i) => assert.deepEqual(replayed[i], samples.get(t), `state at ${t} ms`));
    assert.deepEqual(await fresh.page.evaluate(() => window.playground.trace()), authorTrace);
    assertNoErrors(fresh.errors);
    await fresh.page.close();
    await page.close();
  });

  it('a link shared after going back in time opens paused at that moment; later actions replay', async () => {
    const { page, errors } = await open('?seed=4');
    await page.evaluate(() => {
      window.playground.advance(1000);
      window.playground.crash(3);
      window.playground.advance(1000);
      window.playground.seek(600);
    });
    const furthest = await page.evaluate(() => window.playground.historyEndMs());
    assert.ok(furthest >= 2000, `the author's run went to ${furthest} ms`);
    assert.equal(await page.evaluate(() => window.playground.scenario().historyEndMs), furthest);
    await nextFrames(page);
    const timelineEnd = await page.locator('#timeline-end').textContent();
    const atShare = await page.evaluate(() => window.playground.state());
    const link = await page.evaluate(() => window.playground.shareLink());
    assertNoErrors(errors);
    await page.close();

    // Opened without pausing it first: a link must not start playing on its own.
    const fresh = await openPlayground(live.browser.context, link);
    await nextFrames(fresh.page);
    assert.equal(await fresh.page.evaluate(() => window.playground.isPlaying()), false);
    assert.deepEqual(await fresh.page.evaluate(() => window.playground.state()), atShare);
    assert.equal(
      await fresh.page.locator('#status').textContent(),
      'opened the shared run at 600.0 ms, paused: press Play to go on',
    );
    // The crash at 1000 ms is still ahead on the timeline, and replays when time gets there;
    // the timeline reaches as far as the author's did.
    assert.equal(await fresh.page.evaluate(() => window.playground.historyEndMs()), furthest);
    assert.equal(await fresh.page.locator('#timeline-end').textContent(), timelineEnd);
    const later = await fresh.page.evaluate(() => (window.playground.advance(500), window.playground.state()));
    assert.equal(later.servers[2].crashed, true);
    assertNoErrors(fresh.errors);
    await fresh.page.close();
  });

  it('Share shows and copies the link; Export downloads the scenario and Import opens it', async () => {
    await live.browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: live.server.url.replace(/\/$/, '') });
    const { page, errors } = await open('?seed=2');
    await page.evaluate(() => {
      window.playground.advance(800);
      window.playground.request('set x 1');
      window.playground.advance(700);
      window.playground.crash(2);
      window.playground.advance(900);
    });
    await page.locator('#share').click();
    const field = page.locator('#share-link');
    await field.waitFor({ state: 'visible' });
    const link = await page.evaluate(() => window.playground.shareLink());
    assert.equal(await field.inputValue(), link);
    const copied = await page.evaluate(() => navigator.clipboard.readText().catch(() => null));
    if (copied !== null) assert.equal(copied, link);
    // Seek back for the screenshot: the timeline shows where we are and how far history goes.
    await page.evaluate(() => window.playground.seek(1700));
    await nextFrames(page);
    await page.screenshot({ path: `${screenshots}scenario-timeline-share.png` });

    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#export').click()]);
    assert.match(download.suggestedFilename(), /^raft-scenario-seed2-\d+ms\.json$/);
    const text = readFileSync(await download.path(), 'utf8');
    const exported = JSON.parse(text);
    assert.equal(exported.version, 1);
    assert.deepEqual(
      exported.actions.map((a) => a.do),
      ['request', 'crash'],
    );
    const expected = await page.evaluate(() => (window.playground.seek(2000), window.playground.state()));

    const other = await open('?seed=9&servers=3');
    await other.page.locator('#import').setInputFiles({ name: 'run.json', mimeType: 'application/json', buffer: Buffer.from(text) });
    await other.page.waitForFunction(() => window.playground.state().servers.length === 5);
    const imported = await other.page.evaluate(() => (window.playground.seek(2000), window.playground.state()));
    assert.deepEqual(imported, expected);

    // A bad file: a clear message, and the run goes on.
    await other.page.locator('#import').setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{"version": 1, "seed": ') });
    const notice = other.page.locator('#scenario-error');
    await notice.waitFor({ state: 'visible' });
    assert.match(await notice.textContent(), /The file “broken\.json” could not be opened:.*not valid JSON.*kept its current run/s);
    assert.equal(await other.page.evaluate(() => window.playground.state().servers.length), 5);
    assertNoErrors(errors);
    assertNoErrors(other.errors);
    await other.page.close();
    await page.close();
  });

  it('a run past 10,000 actions says so once, and Export and Share refuse it with the reason', async () => {
    const { page, errors } = await open('?seed=2');
    const statuses = await page.evaluate(() => {
      const pg = window.playground;
      const status = () => document.querySelector('#status').textContent;
      for (let i = 0; i < 10_000; i += 1) pg.setNetwork({ lossRate: i % 2 === 0 ? 0.01 : 0 });
      const atLimit = status();
      pg.setNetwork({ lossRate: 0.02 });
      return { atLimit, crossed: status() };
    });
    assert.doesNotMatch(statuses.atLimit, /more than 10000 actions/);
    assert.match(statuses.crossed, /This run now has more than 10000 actions: it can no longer be shared or saved/);
    await page.locator('#export').click();
    assert.match(
      await page.locator('#status').textContent(),
      /the run has 10001 actions; a scenario file holds at most 10000, so Import could not open it/,
    );
    await page.locator('#share').click();
    assert.match(await page.locator('#status').textContent(), /the run has 10001 actions; a link holds at most 10000/);
    assertNoErrors(errors);
    await page.close();
  });

  it('loadScenario takes JSON, objects and links, and a bad one throws and keeps the run', async () => {
    const { page, errors } = await open('?seed=4');
    const result = await page.evaluate(() => {
      const pg = window.playground;
      pg.advance(1000);
      pg.crash(1);
      pg.advance(500);
      const scenario = pg.scenario();
      const link = pg.shareLink();
      const state = pg.state();
      pg.reset({ servers: 3 });
      pg.loadScenario(JSON.stringify(scenario));
      const fromJson = pg.state();
      pg.reset({ servers: 3 });
      pg.loadScenario(scenario);
      const fromObject = pg.state();
      pg.reset({ servers: 3 });
      pg.loadScenario(link);
      const fromLink = pg.state();
      let message = null;
      try {
        pg.loadScenario('#s=***');
      } catch (error) {
        message = error.message;
      }
      return { state, fromJson, fromObject, fromLink, message, link, after: pg.state() };
    });
    assert.deepEqual(result.fromJson, result.state);
    assert.deepEqual(result.fromObject, result.state);
    assert.deepEqual(result.fromLink, result.state);
    assert.match(result.message, /base64url/);
    assert.deepEqual(result.after, result.state);
    assert.match(await page.locator('#scenario-error').textContent(), /could not be opened.*base64url/s);
    // A link pasted into the address bar of the open page (only the fragment changes).
    await page.evaluate(() => window.playground.reset({ servers: 3 }));
    await page.evaluate((hash) => {
      window.location.hash = hash;
    }, new URL(result.link).hash);
    await page.waitForFunction(() => window.playground.state().servers.length === 5);
    assert.deepEqual(await page.evaluate(() => window.playground.state()), result.state);
    assertNoErrors(errors);
    await page.close();
  });
});

describe('time travel', () => {
  /** The scripted run both pages go through: [time, action source]. */
  const SCRIPT = [
    [600, 'crash(3)'],
    [900, "request('set x 1')"],
    [1400, 'partition([[1, 2], [3, 4, 5]])'],
    [1800, 'restart(3)'],
    [2200, 'heal()'],
    [2600, "request('set x 2')"],
  ];
  const SAMPLE_TIMES = [250, 700, 1000, 1550, 2100, 2500, 3000];

  /** Runs SCRIPT straight through to 3000 ms, returning state() at each sample time. */
  async function straightRun(page) {
    const states = new Map();
    const events = [...SCRIPT.map(([t, source]) => ({ t, source })), ...SAMPLE_TIMES.map((t) => ({ t, sample: true }))];
    events.sort((a, b) => a.t - b.t);
    for (const event of events) {
      await advanceTo(page, event.t);
      if (event.sample) states.set(event.t, await page.evaluate(() => window.playground.state()));
      // eslint-disable-next-line no-new-func
      else await page.evaluate((source) => new Function(`return window.playground.${source}`)(), event.source);
    }
    return states;
  }

  it('seeking backwards and forwards reaches the states of a straight run', async () => {
    const { page, errors } = await open('?seed=8');
    const straight = await straightRun(page);
    assert.ok((await page.evaluate(() => window.playground.historyEndMs())) >= 3000);
    const order = [1000, 250, 2500, 700, 3000, 1550, 2100, 250, 3000];
    const seen = await statesBySeeking(page, order);
    order.forEach((t, i) => assert.deepEqual(seen[i], straight.get(t), `after seeking to ${t} ms`));

    // The same in another page that never ran straight: it plays the scenario from a link.
    const link = await page.evaluate(() => window.playground.shareLink());
    const fresh = await openPlayground(live.browser.context, link);
    await fresh.page.evaluate(() => window.playground.pause());
    const fromLink = await statesBySeeking(fresh.page, order);
    order.forEach((t, i) => assert.deepEqual(fromLink[i], straight.get(t), `link, ${t} ms`));
    assertNoErrors(errors);
    assertNoErrors(fresh.errors);
    await fresh.page.close();
    await page.close();
  });

  it('the timeline follows the time, and its keys and drag seek', async () => {
    const { page, errors } = await open('?seed=8');
    await straightRun(page);
    const timeline = page.locator('#timeline');
    const now = () => page.evaluate(() => window.playground.state().timeMs);
    await nextFrames(page);
    assert.equal(Number(await timeline.inputValue()), 3000);
    assert.equal(Number(await timeline.getAttribute('max')), 3000);
    await timeline.focus();
    await page.keyboard.press('Home');
    assert.equal(await now(), 0);
    await page.keyboard.press('Shift+ArrowRight');
    assert.equal(await now(), 1000);
    await page.keyboard.press('ArrowRight');
    assert.equal(await now(), 1010);
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    assert.equal(await now(), 990);
    await page.keyboard.press('End');
    assert.equal(await now(), 3000);
    await nextFrames(page);
    assert.equal(await page.locator('#timeline-now').textContent(), '3000.0 ms');

    // Dragging the thumb to the middle seeks there (and pauses).
    await page.evaluate(() => window.playground.play());
    const box = await timeline.boundingBox();
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    const middle = await now();
    assert.ok(middle > 1000 && middle < 2000, `clicked the middle, got ${middle} ms`);
    assert.equal(await page.evaluate(() => window.playground.isPlaying()), false);
    assertNoErrors(errors);
    await page.close();
  });

  it('acting in the past forks history and the page says so', async () => {
    const { page, errors } = await open('?seed=8');
    await straightRun(page);
    await page.evaluate(() => window.playground.seek(1234));
    await page.evaluate(() => window.playground.crash(1));
    const notice = page.locator('#fork-notice');
    await notice.waitFor({ state: 'visible' });
    // Later actions: partition at 1400, restart 1800, heal 2200, request 2600.
    assert.equal(await notice.textContent(), 'History forked at 1234 ms: 4 later actions discarded.');
    const scenario = await page.evaluate(() => window.playground.scenario());
    assert.deepEqual(
      scenario.actions.map((a) => a.do),
      ['crash', 'request', 'crash'],
    );
    await nextFrames(page);
    await page.screenshot({ path: `${screenshots}scenario-fork.png` });
    // Moving along the timeline ends the notice.
    await page.locator('#timeline').focus();
    await page.keyboard.press('Home');
    assert.equal(await notice.isVisible(), false);
    assertNoErrors(errors);
    await page.close();
  });
});

describe('bad links', () => {
  /** A valid scenario to spoil, from the page itself. */
  let valid;
  before(async () => {
    const { page } = await open('?seed=3');
    valid = await page.evaluate(() => {
      window.playground.advance(500);
      window.playground.request('set x 1');
      window.playground.advance(100);
      return window.playground.scenario();
    });
    await page.close();
  });

  const spoil = (change) => {
    const scenario = structuredClone(valid);
    change(scenario);
    return payloadOf(JSON.stringify(scenario));
  };

  const CASES = [
    { name: 'bad base64', payload: () => 'AAAA*BBBB', message: /not valid base64url at character 5/ },
    { name: 'bad compression', payload: () => base64url([0xff, 0xfe, 0xfd, 0xfc, 0xfb, 0xfa]), message: /not valid compressed data/ },
    {
      name: 'a link cut short',
      payload: () => spoil(() => {}).slice(0, 60),
      message: /stops too early: the link was probably cut short when it was copied/,
    },
    { name: 'more pasted after a link', payload: () => `${spoil(() => {})}AAAA`, message: /goes on after its scenario ends/ },
    { name: 'bad JSON', payload: () => payloadOf('{"version": 1, "seed": '), message: /not valid JSON/ },
    { name: 'newer version', payload: () => spoil((s) => (s.version = 2)), message: /newer version of the playground/ },
    { name: '1000 servers', payload: () => spoil((s) => (s.cluster.servers = 1000)), message: /1000 servers/ },
    {
      name: 'unknown action',
      payload: () => spoil((s) => s.actions.push({ atMs: 700, do: 'explode' })),
      message: /unknown.*"explode"/,
    },
  ];

  for (const { name, payload, message } of CASES) {
    it(`${name}: a clear message and a working playground`, async () => {
      const { page, errors } = await open(`?seed=3#s=${payload()}`);
      const notice = page.locator('#scenario-error');
      assert.equal(await notice.isVisible(), true);
      const text = await notice.textContent();
      assert.match(text, /This link could not be opened:/);
      assert.match(text, message);
      assert.match(text, /started with the default settings/);
      // A working playground with the address's settings: it elects a leader.
      const state = await page.evaluate(() => (window.playground.advance(2000), window.playground.state()));
      assert.equal(state.servers.length, 5);
      assert.ok(state.servers.some((s) => s.role === 'leader'));
      assertNoErrors(errors);
      await page.close();
    });
  }

  it('bad settings in the address are named; the good ones still apply', async () => {
    const { page, errors } = await open('?servers=1000&seed=7&speed=abc&paused=maybe');
    const notice = page.locator('#scenario-error');
    assert.equal(await notice.isVisible(), true);
    const text = await notice.textContent();
    assert.match(text, /The address has settings the playground cannot use:/);
    assert.match(text, /"servers" in the address must be a whole number from 1 to 9, got "1000"/);
    assert.match(text, /"speed" in the address must be a fraction of real time from 0\.001 to 1, got "abc"/);
    assert.match(text, /"paused" in the address must be 1 or 0, got "maybe"/);
    assert.match(text, /left at their defaults/);
    const scenario = await page.evaluate(() => window.playground.scenario());
    assert.equal(scenario.seed, 7);
    assert.equal(scenario.cluster.servers, 5);
    await page.screenshot({ path: `${screenshots}bad-address.png` });
    assertNoErrors(errors);
    await page.close();
  });

  it('text from a link is never interpreted as HTML', async () => {
    const evil = '<img src=x onerror="window.__pwned = 1">';
    const payload = spoil((s) => s.actions.push({ atMs: 700, do: evil }));
    const { page, errors } = await open(`#s=${payload}`);
    const notice = page.locator('#scenario-error');
    assert.match(await notice.textContent(), /<img src=x onerror/);
    assert.equal(await notice.locator('img').count(), 0);
    assert.equal(await page.evaluate(() => window.__pwned), undefined);
    await page.screenshot({ path: `${screenshots}scenario-bad-link.png` });
    assertNoErrors(errors);
    await page.close();
  });
});

describe('embedding', () => {
  it('embed mode shows only the canvases, the clock controls and the timeline; Embed code gives its iframe', async () => {
    const { page, errors } = await open('?seed=6');
    await page.evaluate(() => {
      window.playground.advance(1500);
      window.playground.request('set x 1');
      window.playground.advance(600);
    });
    await page.locator('#embed-code').click();
    const code = await page.locator('#share-link').inputValue();
    const match = code.match(/^<iframe src="([^"]+)" width="(\d+)" height="(\d+)" [^>]*><\/iframe>$/);
    assert.ok(match, code);
    const src = match[1].replaceAll('&amp;', '&');
    assert.ok(src.startsWith(`${live.server.url}?embed=1#s=`), src);
    const expected = await page.evaluate(() => window.playground.state());

    const embedPage = await live.browser.context.newPage();
    await embedPage.setViewportSize({ width: Number(match[2]), height: Number(match[3]) });
    const embedErrors = [];
    embedPage.on('console', (m) => m.type() === 'error' && embedErrors.push(m.text()));
    embedPage.on('pageerror', (e) => embedErrors.push(e.message));
    await embedPage.goto(src);
    await embedPage.waitForFunction(() => window.playground !== undefined);
    await embedPage.evaluate(() => window.playground.ready);
    await embedPage.evaluate(() => window.playground.pause());
    const state = await embedPage.evaluate((t) => (window.playground.seek(t), window.playground.state()), expected.timeMs);
    assert.deepEqual(state, expected);
    for (const id of ['ring', 'logs', 'play', 'step', 'speed', 'request', 'timeline']) {
      assert.equal(await embedPage.locator(`#${id}`).isVisible(), true, `#${id} is shown`);
    }
    for (const selector of ['h1', '#network', '#break-raft', '#panel', '#share', '#export', '#partition-tool', '.legend']) {
      assert.equal(await embedPage.locator(selector).isVisible(), false, `${selector} is hidden`);
    }
    // "Open the full playground" carries the run to the page without ?embed=1; the main page
    // does not link to itself.
    assert.equal(await page.locator('#open-full').isVisible(), false, 'no open link on the main page');
    await embedPage.locator('#open-full').focus();
    const openHref = await embedPage.locator('#open-full').getAttribute('href');
    assert.ok(openHref.startsWith(`${live.server.url}#s=`), openHref);
    const full = await live.browser.context.newPage();
    await full.goto(openHref);
    await full.waitForFunction(() => window.playground !== undefined);
    await full.evaluate(() => window.playground.ready);
    await full.evaluate(() => window.playground.pause());
    const fullState = await full.evaluate((t) => (window.playground.seek(t), window.playground.state()), expected.timeMs);
    assert.deepEqual(fullState, expected);
    assert.equal(await full.locator('#network').isVisible(), true, 'the full page shows every panel');
    await full.close();
    // Everything fits the iframe: no scrolling.
    const size = await embedPage.evaluate(() => ({
      scroll: document.documentElement.scrollHeight,
      width: document.documentElement.scrollWidth,
      view: window.innerHeight,
      viewWidth: window.innerWidth,
    }));
    assert.ok(size.scroll <= size.view, `embed page is ${size.scroll} px tall in a ${size.view} px frame`);
    assert.ok(size.width <= size.viewWidth);
    await nextFrames(embedPage);
    await embedPage.screenshot({ path: `${screenshots}scenario-embed.png` });
    assertNoErrors(errors);
    assertNoErrors(embedErrors);
    await embedPage.close();
    await page.close();
  });

  it('the demo course page: an iframe embed and two <raft-playground> elements running independently', async () => {
    const page = await live.browser.context.newPage();
    const errors = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(`console.error: ${m.text()}`));
    page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
    page.on('requestfailed', (r) => errors.push(`request failed: ${r.url()}`));
    await page.goto(`${live.server.url}demo/course.html`);
    await page.evaluate(async () => {
      await customElements.whenDefined('raft-playground');
      await Promise.all([...document.querySelectorAll('raft-playground')].map((e) => e.ready));
    });
    const info = await page.evaluate(() => {
      const [three, five] = document.querySelectorAll('raft-playground');
      three.pause();
      five.pause();
      const before = { three: three.state(), five: five.state() };
      five.advance(1500);
      const leader = five.state().servers.find((s) => s.role === 'leader');
      five.crash(leader.id);
      five.advance(500);
      return {
        before,
        threeAfter: three.state(),
        five: five.state(),
        leader: leader.id,
        shadow: [three, five].map((e) => Boolean(e.shadowRoot.querySelector('#ring'))),
        link: five.shareLink(),
        same: three.playground === five.playground,
      };
    });
    assert.deepEqual(info.shadow, [true, true]);
    assert.equal(info.same, false);
    assert.equal(info.before.three.servers.length, 3);
    assert.equal(info.five.servers.length, 5);
    assert.deepEqual(info.threeAfter, info.before.three, 'the other element did not move');
    assert.equal(info.five.servers[info.leader - 1].crashed, true);
    assert.ok(info.link.startsWith(`${live.server.url}index.html#s=`), info.link);

    // Space in one element plays that element only.
    const three = page.locator('#three');
    await three.scrollIntoViewIfNeeded();
    const box = await three.boundingBox();
    await page.mouse.click(box.x + 10, box.y + box.height / 2);
    await page.keyboard.press('Space');
    const playing = await page.evaluate(() => [...document.querySelectorAll('raft-playground')].map((e) => e.isPlaying()));
    assert.deepEqual(playing, [true, false]);

    // The elements' controls list: the second shows its request button and legend, the first not.
    const shown = await page.evaluate(() =>
      [...document.querySelectorAll('raft-playground')].map((e) => ({
        request: e.shadowRoot.querySelector('#request').checkVisibility(),
        legend: e.shadowRoot.querySelector('.legend').checkVisibility(),
        network: e.shadowRoot.querySelector('#network').checkVisibility(),
        timeline: e.shadowRoot.querySelector('#timeline').checkVisibility(),
      })),
    );
    assert.deepEqual(shown, [
      { request: false, legend: false, network: false, timeline: true },
      { request: true, legend: true, network: false, timeline: true },
    ]);

    // A server's menu inside an element opens beside the click (positioned in the shadow root).
    const ring = page.locator('#five #ring');
    await ring.scrollIntoViewIfNeeded();
    const ringBox = await ring.boundingBox();
    const s1 = ringLayout(ringBox.width, ringBox.height, 5).servers[0];
    const click = { x: ringBox.x + s1.x, y: ringBox.y + s1.y };
    await page.mouse.click(click.x, click.y);
    const menu = page.locator('#five #server-menu');
    await menu.waitFor({ state: 'visible' });
    assert.match(await menu.locator('[data-part="title"]').textContent(), /^S1 /);
    const menuBox = await menu.boundingBox();
    assert.ok(Math.abs(menuBox.x - (click.x + 8)) < 2 && Math.abs(menuBox.y - (click.y + 8)) < 2, `menu at ${JSON.stringify(menuBox)}, click at ${JSON.stringify(click)}`);
    await page.keyboard.press('Escape');
    assert.equal(await menu.isVisible(), false);

    // A button of the lesson drives the second element through its API.
    await page.locator('#five-request').click();
    assert.equal(await page.evaluate(() => document.getElementById('five').state().requests.length), 1);

    // The iframe runs its own playground in embed mode.
    const frame = page.frame({ url: /embed=1/ });
    await frame.waitForFunction(() => window.playground !== undefined);
    await frame.evaluate(() => window.playground.ready);
    assert.equal(await frame.evaluate(() => document.documentElement.classList.contains('embed')), true);
    // Its share link (baked into the page) opens where it was shared: S4 crashed at 2.6 s.
    assert.equal(await frame.locator('#scenario-error').isVisible(), false);
    const embedded = await frame.evaluate(() => window.playground.scenario());
    assert.deepEqual(embedded.actions.map((a) => a.do), ['request', 'crash']);
    assert.ok(await frame.evaluate(() => window.playground.state().servers[3].crashed));
    await page.evaluate(() => document.getElementById('three').pause());
    await nextFrames(page);
    await page.screenshot({ path: `${screenshots}scenario-course-page.png`, fullPage: true });
    assertNoErrors(errors);
    await page.close();
  });

  it('an element takes check-quorum and pre-vote attributes, at the start and during the run', async () => {
    const { page, errors } = await openCoursePage();
    const result = await page.evaluate(async () => {
      await customElements.whenDefined('raft-playground');
      const element = document.createElement('raft-playground');
      element.setAttribute('pre-vote', '');
      document.querySelector('main').append(element);
      await element.ready;
      element.pause();
      const atStart = element.extensions();
      element.advance(500);
      element.setAttribute('check-quorum', '');
      await new Promise((resolve) => setTimeout(resolve, 0));
      const switched = element.extensions();
      element.setAttribute('pre-vote', 'off');
      await new Promise((resolve) => setTimeout(resolve, 0));
      return { atStart, switched, after: element.extensions(), scenario: element.scenario() };
    });
    assert.deepEqual(result.atStart, { checkQuorum: false, preVote: true });
    assert.deepEqual(result.switched, { checkQuorum: true, preVote: true });
    assert.deepEqual(result.after, { checkQuorum: true, preVote: false });
    assert.deepEqual(result.scenario.extensions, ['pre-vote']);
    assert.deepEqual(
      result.scenario.actions.map((a) => a.extensions),
      [['check-quorum', 'pre-vote'], ['check-quorum']],
    );
    assertNoErrors(errors);
    await page.close();
  });

  it('an element opens its scenario attribute; a bad one says so and runs with its defaults', async () => {
    const { page, errors } = await openCoursePage();
    const opened = await page.evaluate(async () => {
      await customElements.whenDefined('raft-playground');
      const five = document.getElementById('five');
      await five.ready;
      five.pause();
      five.advance(1200);
      five.request('set z 3');
      five.crash(2);
      five.advance(800);
      const element = document.createElement('raft-playground');
      element.setAttribute('scenario', five.shareLink());
      document.querySelector('main').append(element);
      await element.ready;
      element.pause();
      return { expected: five.state(), actual: element.state(), notice: element.shadowRoot.querySelector('#scenario-error').hidden };
    });
    assert.deepEqual(opened.actual, opened.expected);
    assert.equal(opened.notice, true);
    const result = await page.evaluate(async () => {
      const element = document.createElement('raft-playground');
      element.setAttribute('scenario', '#s=%%%');
      element.setAttribute('servers', '4');
      element.setAttribute('controls', 'play,bogus');
      // Speed and autoplay apply at the start and must not wipe the error about "controls".
      element.setAttribute('speed', '0.5');
      element.setAttribute('autoplay', '');
      document.querySelector('main').append(element);
      await element.ready;
      const playing = element.isPlaying();
      element.advance(1500);
      const shadow = element.shadowRoot;
      return {
        notice: shadow.querySelector('#scenario-error').textContent,
        status: shadow.querySelector('#status').textContent,
        servers: element.state().servers.length,
        leader: element.state().servers.some((s) => s.role === 'leader'),
        playing,
        speed: element.speed().speed,
      };
    });
    assert.match(result.notice, /This scenario attribute could not be opened:.*base64url/s);
    assert.match(result.status, /"controls" has unknown name "bogus"/);
    assert.equal(result.playing, true);
    assert.equal(result.speed, 0.5);
    assert.equal(result.servers, 4);
    assert.equal(result.leader, true);
    // Bad attributes alone are listed in the element's notice.
    const notice = await page.evaluate(async () => {
      const element = document.createElement('raft-playground');
      element.setAttribute('servers', '12');
      element.setAttribute('controls', 'play,bogus');
      document.querySelector('main').append(element);
      await element.ready;
      const before = element.speed().speed;
      element.setAttribute('speed', '5');
      await new Promise((resolve) => setTimeout(resolve, 0));
      const refused = { speed: element.speed().speed, status: element.shadowRoot.querySelector('#status').textContent };
      element.setAttribute('speed', '0.5');
      await new Promise((resolve) => setTimeout(resolve, 0));
      return {
        statusAfter: element.shadowRoot.querySelector('#status').textContent,
        text: element.shadowRoot.querySelector('#scenario-error').textContent,
        before,
        refused,
        followed: element.speed().speed,
      };
    });
    assert.match(notice.text, /This element has attributes the playground cannot use:/);
    assert.match(notice.text, /"servers" must be a whole number from 1 to 9, got "12"/);
    assert.match(notice.text, /"controls" has unknown name "bogus"/);
    // A changed speed attribute out of range is named and changes nothing; a good one applies.
    assert.equal(notice.refused.speed, notice.before);
    assert.match(notice.refused.status, /"speed" must be a fraction of real time from 0.001 to 1, got "5"/);
    assert.equal(notice.followed, 0.5);
    assert.equal(notice.statusAfter, '', 'a speed that worked clears the earlier error');
    // A bad new seed or server count is named and the run goes on; a good one starts anew.
    const changed = await page.evaluate(async () => {
      const tick = () => new Promise((resolve) => setTimeout(resolve, 0));
      const element = document.createElement('raft-playground');
      element.setAttribute('servers', '3');
      element.setAttribute('seed', '1');
      document.querySelector('main').append(element);
      await element.ready;
      element.advance(2000);
      element.setAttribute('seed', 'abc');
      await tick();
      element.setAttribute('servers', '12');
      await tick();
      const kept = {
        timeMs: element.state().timeMs,
        servers: element.state().servers.length,
        status: element.shadowRoot.querySelector('#status').textContent,
      };
      element.setAttribute('servers', '4');
      await tick();
      return { kept, timeMs: element.state().timeMs, servers: element.state().servers.length };
    });
    assert.equal(changed.kept.timeMs, 2000);
    assert.equal(changed.kept.servers, 3);
    assert.equal(changed.kept.status, '"servers" must be a whole number from 1 to 9, got "12"');
    assert.equal(changed.timeMs, 0);
    assert.equal(changed.servers, 4);
    assertNoErrors(errors);
    await page.close();
  });
});
