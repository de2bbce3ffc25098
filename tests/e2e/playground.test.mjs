// The playground in real Chromium, driven as a person would (mouse and keyboard) and read
// through `window.playground`. Every test fails on a console error or an uncaught page error.
// Screenshots go to screenshots/ (look at them).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { logGridLayout, ringLayout } from '../../web/layout.js';
import { launchBrowser, openPlayground } from './browser.mjs';
import { screenshots, useServerAndBrowser } from './suite.mjs';

const live = useServerAndBrowser();

/** Opens a paused playground (`query` e.g. "?seed=3"). */
async function open(query = '') {
  const opened = await openPlayground(live.browser.context, `${live.server.url}${query}`);
  await opened.page.evaluate(() => window.playground.pause());
  return opened;
}

function assertNoErrors(errors) {
  assert.deepEqual(errors, [], `errors in the page:\n${errors.join('\n')}`);
}

/** Advances in small steps until `predicate(state)` holds; returns that state. */
async function advanceUntil(page, predicateSource, { stepMs = 20, maxMs = 5000 } = {}) {
  return page.evaluate(
    ({ predicateSource, stepMs, maxMs }) => {
      // eslint-disable-next-line no-new-func
      const predicate = new Function('state', `return (${predicateSource})(state);`);
      for (let t = 0; t <= maxMs; t += stepMs) {
        const state = window.playground.state();
        if (predicate(state)) return state;
        window.playground.advance(stepMs);
      }
      throw new Error(`condition not reached within ${maxMs} ms: ${predicateSource}`);
    },
    { predicateSource, stepMs, maxMs },
  );
}

/** The message of the error `call` (a function, run in the page) throws; null if it throws none. */
function thrownInPage(page, call) {
  return page.evaluate((source) => {
    try {
      // eslint-disable-next-line no-new-func
      new Function(`return (${source})();`)();
      return null;
    } catch (error) {
      return error.message;
    }
  }, String(call));
}

const hasLeader = (state) => state.servers.some((s) => s.role === 'leader' && !s.crashed);

/** Where server `id` is drawn, in page coordinates (same geometry as the renderer). */
async function serverOnScreen(page, id) {
  const box = await page.locator('#ring').boundingBox();
  const servers = await page.evaluate(() => window.playground.state().servers.length);
  const layout = ringLayout(box.width, box.height, servers);
  const at = layout.servers[id - 1];
  return { x: box.x + at.x, y: box.y + at.y };
}

/**
 * Points at the log grid's cell in `column` (0-based; negative counts from the last drawn
 * column) and `row` (0-based, of `servers` rows); returns the tooltip's text.
 */
async function logTipAt(page, servers, column, row) {
  const box = await page.locator('#logs').boundingBox();
  const grid = logGridLayout(box.width, servers);
  const at = column < 0 ? grid.columns + column : column;
  await page.mouse.move(
    box.x + grid.labelWidth + (at + 0.5) * grid.cellWidth,
    box.y + grid.headerHeight + (row + 0.5) * grid.rowHeight,
  );
  const tip = page.locator('#log-tip');
  await tip.waitFor({ state: 'visible' });
  return tip.textContent();
}

/** Lets the page draw a frame or two. */
/** The `[r, g, b]` of the log grid's canvas at (x, y) in CSS pixels. */
function logGridPixel(page, x, y) {
  return page.evaluate(({ x, y }) => {
    const canvas = document.querySelector('#logs');
    const ratio = canvas.width / canvas.getBoundingClientRect().width;
    return [...canvas.getContext('2d').getImageData(Math.round(x * ratio), Math.round(y * ratio), 1, 1).data.slice(0, 3)];
  }, { x, y });
}

async function nextFrames(page) {
  await page.evaluate(
    () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))),
  );
}

describe('the playground page', () => {
  it('loads without errors and elects a leader', async () => {
    const { page, errors } = await open('?seed=4');
    const initial = await page.evaluate(() => window.playground.state());
    assert.equal(initial.servers.length, 5);
    assert.ok(initial.servers.every((s) => s.role === 'follower' && s.term === 0));

    const state = await advanceUntil(page, hasLeader.toString(), { maxMs: 2000 });
    const leaders = state.servers.filter((s) => s.role === 'leader');
    assert.equal(leaders.length, 1);
    assert.ok(leaders[0].term >= 1);
    await nextFrames(page);
    assert.match(await page.locator('#time').textContent(), /ms|s/);
    await page.screenshot({ path: `${screenshots}leader.png` });
    assertNoErrors(errors);
    await page.close();
  });

  it('shows an election with messages in flight', async () => {
    const { page, errors } = await open('?seed=4');
    // Stop as soon as a candidate's RequestVotes are half-way.
    const state = await advanceUntil(
      page,
      ((s) =>
        s.servers.some((x) => x.role === 'candidate') &&
        s.messages.filter((m) => m.type === 'RequestVote').length >= 3 &&
        s.messages.some(
          (m) => m.type === 'RequestVote' && (s.timeMs - m.sentMs) / (m.deliverMs - m.sentMs) > 0.4,
        )).toString(),
      { stepMs: 1, maxMs: 2000 },
    );
    assert.ok(state.messages.length >= 3);
    for (const m of state.messages) {
      assert.ok(typeof m.from === 'number' && typeof m.to === 'number');
      assert.ok(m.deliverMs >= m.sentMs);
    }
    // The candidate has its own vote so far (its label reads "1 of 3 votes"); the others none.
    const candidate = state.servers.find((s) => s.role === 'candidate');
    assert.deepEqual(candidate.votesReceived, [candidate.id]);
    for (const s of state.servers) if (s !== candidate) assert.deepEqual(s.votesReceived, []);
    // Step by step: the first granted vote that arrives says what it changed, as the state does.
    const status = page.locator('#status');
    let text = '';
    for (let n = 0; n < 60 && !/: S\d (now has|has a majority)/.test(text); n += 1) {
      await page.getByRole('button', { name: 'Step' }).click();
      text = await status.textContent();
    }
    const after = (await page.evaluate(() => window.playground.state())).servers[candidate.id - 1];
    if (after.role === 'candidate') {
      assert.deepEqual(after.votesReceived.slice(0, 1), [candidate.id]);
      assert.ok(after.votesReceived.length === 2, JSON.stringify(after));
      assert.match(text, new RegExp(`receives RequestVoteReply #\\d+ from S\\d .*vote granted\\): S${candidate.id} now has 2 of 3 votes$`));
    } else {
      assert.match(text, new RegExp(`vote granted\\): S${candidate.id} has a majority and leads term ${after.term}$`));
    }
    await nextFrames(page);
    await page.screenshot({ path: `${screenshots}election.png` });
    assertNoErrors(errors);
    await page.close();
  });

  it('crashing the leader from its menu leads to another leader', async () => {
    const { page, errors } = await open('?seed=5');
    const state = await advanceUntil(page, hasLeader.toString(), { maxMs: 2000 });
    const leader = state.servers.find((s) => s.role === 'leader');
    await nextFrames(page);

    const at = await serverOnScreen(page, leader.id);
    await page.mouse.click(at.x, at.y);
    const menu = page.locator('#server-menu');
    await menu.waitFor({ state: 'visible' });
    assert.match(await menu.locator('[data-part="title"]').textContent(), new RegExp(`S${leader.id}.*leader`));
    assert.equal(await menu.getByRole('menuitem', { name: 'Time out now' }).isDisabled(), true, 'a leader has no election timer');
    await page.screenshot({ path: `${screenshots}menu.png` });
    await menu.getByRole('menuitem', { name: 'Crash' }).click();
    await menu.waitFor({ state: 'hidden' });

    const afterCrash = await page.evaluate(() => window.playground.state());
    assert.equal(afterCrash.servers[leader.id - 1].crashed, true);
    const next = await advanceUntil(page, hasLeader.toString(), { maxMs: 3000 });
    const newLeader = next.servers.find((s) => s.role === 'leader' && !s.crashed);
    assert.notEqual(newLeader.id, leader.id);
    assert.ok(newLeader.term > leader.term);
    await nextFrames(page);
    await page.screenshot({ path: `${screenshots}after-crash.png` });

    // The menu offers restart on the crashed server, and it works.
    const crashedAt = await serverOnScreen(page, leader.id);
    await page.mouse.click(crashedAt.x, crashedAt.y);
    await menu.waitFor({ state: 'visible' });
    assert.equal(await menu.getByRole('menuitem', { name: 'Crash' }).isDisabled(), true);
    await menu.getByRole('menuitem', { name: 'Restart' }).click();
    const restarted = await page.evaluate(() => window.playground.state());
    assert.equal(restarted.servers[leader.id - 1].crashed, false);
    assertNoErrors(errors);
    await page.close();
  });

  it('Make leader (transfer) hands leadership to the clicked follower through a TimeoutNow', async () => {
    const { page, errors } = await open('?seed=5');
    const state = await advanceUntil(page, hasLeader.toString(), { maxMs: 2000 });
    const leader = state.servers.find((s) => s.role === 'leader');
    const target = state.servers.find((s) => s.role === 'follower');
    await nextFrames(page);

    const menu = page.locator('#server-menu');
    const leaderAt = await serverOnScreen(page, leader.id);
    await page.mouse.click(leaderAt.x, leaderAt.y);
    await menu.waitFor({ state: 'visible' });
    const transfer = menu.getByRole('menuitem', { name: 'Make leader (transfer)' });
    assert.equal(await transfer.isDisabled(), true, 'the leader cannot hand leadership to itself');
    await page.keyboard.press('Escape');
    await menu.waitFor({ state: 'hidden' });

    const at = await serverOnScreen(page, target.id);
    await page.mouse.click(at.x, at.y);
    await menu.waitFor({ state: 'visible' });
    await transfer.click();
    await menu.waitFor({ state: 'hidden' });
    assert.match(
      await page.locator('#status').textContent(),
      new RegExp(`S${leader.id} hands leadership over to S${target.id}`),
    );
    const asked = await page.evaluate(() => window.playground.state());
    assert.equal(asked.servers[leader.id - 1].transferringTo, target.id);
    // Once the target's log matches the leader's (at once, or after the entries in flight), the
    // TimeoutNow leaves.
    const sent = await advanceUntil(page, "(s) => s.messages.some((m) => m.type === 'TimeoutNow')", {
      stepMs: 1,
      maxMs: 100,
    });
    assert.deepEqual(
      sent.messages.filter((m) => m.type === 'TimeoutNow').map((m) => [m.from, m.to]),
      [[leader.id, target.id]],
    );
    await nextFrames(page);
    await page.screenshot({ path: `${screenshots}leadership-transfer.png` });

    // Step says what the TimeoutNow started.
    const status = page.locator('#status');
    let text = '';
    for (let n = 0; n < 40 && !/receives TimeoutNow/.test(text); n += 1) {
      await page.getByRole('button', { name: 'Step' }).click();
      text = await status.textContent();
    }
    assert.match(
      text,
      new RegExp(`S${target.id} receives TimeoutNow #\\d+ from S${leader.id} .*: S${target.id} starts an election for term ${leader.term + 1} at once$`),
    );

    const done = await advanceUntil(page, `(s) => s.servers[${target.id - 1}].role === 'leader'`, {
      stepMs: 5,
      maxMs: 200,
    });
    const newLeader = done.servers.find((s) => s.role === 'leader');
    assert.equal(newLeader.id, target.id);
    assert.equal(newLeader.term, leader.term + 1);
    await nextFrames(page);
    const events = await page.locator('#events').textContent();
    assert.match(events, new RegExp(`S${leader.id} hands leadership over to S${target.id}`));
    assertNoErrors(errors);
    await page.close();
  });

  it('a server\'s Send request goes to that server; the button goes to the current leader', async () => {
    const { page, errors } = await open('?seed=5');
    const state = await advanceUntil(page, hasLeader.toString(), { maxMs: 2000 });
    const leader = state.servers.find((s) => s.role === 'leader').id;
    const follower = state.servers.find((s) => s.role === 'follower').id;
    await page.evaluate(() => window.playground.advance(200));
    await nextFrames(page);
    const clientMessages = () =>
      page.evaluate(() => window.playground.state().messages.filter((m) => m.from === 0).map((m) => [m.type, m.to]));

    const at = await serverOnScreen(page, follower);
    await page.mouse.click(at.x, at.y);
    const menu = page.locator('#server-menu');
    await menu.getByRole('menuitem', { name: 'Send request' }).click();
    assert.deepEqual(await clientMessages(), [['ClientRequest', follower]]);
    assert.match(await page.locator('#status').textContent(), new RegExp(`sent to S${follower}: set x 1`));
    // The follower redirects; the command commits through the leader.
    await advanceUntil(page, ((s) => s.requests.length === 0).toString(), { stepMs: 10, maxMs: 1000 });

    // The old leader crashes; once another leads, the button sends straight to it.
    await page.evaluate((id) => window.playground.crash(id), leader);
    const next = await advanceUntil(page, hasLeader.toString(), { maxMs: 3000 });
    const newLeader = next.servers.find((s) => s.role === 'leader' && !s.crashed).id;
    await page.getByRole('button', { name: 'Send request' }).click();
    assert.deepEqual(await clientMessages(), [['ClientRequest', newLeader]]);
    assertNoErrors(errors);
    await page.close();
  });

  it('the request button gets its command committed on every live server', async () => {
    const { page, errors } = await open('?seed=6');
    await advanceUntil(page, hasLeader.toString(), { maxMs: 2000 });
    await page.evaluate(() => window.playground.crash(
      window.playground.state().servers.find((s) => s.role === 'follower').id,
    ));
    await page.getByRole('button', { name: 'Send request' }).click();
    assert.match(await page.locator('#status').textContent(), /set x 1/);
    const state = await advanceUntil(
      page,
      ((s) =>
        s.servers
          .filter((x) => !x.crashed)
          .every((x) => x.log.some((e) => e.command === 'set x 1' && e.index <= x.commitIndex))).toString(),
      { stepMs: 10, maxMs: 2000 },
    );
    const live = state.servers.filter((s) => !s.crashed);
    assert.equal(live.length, 4);
    const leader = live.find((s) => s.role === 'leader');
    assert.deepEqual(
      leader.kv.find(([key]) => key === 'x'),
      ['x', '1'],
    );
    await nextFrames(page);
    // The side panel shows the leader's store, as text.
    const kvText = await page.locator('#panel [data-part="kv"]').textContent();
    assert.match(kvText, /x\s*1/);
    assertNoErrors(errors);
    await page.close();
  });

  it('Space toggles play, and playing moves virtual time', async () => {
    const { page, errors } = await open();
    assert.equal(await page.evaluate(() => window.playground.isPlaying()), false);
    await page.locator('#ring').click({ position: { x: 5, y: 5 } }); // focus the page, hit nothing
    await page.keyboard.press('Space');
    assert.equal(await page.evaluate(() => window.playground.isPlaying()), true);
    assert.equal(await page.locator('#play').textContent(), 'Pause');
    const t0 = await page.evaluate(() => window.playground.state().timeMs);
    await page.waitForTimeout(300);
    const t1 = await page.evaluate(() => window.playground.state().timeMs);
    assert.ok(t1 > t0, `time should move while playing (${t0} → ${t1})`);
    // Space on a focused button toggles once, not twice.
    await page.locator('#step').focus();
    await page.keyboard.press('Space');
    assert.equal(await page.evaluate(() => window.playground.isPlaying()), false);
    const t2 = await page.evaluate(() => window.playground.state().timeMs);
    await page.waitForTimeout(200);
    assert.equal(await page.evaluate(() => window.playground.state().timeMs), t2);

    // A server's number opens its menu with the focus on its first item; the arrow keys move
    // between the items that can be chosen; Escape closes it and the focus goes back.
    await page.locator('#step').focus();
    await page.keyboard.press('2');
    const menu = page.locator('#server-menu');
    await menu.waitFor({ state: 'visible' });
    assert.match(await menu.locator('[data-part="title"]').textContent(), /^S2 /);
    const focusedText = () => page.evaluate(() => document.activeElement.textContent);
    const items = await menu.locator('button:not([disabled])').allTextContents();
    assert.ok(items.length >= 2, `${items}`);
    assert.equal(await focusedText(), items[0]);
    await page.keyboard.press('ArrowDown');
    assert.equal(await focusedText(), items[1]);
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    assert.equal(await focusedText(), items.at(-1));
    await page.keyboard.press('Escape');
    await menu.waitFor({ state: 'hidden' });
    assert.equal(await page.evaluate(() => document.activeElement.id), 'step');

    // Step shows the event it processed.
    await page.getByRole('button', { name: 'Step' }).click();
    assert.ok((await page.locator('#status').textContent()).length > 3);
    // The speed slider follows setSpeed and shows its label.
    await page.evaluate(() => window.playground.setSpeed(0.01));
    assert.equal(await page.locator('#speed-label').textContent(), '1/100×');
    // A screen reader reads the speed, not the slider's position.
    assert.equal(await page.locator('#speed').getAttribute('aria-valuetext'), '1/100× of real time');
    assert.equal(await page.locator('#time').getAttribute('aria-live'), 'off', 'the clock is not announced every frame');
    assertNoErrors(errors);
    await page.close();
  });

  it('playing stops at the 2 h limit with the reason, and the page still draws', async () => {
    const { page, errors } = await open();
    await page.evaluate(() => {
      window.playground.advance(7_199_900);
      window.playground.setSpeed(1);
      window.playground.play();
    });
    await page.waitForFunction(() => !window.playground.isPlaying(), null, { timeout: 10_000 });
    assert.equal(await page.evaluate(() => window.playground.state().timeMs), 7_200_000);
    assert.match(await page.locator('#status').textContent(), /stops at 2 h of virtual time/);
    await nextFrames(page);
    assert.match(await page.locator('#time').textContent(), /7200\.000 s/);
    assertNoErrors(errors);
    await page.close();
  });

  it('bad calls throw the simulator message and show it in the status line', async () => {
    const { page, errors } = await open();
    const message = await thrownInPage(page, () => window.playground.crash(42));
    assert.equal(message, 'there is no server S42');
    assert.equal(await page.locator('#status').textContent(), 'there is no server S42');
    assert.equal(await page.locator('#status').getAttribute('class'), 'status error');

    await page.evaluate(() => window.playground.crash(1));
    const twice = await thrownInPage(page, () => window.playground.crash(1));
    assert.match(twice, /already crashed/);
    const speedError = await thrownInPage(page, () => window.playground.setSpeed(-1));
    assert.match(speedError, /positive number/);
    // Arguments of the wrong type are named as they were passed, not as NaN or "inf".
    const typeErrors = await page.evaluate(() => {
      const pg = window.playground;
      return [() => pg.crash('x'), () => pg.restart('2'), () => pg.advance(Infinity), () => pg.setSpeed('0.5')].map(
        (call) => {
          try {
            call();
            return null;
          } catch (error) {
            return error.message;
          }
        },
      );
    });
    assert.deepEqual(typeErrors, [
      'crash needs a server id such as 2, got "x" (text)',
      'restart needs a server id such as 2, got "2" (text)',
      'advance needs a finite, non-negative number of milliseconds, got Infinity',
      'speed must be a positive number (a fraction of real time), got "0.5" (text)',
    ]);
    // Still usable afterwards.
    await page.evaluate(() => window.playground.advance(100));
    assertNoErrors(errors);
    await page.close();
  });

  it('a panic in wasm shows a visible error instead of a frozen page', async () => {
    const { page, errors } = await open();
    const thrown = await thrownInPage(page, () => window.playground.debugPanic('the test asked for a panic'));
    assert.match(thrown, /wasm panicked:[\s\S]*the test asked for a panic/);
    const banner = page.locator('#fatal');
    await banner.waitFor({ state: 'visible' });
    assert.match(await banner.textContent(), /the test asked for a panic/);
    // Further calls fail clearly instead of touching a broken module.
    const later = await thrownInPage(page, () => window.playground.advance(10));
    assert.match(later, /stopped after a crash in wasm/);
    assert.equal(await page.locator('#play').isDisabled(), true);
    // Scrolling the log grid (keys, a drag) does nothing and throws nothing.
    await page.locator('#logs').focus();
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowLeft');
    const logs = await page.locator('#logs').boundingBox();
    await page.mouse.move(logs.x + 300, logs.y + 50);
    await page.mouse.down();
    await page.mouse.move(logs.x + 450, logs.y + 50, { steps: 3 });
    await page.mouse.up();
    await page.screenshot({ path: `${screenshots}panic.png` });
    // The only console error is the panic itself.
    assert.ok(errors.length >= 1, 'the panic is logged');
    assert.ok(errors.every((e) => e.includes('the test asked for a panic')), errors.join('\n'));
    assert.ok(!errors.some((e) => /stopped after a crash/.test(e)), `nothing threw after it:\n${errors.join('\n')}`);
    await page.close();
  });

  it('a module the browser cannot compile gives a message that names the browsers needed', async () => {
    const page = await live.browser.context.newPage();
    // A wasm header followed by a section this browser cannot read, as an old browser meets SIMD.
    await page.route('**/*.wasm', (route) =>
      route.fulfill({
        contentType: 'application/wasm',
        body: Buffer.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x7f, 0x7f]),
      }),
    );
    await page.goto(live.server.url);
    const banner = page.locator('#fatal');
    await banner.waitFor({ state: 'visible' });
    const text = await banner.textContent();
    assert.match(text, /^\s*The playground could not start:\s*this browser cannot run the simulator \(/);
    assert.doesNotMatch(text, /internal error/);
    assert.equal(await banner.locator('[data-part="hint"]').isVisible(), false, 'reloading would not help');
    assert.match(text, /WebAssembly SIMD: Chrome or Edge 91, Firefox 89, Safari 16\.4 or later/);
    await page.screenshot({ path: `${screenshots}wasm-unsupported.png` });
    await page.close();
  });

  it('shows a retry that a second leader appended again as one request, executed once', async () => {
    const { page, errors } = await open('?seed=4');
    // Only the leader and one follower run when the request arrives: it reaches the
    // follower's log but cannot commit. The leader dies unanswered; the next leader holds the
    // entry, and the client's retry makes it append a second copy.
    const logs = await page.evaluate(() => {
      const pg = window.playground;
      const leader = () => pg.state().servers.find((s) => s.role === 'leader' && !s.crashed);
      for (let t = 0; t < 3000 && !leader(); t += 10) pg.advance(10);
      pg.advance(200);
      const old = leader().id;
      const down = pg.state().servers.map((s) => s.id).filter((id) => id !== old).slice(1);
      for (const id of down) pg.crash(id);
      pg.request('append k ,a', old);
      pg.advance(100);
      pg.crash(old);
      pg.restart(down[0]);
      pg.restart(down[1]);
      pg.advance(3000);
      pg.restart(old);
      pg.restart(down[2]);
      pg.advance(2000);
      return pg.state().servers.map((s) => s.log.filter((e) => e.command === 'append k ,a'));
    });
    for (const copies of logs) {
      assert.equal(copies.length, 2, `two copies in every log: ${JSON.stringify(logs)}`);
      assert.deepEqual(copies.map((e) => e.request), [1, 1], 'both copies are request #1');
    }
    await nextFrames(page);
    // The store holds the append once.
    await page.waitForFunction(
      () => document.querySelector('#panel [data-part="kv"] td:nth-child(2)')?.textContent === ',a',
    );
    // Pointing at the second copy says it is a repeat.
    const [first, second] = logs[0];
    assert.equal(
      await logTipAt(page, 5, second.index - 1, 0),
      `S1 · index ${second.index} · term ${second.term} · append k ,a · request #1 again ` +
        `(first at index ${first.index}): changes nothing · committed`,
    );
    await page.screenshot({ path: `${screenshots}repeated-request.png` });
    assertNoErrors(errors);
    await page.close();
  });

  it('scrolls the log grid back by dragging, keys, buttons and wheel, and follows it again', async () => {
    const { page, errors } = await open('?seed=3');
    await page.evaluate(() => {
      const pg = window.playground;
      pg.advance(1000);
      for (let i = 0; i < 120; i += 1) {
        pg.request(`set k${i} ${i}`);
        pg.advance(10);
      }
      pg.advance(500);
    });
    await nextFrames(page);
    const latest = await page.evaluate(() =>
      Math.max(...window.playground.state().servers.map((s) => s.log.at(-1)?.index ?? 0)),
    );
    const start = await page.evaluate(() => window.playground.logWindow());
    assert.equal(start.following, true);
    assert.equal(start.last, latest);
    const columns = start.last - start.first + 1;
    const range = page.locator('#log-nav [data-part="range"]');
    assert.equal(await range.textContent(), `indexes ${start.first}–${latest}`);
    const button = (action) => page.locator(`#log-nav [data-action="${action}"]`);
    assert.equal(await button('latest').isDisabled(), true, 'already following');
    assert.equal(await button('forward').isDisabled(), true);

    // Dragging right by five cells brings five earlier indexes into view; the tip agrees.
    const box = await page.locator('#logs').boundingBox();
    const grid = logGridLayout(box.width, 5);
    const y = box.y + grid.headerHeight + 0.5 * grid.rowHeight;
    await page.mouse.move(box.x + box.width / 2, y);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 + 5 * grid.cellWidth, y, { steps: 6 });
    await page.mouse.up();
    await nextFrames(page);
    const dragged = await page.evaluate(() => window.playground.logWindow());
    assert.deepEqual(dragged, { first: start.first - 5, last: latest - 5, following: false });
    assert.equal(await range.textContent(), `indexes ${dragged.first}–${dragged.last} of ${latest}`);
    assert.match(await logTipAt(page, 5, 0, 0), new RegExp(`^S1 · index ${dragged.first} · term \\d+ · set k\\d+ `));

    // Keys on the grid: Home shows index 1 first, Page Down a page on, ← one back.
    await page.locator('#logs').focus();
    await page.keyboard.press('Home');
    await nextFrames(page);
    assert.deepEqual(await page.evaluate(() => window.playground.logWindow()), { first: 1, last: columns, following: false });
    assert.equal(await button('first').isDisabled(), true);
    assert.match(await logTipAt(page, 5, 0, 0), /^S1 · index 1 · term \d+ · no-op/);
    await page.keyboard.press('PageDown');
    await page.keyboard.press('ArrowLeft');
    await nextFrames(page);
    assert.equal((await page.evaluate(() => window.playground.logWindow())).first, columns - 1);

    // Sideways wheel: three cells' worth is three indexes.
    await page.mouse.move(box.x + box.width / 2, y);
    await page.mouse.wheel(-3 * grid.cellWidth, 0);
    await page.waitForFunction((first) => window.playground.logWindow().first === first, columns - 4);

    // While scrolled back the window stays put as the log grows; "latest" follows it again.
    await page.evaluate(() => {
      window.playground.request('set more 1');
      window.playground.advance(300);
    });
    await nextFrames(page);
    assert.equal((await page.evaluate(() => window.playground.logWindow())).first, columns - 4);
    await button('latest').click();
    await nextFrames(page);
    const followed = await page.evaluate(() => window.playground.logWindow());
    assert.deepEqual(followed, { first: latest + 1 - columns + 1, last: latest + 1, following: true });
    await page.locator('#log-nav [data-action="back"]').click();
    await nextFrames(page);
    assert.equal((await page.evaluate(() => window.playground.logWindow())).last, latest + 1 - (columns - 1));

    // From a script: before the first full window is the first window, and a key moves on
    // from there (here with the focus on the buttons).
    assert.deepEqual(await page.evaluate(() => window.playground.scrollLog(1)), { first: 1, last: columns, following: false });
    await button('forward').focus();
    await page.keyboard.press('ArrowRight');
    await nextFrames(page);
    assert.equal((await page.evaluate(() => window.playground.logWindow())).first, 2);

    // Bad input from a script is refused with a message; the window is kept.
    const refused = await thrownInPage(page, () => window.playground.scrollLog(-2));
    assert.match(refused, /scrollLog needs a log index/);
    assert.equal((await page.evaluate(() => window.playground.logWindow())).following, false);
    assert.equal((await page.evaluate(() => window.playground.scrollLog(null))).following, true);
    assertNoErrors(errors.filter((e) => !/scrollLog needs a log index/.test(e)));
    await page.close();
  });

  it('lists the run\'s events newest first, and a click on a time goes back to it', async () => {
    const { page, errors } = await open('?seed=4');
    const crashed = await page.evaluate(() => {
      const pg = window.playground;
      pg.advance(1000);
      pg.request('set x 1');
      pg.advance(200);
      const leader = pg.state().servers.find((s) => s.role === 'leader').id;
      pg.crash(leader);
      pg.advance(800);
      pg.request('set y 2');
      pg.advance(300);
      return leader;
    });
    await nextFrames(page);
    const events = await page.evaluate(() => window.playground.events());
    const lines = page.locator('#events li');
    await page.waitForFunction((count) => document.querySelectorAll('#events li').length === count, events.length);
    // Newest first, in Step's words with a capital; no heartbeats or message traffic.
    const capital = (text) => text.charAt(0).toUpperCase() + text.slice(1);
    assert.equal(await lines.first().locator('span').textContent(), capital(events.at(-1).text));
    assert.equal(await lines.last().locator('span').textContent(), capital(events[0].text));
    const texts = await lines.locator('span').allTextContents();
    assert.ok(texts.includes(`S${crashed} crashes and loses its volatile state`), texts.join('\n'));
    assert.ok(texts.some((t) => /^S\d becomes leader of term 2$/.test(t)), texts.join('\n'));
    assert.ok(!texts.some((t) => /heartbeat|receives|sends AppendEntries/.test(t)), texts.join('\n'));

    // Filters: one server's events (and the whole cluster's); without followers' commits.
    const visible = () => page.locator('#events li:not([hidden]) span').allTextContents();
    await page.locator('#events-filter select').selectOption(`S${crashed}`);
    const about = await visible();
    const aboutEvents = events.filter((e) => e.servers.length === 0 || e.servers.includes(crashed));
    assert.deepEqual(about, aboutEvents.reverse().map((e) => capital(e.text)));
    assert.ok(about.length < texts.length && about.some((t) => t.startsWith(`S${crashed} crashes`)), about.join('\n'));
    await page.locator('#events-filter select').selectOption('');
    await page.getByRole('checkbox', { name: 'followers learning commits' }).uncheck();
    const fewer = await visible();
    assert.ok(!fewer.some((t) => / learns that entries up to index/.test(t)), fewer.join('\n'));
    assert.ok(fewer.some((t) => / commits the entries up to index \d+: a majority/.test(t)), fewer.join('\n'));
    assert.equal(fewer.length, texts.length - events.filter((e) => e.followerCommit).length);

    // Pointing at the crash's line lights up the crashed server on the ring.
    const ringBox = await page.locator('#ring').boundingBox();
    const layout = ringLayout(ringBox.width, ringBox.height, 5);
    const yellowAround = (id) =>
      page.evaluate(
        ({ at, radius }) => {
          const canvas = document.querySelector('#ring');
          const ratio = canvas.width / canvas.getBoundingClientRect().width;
          const ctx = canvas.getContext('2d');
          let yellow = 0;
          for (let k = 0; k < 8; k += 1) {
            const angle = (k * Math.PI) / 4;
            const x = Math.round((at.x + radius * Math.cos(angle)) * ratio);
            const y = Math.round((at.y + radius * Math.sin(angle)) * ratio);
            const [r, g, b] = ctx.getImageData(x, y, 1, 1).data;
            if (r > 200 && g > 190 && b < r - 50) yellow += 1;
          }
          return yellow;
        },
        { at: layout.servers[id - 1], radius: layout.serverRadius + 12 },
      );
    // ... and its row's name in the log grid, just above the list.
    const grid = logGridLayout((await page.locator('#logs').boundingBox()).width, 5);
    const yellowInGrid = async ({ x, y }) => {
      const [r, g, b] = await logGridPixel(page, x, y);
      return r > 200 && g > 190 && b < r - 50;
    };
    const yellowRow = (id) => yellowInGrid({ x: grid.labelWidth - 8, y: grid.headerHeight + (id - 1) * grid.rowHeight + 5 });
    assert.ok((await yellowAround(crashed)) < 2, 'no highlight before');
    assert.equal(await yellowRow(crashed), false, 'no row highlight before');
    await page.locator('#events li.event-crash span').hover();
    await nextFrames(page);
    assert.ok((await yellowAround(crashed)) >= 4, 'a yellow halo around the crashed server');
    assert.equal(await yellowRow(crashed), true, "the crashed server's row in the log grid is marked");
    const others = [1, 2, 3, 4, 5].filter((id) => id !== crashed);
    for (const id of others) assert.ok((await yellowAround(id)) < 2, `no halo around S${id}`);
    for (const id of others) assert.equal(await yellowRow(id), false, `no mark on the row of S${id}`);
    await page.screenshot({ path: `${screenshots}event-highlight.png` });
    await page.mouse.move(5, 5);
    await nextFrames(page);
    assert.ok((await yellowAround(crashed)) < 2, 'gone when the pointer leaves the list');
    assert.equal(await yellowRow(crashed), false, 'the row mark is gone too');

    // A leader's commit marks the column of its index in the log grid, and only that one.
    // The top left of the column's header cell, left of its number (the window starts at 1).
    const yellowColumn = (index) => yellowInGrid({ x: grid.labelWidth + (index - 1) * grid.cellWidth + 4, y: 4 });
    const commitLine = page.locator('#events li.event-commit:not(.follower-commit)').first();
    const committed = Number(await commitLine.getAttribute('data-index'));
    assert.ok(committed >= 2, `a commit names its index: ${committed}`);
    assert.equal(await yellowColumn(committed), false, 'no column mark before');
    await commitLine.locator('span').hover();
    await nextFrames(page);
    assert.equal(await yellowColumn(committed), true, `the column of index ${committed} is marked`);
    assert.equal(await yellowColumn(committed - 1), false, 'not the one before');
    assert.equal(await yellowColumn(committed + 1), false, 'nor the one after');
    await page.mouse.move(5, 5);
    await nextFrames(page);
    assert.equal(await yellowColumn(committed), false, 'gone when the pointer leaves');

    // The crash's time takes the run back there, paused; the list ends with the crash.
    await page.evaluate(() => window.playground.play());
    const crash = events.find((e) => e.kind === 'crash');
    await page.locator('#events li.event-crash button').click();
    await nextFrames(page);
    const back = await page.evaluate(() => window.playground.state());
    assert.equal(back.timeMs, crash.timeMs);
    assert.equal(await page.evaluate(() => window.playground.isPlaying()), false);
    assert.equal(back.servers[crashed - 1].crashed, true);
    await page.waitForFunction((number) => document.querySelectorAll('#events li').length === number, crash.number);
    assert.equal(await lines.first().locator('span').textContent(), `S${crashed} crashes and loses its volatile state`);
    // Forward again: the later events come back, newest first.
    await page.evaluate(() => window.playground.advance(1500));
    await nextFrames(page);
    await page.waitForFunction((count) => document.querySelectorAll('#events li').length >= count, events.length);
    // From the keyboard the list is one tab stop; ↓ moves to the next (older) time, Enter goes there.
    assert.equal(await page.locator('#events button[tabindex="0"]').count(), 1);
    await page.locator('#events button[tabindex="0"]').focus();
    const focusedLine = () =>
      page.evaluate(() => [...document.querySelectorAll('#events li:not([hidden]) > button')].indexOf(document.activeElement));
    const at = await focusedLine();
    assert.ok(at >= 0);
    await page.keyboard.press('ArrowDown');
    assert.equal(await focusedLine(), at + 1);
    assert.equal(await page.locator('#events button[tabindex="0"]').count(), 1, 'still one tab stop');
    await page.keyboard.press('Home');
    assert.equal(await focusedLine(), 0);
    await page.keyboard.press('ArrowDown');
    const targetMs = await page.evaluate(() => Number(document.activeElement.dataset.ms));
    await page.keyboard.press('Enter');
    await nextFrames(page);
    assert.equal(await page.evaluate(() => window.playground.state().timeMs), targetMs);
    // The list was rebuilt up to that moment; the focus stays in it, on the newest time.
    await page.waitForFunction(() => document.activeElement?.closest?.('#events') != null);
    assert.equal(await focusedLine(), 0);
    assert.equal(await page.evaluate(() => Number(document.activeElement.dataset.ms)), targetMs);
    await page.locator('.events-section').screenshot({ path: `${screenshots}events.png` });
    assertNoErrors(errors);
    await page.close();
  });

  it("shows the leader's nextIndex and matchIndex of each follower, in the panel and under the logs", async () => {
    const { page, errors } = await open('?seed=9');
    await page.setViewportSize({ width: 1280, height: 900 });
    // A follower crashes and misses six commands; just after its restart the leader still
    // probes it from its last known match.
    const victim = await page.evaluate(() => {
      const p = window.playground;
      p.advance(1500);
      const leader = p.state().servers.find((s) => s.role === 'leader').id;
      const victim = leader === 2 ? 3 : 2;
      p.crash(victim);
      for (let i = 0; i < 6; i += 1) {
        p.request(`set k ${i}`);
        p.advance(40);
      }
      p.restart(victim);
      p.advance(13);
      return victim;
    });
    await nextFrames(page);
    const state = await page.evaluate(() => window.playground.state());
    const leader = state.servers.find((s) => s.role === 'leader');
    assert.deepEqual(
      leader.progress.map((f) => f.id),
      [1, 2, 3, 4, 5].filter((id) => id !== leader.id),
    );
    for (const server of state.servers) if (server !== leader) assert.deepEqual(server.progress, []);
    const probed = leader.progress.find((f) => f.id === victim);
    assert.equal(probed.mode, 'probe');
    assert.ok(probed.nextIndex <= leader.log.length - 5, JSON.stringify(probed));
    for (const f of leader.progress.filter((f) => f.id !== victim)) {
      assert.deepEqual([f.mode, f.matchIndex, f.nextIndex], ['replicate', leader.log.length, leader.log.length + 1]);
    }

    // The panel's table says the same.
    assert.equal(await page.locator('[data-part="followers-title"]').textContent(), `Followers of leader S${leader.id}`);
    const rows = await page.locator('[data-part="followers"] tr').evaluateAll((trs) =>
      trs.map((tr) => [...tr.cells].map((td) => td.textContent)),
    );
    assert.deepEqual(
      rows,
      leader.progress.map((f) => [`S${f.id}`, String(f.matchIndex), String(f.nextIndex), f.mode === 'probe' ? 'probing' : 'streaming']),
    );

    // A blue line under each follower's nextIndex cell, and not under the cell after it.
    const grid = logGridLayout((await page.locator('#logs').boundingBox()).width, 5);
    const blueUnder = async (id, index) => {
      const x = grid.labelWidth + (index - 0.5) * grid.cellWidth;
      const [r, g, b] = await logGridPixel(page, x, grid.headerHeight + id * grid.rowHeight - 1.2);
      return b > 150 && r < 60 && g > 80 && g < 150;
    };
    for (const f of leader.progress) {
      assert.equal(await blueUnder(f.id, f.nextIndex), true, `S${f.id}'s nextIndex ${f.nextIndex}`);
      assert.equal(await blueUnder(f.id, f.nextIndex + 1), false, `S${f.id}: only under ${f.nextIndex}`);
    }
    assert.equal(await blueUnder(leader.id, leader.log.length + 1), false, 'the leader has no nextIndex of its own');
    await page.locator('.log-section').screenshot({ path: `${screenshots}next-index.png` });

    // Once it has caught up, the victim is streamed to like the others.
    const caughtUp = await advanceUntil(
      page,
      `(state) => state.servers.find((s) => s.id === ${leader.id}).progress.find((f) => f.id === ${victim}).mode === 'replicate'`,
      { stepMs: 5, maxMs: 500 },
    );
    const after = caughtUp.servers.find((s) => s.id === leader.id).progress.find((f) => f.id === victim);
    assert.equal(after.matchIndex, caughtUp.servers[victim - 1].log.length);
    assertNoErrors(errors);    await page.close();
  });

  it('draws a longer log, nine servers, and stays within the frame budget', async () => {
    const { page, errors } = await open('?servers=9&seed=3');
    await advanceUntil(page, hasLeader.toString(), { maxMs: 3000 });
    // Requests in term 1, the leader crashes mid-stream, more requests in the next term.
    await page.evaluate(() => {
      const pg = window.playground;
      const leader = () => pg.state().servers.find((s) => s.role === 'leader' && !s.crashed);
      for (let i = 1; i <= 24; i += 1) {
        pg.request(`set k${i % 7} ${i}`);
        pg.advance(i === 24 ? 3 : 25);
      }
      pg.crash(leader().id);
      for (let t = 0; t < 3000 && !leader(); t += 10) pg.advance(10);
      for (let i = 25; i <= 40; i += 1) {
        pg.request(`set k${i % 7} ${i}`);
        pg.advance(25);
      }
      pg.advance(13);
    });
    const longState = await page.evaluate(() => window.playground.state());
    const terms = new Set(longState.servers.flatMap((s) => s.log.map((e) => e.term)));
    assert.ok(terms.size >= 2, `entries of two terms at least: ${[...terms]}`);
    await nextFrames(page);
    // Pointing at a log cell shows its command.
    assert.match(
      await logTipAt(page, 9, -4, 1),
      /^S2 · index \d+ · term \d+ · set k\d \d+ · request #\d+ · (not )?committed$/,
    );
    await page.screenshot({ path: `${screenshots}long-log.png` });
    await page.mouse.move(0, 0);

    // Steady load while playing at real time: a client command every 10 ms of virtual time.
    await page.evaluate(() => {
      window.playground.setSpeed(1);
      window.playground.resetFrameStats();
      window.playground.play();
      let n = 0;
      window.__load = setInterval(() => window.playground.request(`set load ${(n += 1)}`), 10);
    });
    await page.waitForTimeout(3000);
    const stats = await page.evaluate(() => {
      clearInterval(window.__load);
      window.playground.pause();
      return window.playground.frameStats();
    });
    console.log(`frame cost at 9 servers under load: ${JSON.stringify(stats)}`);
    assert.ok(stats.frames > 30, `frames were drawn (${stats.frames})`);
    // A generous bound: the budget is 4 ms; this only catches pathological regressions.
    assert.ok(stats.meanMs < 25, `mean frame cost ${stats.meanMs} ms`);
    assertNoErrors(errors);
    await page.close();
  });
});

describe('the built page', () => {
  it('is sharp on a high-DPI screen and works from a sub-path', async () => {
    const hiDpi = await launchBrowser({ deviceScaleFactor: 2 });
    try {
      const { page, errors } = await openPlayground(hiDpi.context, `${live.server.url}?seed=2&paused=1`);
      await advanceUntil(page, hasLeader.toString(), { maxMs: 2000 });
      await nextFrames(page);
      const sizes = await page.evaluate(() => {
        const canvas = document.getElementById('ring');
        return { backing: canvas.width, css: canvas.clientWidth };
      });
      assert.ok(Math.abs(sizes.backing - sizes.css * 2) <= 2, JSON.stringify(sizes));
      // All asset URLs are relative, so dist/ works under any path.
      const html = await (await fetch(live.server.url)).text();
      assert.doesNotMatch(html, /(src|href)="\/(?!\/)/);
      await page.screenshot({ path: `${screenshots}hidpi.png` });
      assertNoErrors(errors);
    } finally {
      await hiDpi.close();
    }
  });
});
