// One worker process of the fan-out load client (forked by client.js): holds its share of the
// websockets and keeps, per socket, just enough to answer "when did this socket first see views >= N?"
// afterwards. Nothing is computed per frame beyond a JSON.parse and a comparison, so the client stays
// light next to the server it shares two cores with.
'use strict';
const { monitorEventLoopDelay } = require('perf_hooks');
const WebSocket = require('ws');

const now = () => Number(process.hrtime.bigint()) / 1e6; // CLOCK_MONOTONIC: the same clock in every process

let sockets = [];
let settings;

process.on('message', (msg) => {
  if (msg.type === 'open') openAll(msg).catch((err) => { console.error(err); process.exit(1); });
  else if (msg.type === 'measure') startMeasuring();
  else if (msg.type === 'probes-done') stopMeasuring();
  else if (msg.type === 'results') process.send({ type: 'results', ...results(msg.probes) });
  else if (msg.type === 'close') closeAll();
});
// The coordinator gone (killed, crashed): drop every socket rather than linger as an orphan.
process.on('disconnect', () => process.exit(0));

let measureStart = { cpu: process.cpuUsage(), at: now() };

// Frame counts and CPU time cover the probing window only: not the opening of the sockets, nor the
// wait for the last probe's frames, when wrk has stopped and little changes.
// Event-loop delay is reported because a frame is timed when this process gets to it: a busy client
// would make the server look slower than it is.
const loopDelay = monitorEventLoopDelay({ resolution: 10 });
function startMeasuring() {
  sockets.forEach((s) => { s.frames = 0; s.early = 0; });
  measureStart = { cpu: process.cpuUsage(), at: now() };
  loopDelay.reset();
  loopDelay.enable();
}
let measured;
function stopMeasuring() {
  loopDelay.disable();
  const cpu = process.cpuUsage(measureStart.cpu);
  measured = {
    frames: sockets.reduce((n, s) => n + s.frames, 0),
    earlyFrames: sockets.reduce((n, s) => n + s.early, 0),
    cpuMs: (cpu.user + cpu.system) / 1000,
    wallMs: now() - measureStart.at,
    loopDelayP99Ms: loopDelay.percentile(99) / 1e6,
  };
}

async function openAll(msg) {
  settings = msg;
  const failures = {};
  let next = 0;
  // A bounded number of handshakes in flight: thousands of SYNs at once would overflow the server's
  // accept backlog and turn the ramp into a test of TCP retransmission timers.
  async function lane() {
    while (next < msg.count) {
      const index = msg.firstIndex + next++;
      const outcome = await openOne(index);
      if (outcome !== 'ok') failures[outcome] = (failures[outcome] || 0) + 1;
    }
  }
  await Promise.all(Array.from({ length: msg.concurrency }, lane));
  // Wait for the first frame of every open socket (the server promises it "at once").
  const deadline = now() + 10000;
  while (sockets.some((s) => s.firstFrameAt === undefined && s.ws.readyState === WebSocket.OPEN) && now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
  }
  const firstFrame = sockets.filter((s) => s.firstFrameAt !== undefined).map((s) => s.firstFrameAt - s.openedAt);
  process.send({
    type: 'opened',
    ok: sockets.length,
    withoutFirstFrame: sockets.length - firstFrame.length,
    failures,
    firstFrameMs: firstFrame,
    extensions: sockets.length ? sockets[0].ws.extensions : '',
  });
}

function openOne(index) {
  return new Promise((resolve) => {
    // Every socket is a distinct visitor, as on a real site: its own address (believed by the server
    // because 127.0.0.1 is a trusted proxy) and a browser's User-Agent; Origin is the site itself.
    const address = `10.${(index >> 16) & 255}.${(index >> 8) & 255}.${index & 255}`;
    const ws = new WebSocket(settings.wsUrl, {
      headers: { 'X-Forwarded-For': address, 'User-Agent': settings.userAgent },
      origin: settings.origin,
      handshakeTimeout: settings.handshakeTimeoutMs,
      // Browsers offer permessage-deflate on every websocket; offering it too keeps the server's
      // per-socket cost what a real reader would cause. --no-deflate turns it off for comparison.
      perMessageDeflate: settings.deflate,
    });
    const s = { ws, log: [], lastViews: -1, frames: 0, early: 0, lastFrameAt: 0 };
    let settled = false;
    const settle = (outcome) => { if (!settled) { settled = true; resolve(outcome); } };
    ws.on('open', () => {
      s.openedAt = now();
      sockets.push(s);
      settle('ok');
    });
    ws.on('message', (data) => onFrame(s, data));
    ws.on('unexpected-response', (req, res) => { settle(`HTTP ${res.statusCode}`); req.destroy(); });
    ws.on('error', (err) => settle(err.code || err.message));
    ws.on('close', (code) => {
      if (!settled) settle(`closed ${code}`);
      else if (!closing) s.closedBy = code; // the server dropped an open socket: reported in results
    });
  });
}

function onFrame(s, data) {
  const at = now();
  if (s.firstFrameAt === undefined) s.firstFrameAt = at;
  // Frames closer together than half a push interval break "at most one per interval". The frame
  // sent on connect is outside the tick, so the gap after it may be short.
  else if (s.lastFrameAt !== s.firstFrameAt && at - s.lastFrameAt < settings.pushIntervalMs / 2) s.early++;
  s.lastFrameAt = at;
  s.frames++;
  let views;
  try {
    views = JSON.parse(data).views;
  } catch {
    s.bad = (s.bad || 0) + 1;
    return;
  }
  if (typeof views !== 'number') { s.bad = (s.bad || 0) + 1; return; }
  // Only changes are kept: the first frame showing views >= N is always a change from a value < N.
  if (views !== s.lastViews) {
    s.log.push(at, views);
    s.lastViews = views;
  }
}

function results(probes) {
  // For every (probe, socket) pair: time from the probe's request to the first frame with views >= N.
  // A pair that never saw it is "missing", not silently dropped.
  const latencies = [];
  const firstPerProbe = probes.map(() => Infinity);
  const lastPerProbe = probes.map(() => -Infinity);
  let missing = 0;
  for (const s of sockets) {
    probes.forEach((p, j) => {
      let seen;
      for (let i = 0; i < s.log.length; i += 2) {
        if (s.log[i + 1] >= p.views) { seen = s.log[i]; break; }
      }
      if (seen === undefined) { missing++; return; }
      const latency = seen - p.sentAt;
      latencies.push(latency);
      firstPerProbe[j] = Math.min(firstPerProbe[j], latency);
      lastPerProbe[j] = Math.max(lastPerProbe[j], latency);
    });
  }
  return {
    latencies,
    firstPerProbe,
    lastPerProbe,
    missing,
    ...measured,
    badFrames: sockets.reduce((n, s) => n + (s.bad || 0), 0),
    droppedByServer: sockets.filter((s) => s.closedBy !== undefined).length,
  };
}

let closing = false;
function closeAll() {
  closing = true;
  // terminate(): no closing handshake to wait for; the server sees the FIN at once.
  sockets.forEach((s) => s.ws.terminate());
  setTimeout(() => process.exit(0), 200);
}
