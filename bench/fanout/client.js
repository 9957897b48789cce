// Fan-out load client for bench/fanout.sh (issue 3, item 4).
//
//   node client.js --url http://127.0.0.1:8089 --article SLUG --sockets 10000 --probe-secs 15 \
//                  --ready-file ready.json --out result.json [--per-process 9000] [--no-deflate] [--go]
//
// 1. Forks one worker (sockets.js) per --per-process sockets and opens --sockets websockets on
//    /ws/stats?article=SLUG, every one a distinct visitor. Writes --ready-file when all are open and
//    have had their first frame.
// 2. Waits for SIGUSR1 (or starts at once with --go): the script measures memory in between and then
//    starts wrk together with the probes.
// 3. Probes: every --probe-ms it views the article itself (GET /articles/SLUG as a new visitor), notes
//    the send time t0 and the count N the page shows, which includes this view.
// 4. Afterwards every worker reports, for each (probe, socket), when that socket first got a frame
//    with views >= N; --out gets the percentiles of (frame time - t0) over all pairs.
'use strict';
const { fork } = require('child_process');
const fs = require('fs');
const http = require('http');
const path = require('path');

const now = () => Number(process.hrtime.bigint()) / 1e6; // CLOCK_MONOTONIC, shared with the workers
const UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36';

const args = parseArgs(process.argv.slice(2), {
  url: 'http://127.0.0.1:8089', article: '', sockets: 1000, 'per-process': 9000, concurrency: 100,
  // Not a divisor of the 1 s push interval: probes fall at every phase of the server's tick, so the
  // distribution covers "just missed a tick" as well as "just before one".
  'probe-ms': 730, 'probe-secs': 10, 'probe-offset': 0, 'push-interval-ms': 1000,
  'handshake-timeout-ms': 15000, 'ready-file': '', out: '', deflate: true, go: false,
});

async function main() {
  const base = new URL(args.url);
  const wsUrl = `ws://${base.host}/ws/stats?article=${encodeURIComponent(args.article)}`;
  const workerCount = Math.max(1, Math.ceil(args.sockets / args['per-process']));
  const workers = [];
  for (let w = 0; w < workerCount; w++) {
    const first = Math.floor((args.sockets * w) / workerCount);
    const count = Math.floor((args.sockets * (w + 1)) / workerCount) - first;
    const child = fork(path.join(__dirname, 'sockets.js'), [], { serialization: 'advanced' });
    workers.push(child);
    child.send({
      type: 'open', wsUrl, origin: `${base.protocol}//${base.host}`, userAgent: UA, count, firstIndex: first,
      concurrency: args.concurrency, handshakeTimeoutMs: args['handshake-timeout-ms'],
      pushIntervalMs: args['push-interval-ms'], deflate: args.deflate,
    });
  }
  const stop = () => { workers.forEach((c) => c.kill()); process.exit(1); };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);

  const openStart = now();
  const opened = await Promise.all(workers.map((c) => reply(c, 'opened')));
  const failures = {};
  opened.forEach((o) => Object.entries(o.failures).forEach(([k, v]) => { failures[k] = (failures[k] || 0) + v; }));
  const ready = {
    requested: args.sockets,
    opened: opened.reduce((n, o) => n + o.ok, 0),
    withoutFirstFrame: opened.reduce((n, o) => n + o.withoutFirstFrame, 0),
    failures,
    openSeconds: round((now() - openStart) / 1000, 1),
    firstFrameMs: percentiles(opened.flatMap((o) => o.firstFrameMs)),
    extensions: opened.map((o) => o.extensions).find((e) => e) || '(none)',
    workers: workerCount,
    workerPids: workers.map((c) => c.pid),
  };
  log(`open: ${ready.opened}/${ready.requested} in ${ready.openSeconds} s, failures ${JSON.stringify(failures)}, ` +
    `first frame p99 ${ready.firstFrameMs.p99} ms, extensions: ${ready.extensions}`);
  if (args['ready-file']) fs.writeFileSync(args['ready-file'], JSON.stringify(ready, null, 1));

  if (!args.go) await new Promise((r) => process.once('SIGUSR1', r));
  workers.forEach((c) => c.send({ type: 'measure' }));
  const probes = await probe(base);
  workers.forEach((c) => c.send({ type: 'probes-done' }));
  // The last probe's frame is due within one push interval; wait two, plus slack, before judging.
  await sleep(2 * args['push-interval-ms'] + 2000);

  workers.forEach((c) => c.send({ type: 'results', probes }));
  const parts = await Promise.all(workers.map((c) => reply(c, 'results')));
  const latencies = parts.flatMap((p) => p.latencies);
  // Per probe, the first and the last socket to show it: the first is about the wait for the next
  // tick; last - first is how long one tick takes to reach every socket (server writes + client reads).
  const first = probes.map((_, j) => Math.min(...parts.map((p) => p.firstPerProbe[j])));
  const spread = probes.map((_, j) => Math.max(...parts.map((p) => p.lastPerProbe[j])) - first[j]).filter(Number.isFinite);
  const wallSeconds = parts[0].wallMs / 1000;
  const frames = parts.reduce((n, p) => n + p.frames, 0);
  const result = {
    ...ready,
    probes: probes.length,
    probeErrors,
    probeResponseMs: percentiles(probes.map((p) => p.responseMs)),
    pairs: latencies.length + parts.reduce((n, p) => n + p.missing, 0),
    missing: parts.reduce((n, p) => n + p.missing, 0),
    latencyMs: percentiles(latencies),
    firstSocketMs: percentiles(first.filter(Number.isFinite)),
    tickSpreadMs: percentiles(spread),
    framesPerSecond: round(frames / wallSeconds, 0),
    framesPerSocketPerSecond: ready.opened ? round(frames / wallSeconds / ready.opened, 3) : 0,
    earlyFrames: parts.reduce((n, p) => n + p.earlyFrames, 0),
    badFrames: parts.reduce((n, p) => n + p.badFrames, 0),
    droppedByServer: parts.reduce((n, p) => n + p.droppedByServer, 0),
    // The worst worker's; its timer resolution (10 ms) is included.
    clientLoopDelayP99Ms: round(Math.max(...parts.map((p) => p.loopDelayP99Ms)), 1),
    clientCpuPercent: round((parts.reduce((n, p) => n + p.cpuMs, 0) / parts[0].wallMs) * 100, 1),
  };
  log(`probes ${result.probes}, pairs ${result.pairs} (missing ${result.missing}), view->frame ms ` +
    `p50 ${result.latencyMs.p50} p90 ${result.latencyMs.p90} p99 ${result.latencyMs.p99} max ${result.latencyMs.max}, ` +
    `first socket p50 ${result.firstSocketMs.p50}, tick spread p50 ${result.tickSpreadMs.p50} max ${result.tickSpreadMs.max}, ` +
    `${result.framesPerSecond} frames/s, early ${result.earlyFrames}, bad ${result.badFrames}, dropped ${result.droppedByServer}, ` +
    `client CPU ${result.clientCpuPercent}% of one core, event-loop delay p99 ${result.clientLoopDelayP99Ms} ms`);
  if (args.out) fs.writeFileSync(args.out, JSON.stringify(result, null, 1));
  workers.forEach((c) => c.send({ type: 'close' }));
  await Promise.all(workers.map((c) => new Promise((r) => c.once('exit', r))));
}

async function probe(base) {
  const probes = [];
  const end = now() + args['probe-secs'] * 1000;
  // Stops on time even when probes are slow (at the limits each one may wait for its timeout).
  for (let k = 0, due = now(); due < end && now() < end; k++, due += args['probe-ms']) {
    await sleep(due - now());
    // A new visitor for every probe (the server ignores a reload within its de-duplication window);
    // --probe-offset keeps addresses unique across the runs of one server.
    const v = args['probe-offset'] + k;
    const address = `10.${128 + ((v >> 16) & 127)}.${(v >> 8) & 255}.${v & 255}`;
    const sentAt = now();
    let html;
    try {
      html = await get(`${base.origin}/articles/${encodeURIComponent(args.article)}`, { 'X-Forwarded-For': address, 'User-Agent': UA });
    } catch (err) {
      // At the limits (the ramp) a probe may fail; count it rather than lose the whole step.
      probeErrors[err.code || err.message] = (probeErrors[err.code || err.message] || 0) + 1;
      continue;
    }
    const match = /data-counter="views">([\d.]+)</.exec(html);
    if (!match) throw new Error(`no data-counter="views" in the article page: ${html.slice(0, 200)}`);
    // Vietnamese thousands separator: "12.345" is twelve thousand.
    probes.push({ sentAt, views: Number(match[1].replace(/\./g, '')), responseMs: now() - sentAt });
  }
  return probes;
}
const probeErrors = {};

function get(url, headers) {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers, agent: false, timeout: 10000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => { body += c; });
      res.on('end', () => (res.statusCode === 200 ? resolve(body) : reject(new Error(`HTTP ${res.statusCode}`))));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
  });
}

function reply(child, type) {
  return new Promise((resolve, reject) => {
    const onMessage = (m) => { if (m.type === type) { child.off('message', onMessage); resolve(m); } };
    child.on('message', onMessage);
    child.once('exit', (code) => reject(new Error(`worker ${child.pid} exited (${code}) before '${type}'`)));
  });
}

function percentiles(values) {
  if (values.length === 0) return { n: 0, p50: null, p90: null, p99: null, max: null };
  const sorted = Float64Array.from(values).sort();
  const at = (p) => round(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)], 1);
  return { n: sorted.length, p50: at(50), p90: at(90), p99: at(99), max: round(sorted[sorted.length - 1], 1) };
}

function parseArgs(argv, defaults) {
  const out = { ...defaults };
  for (let i = 0; i < argv.length; i++) {
    const key = argv[i].replace(/^--/, '');
    if (key.startsWith('no-') && typeof defaults[key.slice(3)] === 'boolean') out[key.slice(3)] = false;
    else if (typeof defaults[key] === 'boolean') out[key] = true;
    else if (key in defaults) out[key] = typeof defaults[key] === 'number' ? Number(argv[++i]) : argv[++i];
    else throw new Error(`unknown option --${key}`);
  }
  return out;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, Math.max(0, ms)));
const round = (x, digits) => Math.round(x * 10 ** digits) / 10 ** digits;
const log = (line) => process.stderr.write(`[fanout] ${line}\n`);

main().catch((err) => { log(err.stack || String(err)); process.exit(1); });
