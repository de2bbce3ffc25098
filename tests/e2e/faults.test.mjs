// Faults in real Chromium, driven as a student would: the partition tool, the CheckQuorum and
// PreVote switches, clicking a link to cut it, the network sliders, clicking a message to read and
// drop it, stepping, and a broken rule switched on in the "Break Raft" panel caught by the checkers
// (banner, pause). Every test fails on a console error or an uncaught page error. Screenshots go to
// screenshots/ (look at them).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { messageFraction, messagePoint, ringLayout } from '../../web/layout.js';
import { openPlayground } from './browser.mjs';
import { screenshots, useServerAndBrowser } from './suite.mjs';

const live = useServerAndBrowser();

/** Opens a paused playground (`query` e.g. "seed=3"). */
async function open(query = '') {
  return openPlayground(live.browser.context, `${live.server.url}?paused=1&${query}`);
}

function assertNoErrors(errors) {
  assert.deepEqual(errors, [], `errors in the page:\n${errors.join('\n')}`);
}

/** Advances in small steps until `predicate(state)` holds; returns that state. */
async function advanceUntil(page, predicate, { stepMs = 20, maxMs = 5000, arg = null } = {}) {
  return page.evaluate(
    ({ source, stepMs, maxMs, arg }) => {
      // eslint-disable-next-line no-new-func
      const test = new Function('state', 'arg', `return (${source})(state, arg);`);
      for (let t = 0; t <= maxMs; t += stepMs) {
        const state = window.playground.state();
        if (test(state, arg)) return state;
        window.playground.advance(stepMs);
      }
      throw new Error(`condition not reached within ${maxMs} ms: ${source}`);
    },
    { source: predicate.toString(), stepMs, maxMs, arg },
  );
}

const hasLeader = (state) => state.servers.some((s) => s.role === 'leader' && !s.crashed);

/** Lets the page draw a frame or two. */
async function nextFrames(page) {
  await page.evaluate(
    () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))),
  );
}

/** The ring's layout in page coordinates: `{ box, layout }` (same geometry as the renderer). */
async function ringOnScreen(page) {
  const box = await page.locator('#ring').boundingBox();
  const servers = await page.evaluate(() => window.playground.state().servers.length);
  return { box, layout: ringLayout(box.width, box.height, servers) };
}

/** Where server `id` is drawn, in page coordinates. */
async function serverOnScreen(page, id) {
  const { box, layout } = await ringOnScreen(page);
  const at = layout.servers[id - 1];
  return { x: box.x + at.x, y: box.y + at.y };
}

/** Where message `message` is drawn now, in page coordinates. */
async function messageOnScreen(page, message, timeMs) {
  const { box, layout } = await ringOnScreen(page);
  const fraction = messageFraction(timeMs, message.sentMs, message.deliverMs);
  const point = messagePoint(layout, message.from, message.to, fraction);
  return { x: box.x + point.x, y: box.y + point.y };
}

/** A point on the link `a`–`b` at least 16 px from every message drawn, in page coordinates. */
async function linkPointOnScreen(page, a, b) {
  const { box, layout } = await ringOnScreen(page);
  const state = await page.evaluate(() => window.playground.state());
  const points = state.messages
    .map((m) => messagePoint(layout, m.from, m.to, messageFraction(state.timeMs, m.sentMs, m.deliverMs)))
    .filter(Boolean);
  const from = layout.servers[a - 1];
  const to = layout.servers[b - 1];
  for (const t of [0.5, 0.4, 0.6, 0.35, 0.65, 0.3, 0.7]) {
    const x = from.x + (to.x - from.x) * t;
    const y = from.y + (to.y - from.y) * t;
    if (points.every((p) => Math.hypot(p.x - x, p.y - y) > 16)) return { x: box.x + x, y: box.y + y };
  }
  throw new Error(`every point of the link S${a}–S${b} is near a message`);
}

/**
 * The scenario of §5.4.1 in a 3-server cluster: a server misses a committed entry while
 * crashed, then campaigns; the page plays the last part, so the frame loop is what notices a
 * violation. With `requestsFirst`, that many requests are committed first and the log grid is
 * scrolled back to its start.
 */
function playStaleCandidate(page, requestsFirst = 0) {
  return page.evaluate((requestsFirst) => {
    const pg = window.playground;
    pg.advance(1000);
    for (let i = 0; i < requestsFirst; i += 1) {
      pg.request(`set k${i} ${i}`);
      pg.advance(10);
    }
    if (requestsFirst > 0) {
      pg.advance(500);
      pg.scrollLog(1);
    }
    const leader = pg.state().servers.find((s) => s.role === 'leader');
    const behind = [1, 2, 3].filter((id) => id !== leader.id)[1];
    pg.crash(behind);
    pg.request('set x 1');
    pg.advance(300);
    pg.restart(behind);
    pg.timeout(behind);
    pg.setSpeed(0.05);
    pg.play();
  }, requestsFirst);
}

describe('faults in the page', () => {
  it('the partition tool isolates the leader, the majority elects another, heal reunites them', async () => {
    const { page, errors } = await open('seed=5');
    const before = await advanceUntil(page, hasLeader, { maxMs: 2000 });
    const oldLeader = before.servers.find((s) => s.role === 'leader');
    await nextFrames(page);

    const tool = page.locator('#partition-tool');
    await tool.getByRole('button', { name: 'Partition…' }).click();
    assert.equal(await tool.getByRole('button', { name: 'Apply' }).isVisible(), true);
    const at = await serverOnScreen(page, oldLeader.id);
    await page.mouse.click(at.x, at.y); // group A → B
    const others = before.servers.map((s) => s.id).filter((id) => id !== oldLeader.id);
    const summary = tool.locator('[data-part="summary"]');
    assert.equal(
      await summary.textContent(),
      `new groups A: ${others.map((id) => `S${id}`).join(' ')} · B: S${oldLeader.id}`,
    );
    // In the tool a click on a server moves it and opens no menu.
    assert.equal(await page.locator('#server-menu').isVisible(), false);
    await nextFrames(page);
    await page.screenshot({ path: `${screenshots}partition-draft.png` });
    await tool.getByRole('button', { name: 'Apply' }).click();

    const split = await page.evaluate(() => window.playground.state());
    assert.deepEqual(split.partition, [others, [oldLeader.id]]);
    await nextFrames(page); // the summary follows the next frame's view
    assert.match(await summary.textContent(), new RegExp(`^partitioned A: .* · B: S${oldLeader.id}$`));
    assert.equal(await tool.getByRole('button', { name: 'Apply' }).isVisible(), false);

    const elected = await advanceUntil(
      page,
      (s, arg) => s.servers.some((x) => x.role === 'leader' && x.id !== arg.id && x.term > arg.term),
      { maxMs: 3000, arg: { id: oldLeader.id, term: oldLeader.term } },
    );
    const newLeader = elected.servers.find((s) => s.role === 'leader' && s.id !== oldLeader.id);
    assert.ok(others.includes(newLeader.id));
    // The isolated old leader cannot hear of the new term: it still thinks it leads.
    assert.equal(elected.servers[oldLeader.id - 1].role, 'leader');
    assert.equal(elected.servers[oldLeader.id - 1].term, oldLeader.term);
    await nextFrames(page);
    await page.screenshot({ path: `${screenshots}partition.png` });

    await tool.getByRole('button', { name: 'Heal network' }).click();
    const healed = await page.evaluate(() => window.playground.state());
    assert.deepEqual(healed.partition, []);
    await nextFrames(page);
    assert.equal(await summary.textContent(), 'all links up');
    const reunited = await advanceUntil(
      page,
      (s) => {
        const leaders = s.servers.filter((x) => x.role === 'leader');
        return leaders.length === 1 && s.servers.every((x) => x.term === leaders[0].term && x.leaderId === leaders[0].id);
      },
      { maxMs: 3000 },
    );
    assert.equal(reunited.servers[oldLeader.id - 1].role, 'follower');
    assertNoErrors(errors);
    await page.close();
  });

  it('the CheckQuorum switch: a leader cut off in a minority steps down, the events say why, going back unchecks it', async () => {
    const { page, errors } = await open('seed=5');
    const before = await advanceUntil(page, hasLeader, { maxMs: 2000 });
    const leader = before.servers.find((s) => s.role === 'leader');
    await nextFrames(page);
    const toggle = page.getByRole('switch', { name: 'CheckQuorum' });
    assert.equal(await toggle.isChecked(), false);
    await toggle.click();
    assert.equal(await toggle.isChecked(), true);
    assert.equal(
      await page.locator('#status').textContent(),
      'CheckQuorum on: A leader that hears from no majority for an election timeout steps down.',
    );
    const switchedAt = await page.evaluate(() => {
      const pg = window.playground;
      return { extensions: pg.extensions(), timeMs: pg.state().timeMs };
    });
    assert.deepEqual(switchedAt.extensions, { checkQuorum: true, preVote: false });

    const others = before.servers.map((s) => s.id).filter((id) => id !== leader.id);
    await page.evaluate((groups) => window.playground.partition(groups), [[leader.id, others[0]]]);
    const down = await advanceUntil(page, (s, arg) => s.servers[arg - 1].role !== 'leader', {
      stepMs: 5,
      maxMs: 400,
      arg: leader.id,
    });
    // The first check is one minimum election timeout (150 ms) after the switch.
    assert.ok(down.timeMs <= switchedAt.timeMs + 155, `stepped down at ${down.timeMs} ms`);
    assert.equal(down.servers[leader.id - 1].term, leader.term, 'it keeps its term');
    await nextFrames(page);
    const why = `S${leader.id} has heard from no majority for an election timeout and stops leading term ${leader.term} (CheckQuorum)`;
    assert.ok((await page.locator('.events-section').textContent()).includes(why), why);
    await page.screenshot({ path: `${screenshots}check-quorum.png` });

    // The switch follows the run: before it was switched on it is off, and on again after.
    await page.evaluate((ms) => window.playground.seek(ms), switchedAt.timeMs - 100);
    await nextFrames(page);
    assert.equal(await toggle.isChecked(), false);
    await page.evaluate(() => window.playground.seek(window.playground.historyEndMs()));
    await nextFrames(page);
    assert.equal(await toggle.isChecked(), true);
    assertNoErrors(errors);
    await page.close();
  });

  it('the PreVote switch: a follower cut off asks for pre-votes at the leader\'s term and rejoins quietly', async () => {
    const { page, errors } = await open('seed=5');
    const before = await advanceUntil(page, hasLeader, { maxMs: 2000 });
    const leader = before.servers.find((s) => s.role === 'leader');
    const alone = leader.id === 1 ? 2 : 1;
    await nextFrames(page);
    const toggle = page.getByRole('switch', { name: 'PreVote' });
    await toggle.click();
    assert.equal(await toggle.isChecked(), true);
    assert.deepEqual(await page.evaluate(() => window.playground.extensions()), {
      checkQuorum: false,
      preVote: true,
    });
    await page.evaluate((id) => window.playground.partition([[id]]), alone);
    const asking = await advanceUntil(page, (s, id) => s.servers[id - 1].role === 'precandidate', {
      stepMs: 5,
      maxMs: 1000,
      arg: alone,
    });
    assert.equal(asking.servers[alone - 1].term, leader.term, 'the term is only proposed');
    await nextFrames(page);
    const asked = `S${alone} times out and asks for pre-votes for term ${leader.term + 1}`;
    assert.ok((await page.locator('.events-section').textContent()).includes(asked), asked);
    await page.screenshot({ path: `${screenshots}pre-vote.png` });

    await page.evaluate(() => window.playground.advance(2000));
    const healed = await page.evaluate(() => {
      const pg = window.playground;
      pg.heal();
      pg.advance(400);
      return pg.state();
    });
    assert.equal(healed.servers[alone - 1].term, leader.term, 'it never raised its term');
    assert.equal(healed.servers[leader.id - 1].role, 'leader', 'the leader was not disturbed');
    assert.equal(healed.servers[leader.id - 1].term, leader.term);
    assertNoErrors(errors);
    await page.close();
  });

  it('clicking a link opens its menu: cut one way, both ways, repair', async () => {
    const { page, errors } = await open('seed=4');
    await advanceUntil(page, hasLeader, { maxMs: 2000 });
    await nextFrames(page);
    const menu = page.locator('#link-menu');

    let point = await linkPointOnScreen(page, 1, 2);
    await page.mouse.click(point.x, point.y);
    await menu.waitFor({ state: 'visible' });
    assert.equal(await menu.locator('[data-part="title"]').textContent(), 'Link S1 – S2');
    assert.equal(await menu.locator('[data-part="state"]').textContent(), 'S1 → S2 up · S2 → S1 up');
    assert.equal(await menu.getByRole('menuitem', { name: 'Repair' }).isDisabled(), true);
    await page.screenshot({ path: `${screenshots}link-menu.png` });
    await menu.getByRole('menuitem', { name: 'Cut S1 → S2 only' }).click();
    await menu.waitFor({ state: 'hidden' });
    assert.deepEqual(await page.evaluate(() => window.playground.state().cutLinks), [[1, 2]]);
    await nextFrames(page); // the summary follows the next frame's view
    assert.equal(await page.locator('#partition-tool [data-part="summary"]').textContent(), 'cut S1→S2');
    await page.evaluate(() => window.playground.advance(200));
    await nextFrames(page);
    await page.screenshot({ path: `${screenshots}cut-link.png` });

    point = await linkPointOnScreen(page, 1, 2);
    await page.mouse.click(point.x, point.y);
    await menu.waitFor({ state: 'visible' });
    assert.equal(await menu.locator('[data-part="state"]').textContent(), 'S1 → S2 cut · S2 → S1 up');
    assert.equal(await menu.getByRole('menuitem', { name: 'Cut S1 → S2 only' }).isDisabled(), true);
    await menu.getByRole('menuitem', { name: 'Cut both ways' }).click();
    assert.deepEqual(await page.evaluate(() => window.playground.state().cutLinks), [
      [1, 2],
      [2, 1],
    ]);
    await nextFrames(page); // the summary follows the next frame's view
    assert.equal(await page.locator('#partition-tool [data-part="summary"]').textContent(), 'cut S1↔S2');

    point = await linkPointOnScreen(page, 1, 2);
    await page.mouse.click(point.x, point.y);
    await menu.waitFor({ state: 'visible' });
    await menu.getByRole('menuitem', { name: 'Repair' }).click();
    assert.deepEqual(await page.evaluate(() => window.playground.state().cutLinks), []);
    // Escape closes an open link menu.
    point = await linkPointOnScreen(page, 1, 2);
    await page.mouse.click(point.x, point.y);
    await menu.waitFor({ state: 'visible' });
    await page.keyboard.press('Escape');
    await menu.waitFor({ state: 'hidden' });

    // Without a mouse: 3 opens S3's menu, 5 then opens the menu of the link S3–S5.
    await page.keyboard.press('3');
    await page.locator('#server-menu').waitFor({ state: 'visible' });
    await page.keyboard.press('5');
    await menu.waitFor({ state: 'visible' });
    assert.equal(await page.locator('#server-menu').isHidden(), true);
    assert.equal(await menu.locator('[data-part="title"]').textContent(), 'Link S3 – S5');
    assert.equal(
      await page.evaluate(() => document.activeElement.textContent),
      'Cut S3 → S5 only',
      'the focus is on the first item',
    );
    await page.keyboard.press('Enter');
    await menu.waitFor({ state: 'hidden' });
    assert.deepEqual(await page.evaluate(() => window.playground.state().cutLinks), [[3, 5]]);
    assertNoErrors(errors);
    await page.close();
  });

  it('the network sliders change network(), and follow setNetwork', async () => {
    const { page, errors } = await open('seed=2');
    const network = () => page.evaluate(() => window.playground.network());
    await page.locator('#net-loss').fill('20');
    assert.equal((await network()).lossRate, 0.2);
    assert.equal(await page.locator('#net-loss-value').textContent(), '20%');
    assert.match(await page.locator('#status').textContent(), /^network: loss 20%, duplication 0%/);
    await page.locator('#net-dup').fill('5');
    await page.locator('#net-delay-rate').fill('10');
    await page.locator('#net-delay-max').fill('500');
    await page.locator('#net-lat-max').fill('60');
    await page.locator('#net-lat-min').fill('30');
    assert.deepEqual(await network(), {
      lossRate: 0.2,
      duplicateRate: 0.05,
      longDelayRate: 0.1,
      longDelayMsMax: 500,
      latencyMs: [30, 60],
    });
    // The minimum pushes the maximum up rather than cross it.
    await page.locator('#net-lat-min').fill('80');
    assert.deepEqual((await network()).latencyMs, [80, 80]);
    assert.equal(await page.locator('#net-lat-max-value').textContent(), '80 ms');

    // Arrow keys: one step per press, but one change of the network (one recorded action)
    // once they rest.
    const networkActions = () =>
      page.evaluate(() => window.playground.scenario().actions.filter((a) => a.do === 'setNetwork').length);
    const before = await networkActions();
    await page.locator('#net-dup').focus();
    for (let press = 0; press < 5; press += 1) await page.keyboard.press('ArrowRight');
    assert.equal(await page.locator('#net-dup-value').textContent(), '10%', 'the value moved');
    assert.equal((await network()).duplicateRate, 0.05, 'not yet applied');
    await page.waitForFunction(() => window.playground.network().duplicateRate === 0.1);
    assert.equal(await networkActions(), before + 1, 'one action for five presses');

    // A script's change shows on the sliders.
    await page.evaluate(() => window.playground.setNetwork({ lossRate: 0.055 }));
    await nextFrames(page);
    assert.equal(await page.locator('#net-loss-value').textContent(), '5.5%');
    assert.equal(await page.locator('#net-loss').inputValue(), '6');
    await page.screenshot({ path: `${screenshots}network-sliders.png` });

    await page.getByRole('button', { name: 'Reset' }).click();
    assert.deepEqual(await network(), {
      lossRate: 0,
      duplicateRate: 0,
      longDelayRate: 0,
      longDelayMsMax: 1000,
      latencyMs: [10, 15],
    });
    assert.equal(await page.locator('#net-lat-min-value').textContent(), '10 ms');
    assertNoErrors(errors);
    await page.close();
  });

  it('draws a message the network loses or a cut link blocks, crossed out, until it would have arrived', async () => {
    const { page, errors } = await open('seed=2');
    const leader = (await advanceUntil(page, hasLeader)).servers.find((s) => s.role === 'leader').id;
    const follower = leader === 1 ? 2 : 1;
    await page.evaluate(
      ({ follower, leader }) => {
        window.playground.setNetwork({ lossRate: 1 });
        window.playground.cut(leader, follower, { oneWay: true });
      },
      { follower, leader },
    );
    // The next heartbeat: every AppendEntries is dropped as it is sent.
    const state = await advanceUntil(page, (s) => s.dropped.length >= 4, { stepMs: 1, maxMs: 200 });
    assert.deepEqual(state.messages.filter((m) => m.from === leader), [], 'nothing in flight from the leader');
    for (const m of state.dropped) {
      assert.equal(m.type, 'AppendEntries');
      assert.equal(m.from, leader);
      assert.equal(m.reason, m.to === follower ? 'linkCut' : 'lost', JSON.stringify(m));
      assert.ok(m.sentMs <= state.timeMs && state.timeMs < m.deliverMs, JSON.stringify(m));
    }
    // Half way: drawn with a vermillion cross over it.
    const lost = state.dropped.find((m) => m.reason === 'lost');
    const halfWay = (lost.sentMs + lost.deliverMs) / 2;
    await page.evaluate((ms) => window.playground.advance(ms), halfWay - state.timeMs);
    await nextFrames(page);
    const at = await messageOnScreen(page, lost, halfWay);
    const box = await page.locator('#ring').boundingBox();
    const [r, g] = await page.evaluate(
      ({ x, y }) => {
        const canvas = document.querySelector('#ring');
        const ratio = canvas.width / canvas.getBoundingClientRect().width;
        return [...canvas.getContext('2d').getImageData(Math.round(x * ratio), Math.round(y * ratio), 1, 1).data];
      },
      { x: at.x - box.x, y: at.y - box.y },
    );
    assert.ok(r > g + 40, `a vermillion cross at the lost message (rgb ${r}, ${g})`);
    // Clicking it opens its card: why it never arrives, and no drop button to press.
    await page.mouse.click(at.x, at.y);
    const card = page.locator('#message-card');
    await card.waitFor({ state: 'visible' });
    assert.equal(await card.locator('[data-part="title"]').textContent(), `AppendEntries #${lost.id}`);
    assert.equal(
      await card.locator('[data-part="gone"]').textContent(),
      'Lost by the network as it was sent (loss rate): it never arrives.',
    );
    assert.equal(await card.getByRole('button', { name: 'Drop message' }).isDisabled(), true);
    assert.match(await card.locator('[data-part="fields"]').textContent(), /would have arrived at/);
    await page.screenshot({ path: `${screenshots}dropped-messages.png` });
    await card.getByRole('button', { name: 'Close' }).click();
    // Gone once it would have arrived.
    await page.evaluate((ms) => window.playground.advance(ms), lost.deliverMs - halfWay);
    const later = await page.evaluate(() => window.playground.state());
    assert.ok(!later.dropped.some((m) => m.id === lost.id), 'gone when it would have arrived');
    assertNoErrors(errors);
    await page.close();
  });

  it('clicking a message shows its fields; Drop removes it from state().messages', async () => {
    const { page, errors } = await open('seed=6');
    await advanceUntil(page, hasLeader, { maxMs: 2000 });
    await page.evaluate(() => window.playground.request('set x 1'));
    const state = await advanceUntil(
      page,
      (s) =>
        s.messages.some(
          (m) =>
            m.type === 'AppendEntries' &&
            m.entries > 0 &&
            (s.timeMs - m.sentMs) / (m.deliverMs - m.sentMs) > 0.35 &&
            (s.timeMs - m.sentMs) / (m.deliverMs - m.sentMs) < 0.65,
        ),
      { stepMs: 1, maxMs: 500 },
    );
    const message = state.messages.find(
      (m) =>
        m.type === 'AppendEntries' &&
        m.entries > 0 &&
        (state.timeMs - m.sentMs) / (m.deliverMs - m.sentMs) > 0.35 &&
        (state.timeMs - m.sentMs) / (m.deliverMs - m.sentMs) < 0.65,
    );
    await nextFrames(page);
    const at = await messageOnScreen(page, message, state.timeMs);
    await page.mouse.click(at.x, at.y);
    const card = page.locator('#message-card');
    await card.waitFor({ state: 'visible' });
    assert.equal(await card.locator('[data-part="title"]').textContent(), `AppendEntries #${message.id}`);
    const fields = await card.locator('dt').allTextContents();
    const values = await card.locator('dd').allTextContents();
    const read = Object.fromEntries(fields.map((label, i) => [label, values[i]]));
    assert.equal(read.type, 'AppendEntries');
    assert.equal(read['from → to'], `S${message.from} → S${message.to}`);
    assert.equal(read.term, String(message.term));
    assert.equal(read.prevLogIndex, String(message.prevLogIndex));
    assert.equal(read.prevLogTerm, String(message.prevLogTerm));
    assert.equal(read.entries, `1 (index ${message.firstEntryIndex})`);
    assert.equal(read.leaderCommit, String(message.leaderCommit));
    assert.equal(read['sent at'], `${message.sentMs.toFixed(1)} ms`);
    assert.equal(read['arrives at'], `${message.deliverMs.toFixed(1)} ms`);
    assert.equal(await page.evaluate(() => window.playground.isPlaying()), false);
    await page.screenshot({ path: `${screenshots}message-card.png` });

    await card.getByRole('button', { name: 'Drop message' }).click();
    await card.waitFor({ state: 'hidden' });
    const afterDrop = await page.evaluate(() => window.playground.state());
    assert.equal(afterDrop.messages.some((m) => m.id === message.id), false);
    assert.match(await page.locator('#status').textContent(), new RegExp(`dropped AppendEntries #${message.id}`));
    await nextFrames(page);

    // A reply card, opened while playing, pauses the run; once delivered it cannot be dropped.
    const withReply = await advanceUntil(
      page,
      (s) => s.messages.some((m) => m.type === 'AppendEntriesReply' && (s.timeMs - m.sentMs) / (m.deliverMs - m.sentMs) > 0.3),
      { stepMs: 1, maxMs: 500 },
    );
    const reply = withReply.messages.find(
      (m) => m.type === 'AppendEntriesReply' && (withReply.timeMs - m.sentMs) / (m.deliverMs - m.sentMs) > 0.3,
    );
    await nextFrames(page);
    const replyAt = await messageOnScreen(page, reply, withReply.timeMs);
    await page.mouse.click(replyAt.x, replyAt.y);
    await card.waitFor({ state: 'visible' });
    assert.match(await card.textContent(), /success/);
    await page.evaluate(() => window.playground.advance(50));
    await nextFrames(page);
    await page.waitForTimeout(150);
    assert.equal(await card.getByRole('button', { name: 'Drop message' }).isDisabled(), true);
    assert.equal(await card.locator('[data-part="gone"]').isVisible(), true);
    await card.getByRole('button', { name: 'Close' }).click();
    await card.waitFor({ state: 'hidden' });
    assertNoErrors(errors);
    await page.close();
  });

  it('Step goes event by event and says what each event was', async () => {
    const { page, errors } = await open('seed=3');
    await advanceUntil(page, hasLeader, { maxMs: 2000 });
    await page.evaluate(() => window.playground.request('set y 7'));
    await nextFrames(page);
    const step = page.getByRole('button', { name: 'Step' });
    const seen = [];
    for (let i = 0; i < 12; i += 1) {
      const before = await page.evaluate(() => window.playground.trace().events);
      await step.click();
      const text = await page.locator('#status').textContent();
      assert.match(text, /^Step at \d+\.\d ms: \S.+/);
      assert.ok((await page.evaluate(() => window.playground.trace().events)) > before);
      seen.push(text);
      await nextFrames(page);
    }
    // A delivery names the message and its main fields.
    assert.ok(
      seen.some((text) => /receives (AppendEntries|AppendEntriesReply|ClientRequest) #\d+ from/.test(text)),
      seen.join('\n'),
    );
    assert.ok(seen.some((text) => /receives AppendEntries #\d+ from S\d \(term \d+, prevLogIndex \d+/.test(text)), seen.join('\n'));
    assert.equal(await page.evaluate(() => window.playground.isPlaying()), false);
    assertNoErrors(errors);
    await page.close();
  });

  it('a violation brings its log index into the scrolled-back grid and frames its cells', async () => {
    const { page, errors } = await open('seed=7&servers=3');
    // A longer log, scrolled back to its start; then the §5.4.1 scenario with the vote's log
    // check broken, played by the page.
    await page.evaluate(() => window.playground.setBrokenRules({ voteWithoutLogCheck: true }));
    await playStaleCandidate(page, 80);
    await page.locator('#violation').waitFor({ state: 'visible', timeout: 20_000 });
    await nextFrames(page);
    const { violation } = await page.evaluate(() => window.playground.state());
    assert.ok(violation.index > 80, `a late index: ${violation.index}`);
    const window_ = await page.evaluate(() => window.playground.logWindow());
    assert.ok(window_.first <= violation.index && violation.index <= window_.last, JSON.stringify({ window_, violation }));
    // A vermillion frame on the left edge of the index's cell, on each server involved only.
    const pixelAt = (column, row) =>
      page.evaluate(
        ({ column, row }) => {
          const canvas = document.querySelector('#logs');
          const ratio = canvas.width / canvas.getBoundingClientRect().width;
          const x = 92 + column * 30; // logGridLayout: labelWidth, cellWidth
          const y = 22 + row * 26 + 13; // headerHeight, rowHeight
          return [...canvas.getContext('2d').getImageData(Math.round(x * ratio), Math.round(y * ratio), 1, 1).data];
        },
        { column, row },
      );
    const column = violation.index - window_.first;
    for (const row of [0, 1, 2]) {
      const [r, g] = await pixelAt(column, row);
      const framed = violation.servers.includes(row + 1);
      assert.equal(r > g + 40, framed, `S${row + 1} at index ${violation.index}: rgb ${r}, ${g}`);
    }
    await page.locator('.log-section').screenshot({ path: `${screenshots}violation-in-log.png` });
    assertNoErrors(errors);
    await page.close();
  });

  it('a rule broken in the Break Raft panel is caught: banner, pause, continue', async () => {
    const { page, errors } = await open('seed=7&servers=3');
    const panel = page.locator('#break-raft');
    const switchOf = (name) => panel.getByRole('switch', { name });
    const vote = switchOf('Vote without the log check');
    assert.equal(await vote.isDisabled(), false);
    for (const name of [
      'Vote without the log check',
      'Commit old entries by counting',
      'Forget the vote on restart',
      'Truncate without a conflict',
      'Commit beyond what was verified',
    ]) {
      assert.equal(await switchOf(name).isChecked(), false, `${name} is off by default`);
    }
    assert.match(await panel.textContent(), /unsafe/i);
    // Each switch explains itself, in the simulator's words.
    assert.match(await panel.locator('#break-commitByCounting-text').textContent(), /Figure 8/);
    await vote.check();
    assert.equal(
      await page.evaluate(() => window.playground.brokenRules().voteWithoutLogCheck),
      true,
    );
    assert.match(await page.locator('#status').textContent(), /UNSAFE/);
    assert.match(await panel.locator('[data-part="count"]').textContent(), /1 rule broken/);

    const runScenario = () => playStaleCandidate(page);
    await runScenario();
    const banner = page.locator('#violation');
    await banner.waitFor({ state: 'visible', timeout: 20_000 });
    const { violation, timeMs } = await page.evaluate(() => window.playground.state());
    assert.equal(violation.property, 'leaderCompleteness');
    assert.equal(await page.evaluate(() => window.playground.isPlaying()), false);
    assert.equal(await page.locator('#play').textContent(), 'Play');
    // Paused right after the event that broke it (one frame at most).
    assert.ok(timeMs - violation.timeMs < 10, `paused at ${timeMs} ms, violation at ${violation.timeMs} ms`);
    assert.equal(await banner.locator('[data-part="title"]').textContent(), 'Leader Completeness is broken');
    const where = await banner.locator('[data-part="where"]').textContent();
    assert.match(where, /servers? S\d/);
    assert.match(where, new RegExp(`index ${violation.index}`));
    assert.match(where, new RegExp(`term ${violation.term}`));
    assert.equal(await banner.locator('[data-part="explanation"]').textContent(), violation.explanation);
    assert.match(await banner.locator('[data-part="rules"]').textContent(), /Vote without the log check/);
    await nextFrames(page);
    await page.screenshot({ path: `${screenshots}violation.png` });
    // Paused: time does not move.
    await page.waitForTimeout(200);
    assert.equal(await page.evaluate(() => window.playground.state().timeMs), timeMs);

    // Continue: the run goes on and the same violation does not pause it again.
    await banner.getByRole('button', { name: 'Continue the run' }).click();
    await banner.waitFor({ state: 'hidden' });
    await page.waitForTimeout(300);
    assert.equal(await page.evaluate(() => window.playground.isPlaying()), true);
    assert.ok((await page.evaluate(() => window.playground.state().timeMs)) > timeMs);
    await page.evaluate(() => window.playground.pause());

    // A fresh cluster keeps every rule and has no violation.
    await page.evaluate(() => window.playground.reset({ seed: 7, servers: 3 }));
    await nextFrames(page);
    assert.equal(await vote.isChecked(), false);
    assert.equal(await banner.isVisible(), false);
    assert.match(await panel.locator('[data-part="count"]').textContent(), /correct Raft/);

    // Again, with the rule broken by script in the same task as the run (the panel has not
    // drawn it yet), and this time the banner is dismissed: the run stays paused until Play.
    await page.evaluate(() => window.playground.setBrokenRules({ voteWithoutLogCheck: true }));
    await runScenario();
    await banner.waitFor({ state: 'visible', timeout: 20_000 });
    assert.match(await banner.locator('[data-part="rules"]').textContent(), /Vote without the log check/);
    await banner.getByRole('button', { name: 'Dismiss' }).click();
    await banner.waitFor({ state: 'hidden' });
    assert.equal(await page.evaluate(() => window.playground.isPlaying()), false);
    await page.getByRole('button', { name: 'Play' }).click();
    await page.waitForTimeout(300);
    assert.equal(await page.evaluate(() => window.playground.isPlaying()), true);
    assert.equal(await banner.isVisible(), false);
    await page.evaluate(() => window.playground.pause());

    // Seeking after the dismissed violation does not bring the banner back; going back before
    // it and past it again does; back before it, the banner goes.
    const violationMs = await page.evaluate(() => window.playground.state().violation.timeMs);
    await page.evaluate((ms) => window.playground.seek(ms + 50), violationMs);
    await nextFrames(page);
    assert.equal(await banner.isVisible(), false, 'a seek that stays after it: still dismissed');
    await page.evaluate((ms) => window.playground.seek(ms - 100), violationMs);
    await nextFrames(page);
    assert.equal(await page.evaluate(() => window.playground.state().violation), null);
    assert.equal(await banner.isVisible(), false, 'before the violation, no banner');
    await page.evaluate((ms) => window.playground.seek(ms + 1), violationMs);
    await banner.waitFor({ state: 'visible', timeout: 5_000 }); // passed again: reported again
    await page.evaluate((ms) => window.playground.seek(ms - 100), violationMs);
    await nextFrames(page);
    assert.equal(await banner.isVisible(), false, 'before the violation again, no banner');

    // The rule restored after the violation: the banner still names the rule broken when it
    // happened (not "no rule was switched off").
    await page.evaluate((ms) => window.playground.seek(ms + 1), violationMs);
    await banner.waitFor({ state: 'visible', timeout: 5_000 });
    await banner.getByRole('button', { name: 'Dismiss' }).click();
    await page.evaluate(() => window.playground.setBrokenRules({ voteWithoutLogCheck: false }));
    await page.evaluate((ms) => window.playground.seek(ms - 100), violationMs);
    await nextFrames(page);
    await page.evaluate((ms) => window.playground.seek(ms + 1), violationMs);
    await banner.waitFor({ state: 'visible', timeout: 5_000 });
    assert.equal(await page.evaluate(() => window.playground.brokenRules().voteWithoutLogCheck), false);
    assert.match(await banner.locator('[data-part="rules"]').textContent(), /Vote without the log check/);
    assertNoErrors(errors);
    await page.close();
  });

  it('the layout stays readable at 1280×900 and 400 px wide, nothing overlapping', async () => {
    const { page, errors } = await open('seed=4');
    await advanceUntil(page, hasLeader, { maxMs: 2000 });
    await nextFrames(page);
    const boxes = await page.evaluate(() =>
      ['.stage', '#network', '#break-raft', '#panel', '.log-section'].map((selector) => {
        const r = document.querySelector(selector).getBoundingClientRect();
        return { selector, left: r.left, right: r.right, top: r.top, bottom: r.bottom };
      }),
    );
    for (let i = 0; i < boxes.length; i += 1) {
      assert.ok(boxes[i].right <= 1280, `${boxes[i].selector} fits the width`);
      for (let j = i + 1; j < boxes.length; j += 1) {
        const a = boxes[i];
        const b = boxes[j];
        const overlap = a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1;
        assert.ok(!overlap, `${a.selector} and ${b.selector} overlap`);
      }
    }
    // At 1280×900 the ring, the network sliders and the five switches are all on screen.
    const lastSwitch = await page.getByRole('switch', { name: 'Commit beyond what was verified' }).boundingBox();
    assert.ok(lastSwitch.y + lastSwitch.height <= 900, `the last switch is at ${lastSwitch.y}`);
    const breakPanel = await page.locator('#break-raft').boundingBox();
    assert.ok(lastSwitch.y + lastSwitch.height <= breakPanel.y + breakPanel.height, 'the last switch is inside its panel');
    await page.screenshot({ path: `${screenshots}faults-wide.png` });

    await page.setViewportSize({ width: 400, height: 900 });
    await nextFrames(page);
    const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
    assert.ok(widths.scroll <= widths.inner, `no sideways scrolling at 400 px: ${JSON.stringify(widths)}`);
    await page.screenshot({ path: `${screenshots}faults-narrow.png`, fullPage: true });
    assertNoErrors(errors);
    await page.close();
  });

  it('stays within the frame budget with a partition, loss and duplication', async () => {
    const { page, errors } = await open('seed=8&servers=7');
    await advanceUntil(page, hasLeader, { maxMs: 2000 });
    await page.evaluate(() => {
      const pg = window.playground;
      pg.partition([[1, 2, 3, 4], [5, 6, 7]]);
      pg.cut(1, 2, { oneWay: true });
      pg.setNetwork({ lossRate: 0.1, duplicateRate: 0.1, longDelayRate: 0.05 });
      pg.setSpeed(1);
      pg.resetFrameStats();
      pg.play();
      let n = 0;
      window.__load = setInterval(() => pg.request(`set load ${(n += 1)}`), 20);
    });
    await page.waitForTimeout(2500);
    const stats = await page.evaluate(() => {
      clearInterval(window.__load);
      window.playground.pause();
      return window.playground.frameStats();
    });
    console.log(`frame cost with faults at 7 servers: ${JSON.stringify(stats)}`);
    assert.ok(stats.frames > 30, `frames were drawn (${stats.frames})`);
    assert.ok(stats.meanMs < 25, `mean frame cost ${stats.meanMs} ms`);
    assertNoErrors(errors);
    await page.close();
  });
});
