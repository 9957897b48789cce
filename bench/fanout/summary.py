"""Turns the raw results of one bench/fanout.sh run (a folder of *.env and *-client.json) into tables."""
import json
import statistics
import sys
from pathlib import Path

folder = Path(sys.argv[1])


def histogram(path):
    """jcmd GC.class_histogram: ' num: #instances #bytes class name (module)'."""
    out = {}
    for line in path.read_text().splitlines():
        parts = line.split()
        if len(parts) >= 4 and parts[0].endswith(":") and parts[0][:-1].isdigit():
            out[parts[3]] = (int(parts[1]), int(parts[2]))
    return out


def others(path):
    """CPU % (of one core) of processes other than the server, its PostgreSQL, wrk and the client, mid-load:
    a test suite or a build running meanwhile shows here (any JVM but the server counts)."""
    if not path.exists():
        return None
    server = (folder / "server.pid").read_text().strip() if (folder / "server.pid").exists() else ""
    total = 0.0
    for line in path.read_text().splitlines()[1:]:
        parts = line.split()
        if len(parts) < 12 or parts[11] in ("wrk", "node", "postgres", "top") or parts[0] == server:
            continue
        total += float(parts[8].replace(",", "."))
    return total


def phase(name):
    env = {}
    for line in (folder / f"{name}.env").read_text().split():
        key, value = line.split("=", 1)
        env[key] = float(value) if value else 0.0
    client = json.loads((folder / f"{name}-client.json").read_text())
    n = client["opened"] or 1
    per_socket = lambda key: (env[f"open_{key}"] - env[f"before_{key}"]) / n  # KB (1 024 bytes)
    return {
        "env": env, "client": client,
        "heap": per_socket("heap_kb"), "direct": per_socket("other_kb"),
        "both": per_socket("heap_kb") + per_socket("other_kb"),
        "nmt": per_socket("nmt_kb"), "rss": per_socket("rss_kb"),
        # Server-side websocket objects still on the heap after the client closed every socket: a leak.
        "left": histogram(folder / f"{name}-after.histo.txt").get("io.vertx.core.http.impl.ServerWebSocketImpl", (0, 0))[0],
    }


def ms(x):
    return "–" if x is None else f"{x:.0f}"


def row(cells):
    return "| " + " | ".join(str(c) for c in cells) + " |"


runs = sorted((p.stem for p in folder.glob("run*.env")), key=lambda s: int(s[3:]))
ramp = sorted((p.stem for p in folder.glob("ramp*.env")), key=lambda s: int(s[4:]))
print((folder / "header.txt").read_text())

print("## Throughput and view → frame latency\n")
print(row(["run", "none req/s", "open req/s", "(3) open/none", "sockets", "probes × sockets", "missing",
           "p50 ms", "p90 ms", "(1) p99 ms", "max ms", "first socket p50 ms", "tick spread p50 ms", "frames/s",
           "early frames", "server CPU none → open", "client CPU", "machine busy none → open", "others none / open"]))
print(row(["---"] * 19))
table = []
for name in runs:
    p = phase(name)
    e, c, lat = p["env"], p["client"], p["client"]["latencyMs"]
    cells = [e["none_rps"], e["open_rps"], e["open_rps"] / e["none_rps"], c["opened"], c["pairs"], c["missing"],
             lat["p50"], lat["p90"], lat["p99"], lat["max"], c["firstSocketMs"]["p50"], c["tickSpreadMs"]["p50"],
             c["framesPerSecond"], c["earlyFrames"], e["none_cpu"], e["open_cpu"], c["clientCpuPercent"]]
    table.append(cells)
    busy = f"{e.get('none_machine', 0):.0f} % → {e.get('open_machine', 0):.0f} %"
    other = [others(folder / f"{name}-{k}.top.txt") for k in ("none", "open")]
    print(row([name[3:], f"{cells[0]:.0f}", f"{cells[1]:.0f}", f"{cells[2]:.2f}", cells[3], cells[4], cells[5],
               ms(cells[6]), ms(cells[7]), ms(cells[8]), ms(cells[9]), ms(cells[10]), ms(cells[11]),
               f"{cells[12]:.0f}", cells[13], f"{cells[14]:.0f} % → {cells[15]:.0f} %", f"{cells[16]:.0f} %", busy,
               " / ".join("–" if o is None else f"{o:.0f} %" for o in other)]))
if table:
    m = [statistics.median(r[i] for r in table if r[i] is not None) if any(r[i] is not None for r in table) else None
         for i in range(len(table[0]))]
    print(row(["**median**", f"{m[0]:.0f}", f"{m[1]:.0f}", f"**{m[2]:.2f}**", f"{m[3]:.0f}", f"{m[4]:.0f}",
               f"{m[5]:.0f}", ms(m[6]), ms(m[7]), f"**{ms(m[8])}**", ms(m[9]), ms(m[10]), ms(m[11]), f"{m[12]:.0f}",
               f"{m[13]:.0f}", f"{m[14]:.0f} % → {m[15]:.0f} %", f"{m[16]:.0f} %", "", ""]))
    none_median = m[0]
print("\nServer and client CPU in % of one core; machine busy in % of both cores. \"first socket\": per probe, the"
      " earliest socket to show it (the wait for the next tick); \"tick spread\": per probe, last socket minus first"
      " (one tick reaching every socket). \"others\": processes other than ours, mid-load (top).\n")

print("## Server memory per open socket (after a full GC; KB = 1 024 bytes)\n")
print(row(["phase", "sockets", "heap used before → open → after", "NMT Other before → open → after", "heap KB/socket",
           "direct KB/socket", "(2) heap + direct KB/socket", "NMT total KB/socket", "RSS KB/socket",
           "ServerWebSocketImpl left after close"]))
print(row(["---"] * 10))
mem = []
for name in ["warmup"] + runs:
    if not (folder / f"{name}.env").exists():
        continue
    p = phase(name)
    e = p["env"]
    if name != "warmup":
        mem.append([p["heap"], p["direct"], p["both"], p["nmt"], p["rss"], p["left"]])
    print(row([name, p["client"]["opened"],
               " → ".join(f"{e[k + '_heap_kb'] / 1024:.1f}" for k in ("before", "open", "after")) + " MB",
               " → ".join(f"{e[k + '_other_kb'] / 1024:.1f}" for k in ("before", "open", "after")) + " MB",
               f"{p['heap']:.2f}", f"{p['direct']:.2f}", f"{p['both']:.2f}", f"{p['nmt']:.2f}", f"{p['rss']:.2f}",
               p["left"]]))
if mem:
    m = [statistics.median(r[i] for r in mem) for i in range(6)]
    print(row(["**median of runs**", "", "", "", f"{m[0]:.2f}", f"{m[1]:.2f}", f"**{m[2]:.2f}**", f"{m[3]:.2f}",
               f"{m[4]:.2f}", f"{m[5]:.0f}"]))
print("\n\"warmup\" is the first time the server ever held the sockets (its pools and tables grew then);"
      " the medians leave it out.\n")

if ramp:
    print("## Ramp: more sockets until they stop opening\n")
    print(row(["sockets asked", "opened", "failures", "dropped by server", "server fds", "open s",
               "first frame p99 ms", "heap + direct KB/socket", "RSS KB/socket", "open req/s", "÷ none median",
               "p99 ms", "tick spread p50 ms", "missing", "frames/s", "server CPU", "machine busy", "others",
               "'Too many open files' lines so far"]))
    print(row(["---"] * 19))
    for name in ramp:
        p = phase(name)
        e, c = p["env"], p["client"]
        print(row([c["requested"], c["opened"], json.dumps(c["failures"]) if c["failures"] else "none",
                   c["droppedByServer"], f"{e['open_fds']:.0f}", c["openSeconds"], ms(c["firstFrameMs"]["p99"]),
                   f"{p['both']:.2f}", f"{p['rss']:.2f}", f"{e['open_rps']:.0f}",
                   f"{e['open_rps'] / none_median:.2f}" if runs else "–", ms(c["latencyMs"]["p99"]),
                   ms(c["tickSpreadMs"]["p50"]), c["missing"], f"{c['framesPerSecond']:.0f}", f"{e['open_cpu']:.0f} %",
                   f"{e.get('open_machine', 0):.0f} %", f"{others(folder / f'{name}-open.top.txt') or 0:.0f} %",
                   f"{e['too_many_files']:.0f}"]))


# Where the heap per socket goes, from the first run's histograms (before -> open).
if runs and (folder / f"{runs[0]}-open.histo.txt").exists():
    before, after = histogram(folder / f"{runs[0]}-before.histo.txt"), histogram(folder / f"{runs[0]}-open.histo.txt")
    n = phase(runs[0])["client"]["opened"] or 1
    growth = sorted(((after[c][1] - before.get(c, (0, 0))[1], after[c][0] - before.get(c, (0, 0))[0], c) for c in after),
                    reverse=True)
    print(f"\n## Heap growth by class, run {runs[0][3:]} ({n} sockets; GC.class_histogram before → open)\n")
    print(row(["class", "instances per socket", "bytes per socket"]))
    print(row(["---"] * 3))
    for size, count, cls in growth[:12]:
        print(row([f"`{cls}`", f"{count / n:.2f}", f"{size / n:.0f}"]))
    total = sum(b for _, b in after.values()) - sum(b for _, b in before.values())
    print(row(["all classes", "", f"{total / n:.0f}"]))
