"""The body of scripts/bench-scale: starts npm's example MCP server and the gateway(s),
stores 1,000 tools, measures, prints one table. Every server gets a port of its own
choosing (the gateway with --listen :0, Node through serve_on_bound_ports.py)."""
import concurrent.futures
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request

KEY = "bench-key"
SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
EXAMPLE = "e2e/node_modules/@modelcontextprotocol/sdk/dist/esm/examples/server/simpleStreamableHttp.js"
work = tempfile.mkdtemp(prefix="pb-bench-")
children = []


def start(cmd, env=None, log="log"):
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=open(os.path.join(work, log), "w"), text=True,
                         env={**os.environ, **(env or {})})
    children.append(p)
    return p


def gateway(name, database=None):
    """A release gateway on a port of its own; its base URL."""
    cmd = ["./target/release/patchbay-gateway", "--listen", "127.0.0.1:0", "--data-dir",
           os.path.join(work, "data"), "--api-key", KEY]
    if database:
        cmd += ["--database-url", database]
    p = start(cmd, env={"RUST_LOG": "warn"}, log=f"{name}.log")
    line = p.stdout.readline()
    m = re.match(r"listening on (http://\S+)", line)
    if not m:
        sys.exit(f"bench: the gateway did not start: {line!r}; see {work}/{name}.log")
    return m.group(1), p


def call(method, url, body=None):
    req = urllib.request.Request(url, method=method, data=json.dumps(body).encode() if body else None,
                                 headers={"Authorization": KEY, "content-type": "application/json"})
    with urllib.request.urlopen(req, timeout=60) as r:
        return json.loads(r.read())


def populate(base, mcp_url, n=1000):
    def one(i):
        return call("POST", f"{base}/v1/flow/tools", {
            "type": "mcp_connector", "name": f"Bench {i:04d}", "config": {"URL": mcp_url},
            "description": "Use this tool to greet people. Invoke it when the user asks for a greeting."})["id"]
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        ids = list(pool.map(one, range(n)))
    agent = call("POST", f"{base}/v2/flow/agents/create",
                 {"name": "Bench agent", "instructions": "Greet.", "model_id": "m", "tool_ids": [ids[0]]})
    token = call("POST", f"{base}/v2/flow/agents/{agent['id']}/tokens", {"name": "bench"})["token"]
    tools = call("GET", f"{base}/v2/flow/agents/{agent['id']}/mcp/tools")["tools"]
    greet = next(t["name"] for t in tools if t["upstream_name"] == "greet")
    return agent["id"], token, greet


def wrk(url):
    # A first, unmeasured round: the first read after a change builds the cached answer.
    subprocess.run(["wrk", "-t2", "-c10", "-d2s", "-H", f"Authorization: {KEY}", url], capture_output=True, check=True)
    out = subprocess.run(["wrk", "-t2", "-c10", f"-d{SECONDS}s", "--latency", "-H", f"Authorization: {KEY}", url],
                         capture_output=True, text=True, check=True).stdout
    def ms(label):
        m = re.search(rf"^\s+{label}\s+([\d.]+)(us|ms|s)", out, re.M)
        v = float(m.group(1))
        return v / 1000 if m.group(2) == "us" else v * 1000 if m.group(2) == "s" else v
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    return ms("50%"), ms("99%"), rps


def rebuild_ms(base):
    """One read right after a change: the list built afresh (the cached answer is stale)."""
    first = call("GET", f"{base}/v1/flow/tools?limit=1")["data"][0]
    call("PATCH", f"{base}/v1/flow/tools/{first['id']}", {"description": first["description"] + " "})
    started = time.monotonic()
    call("GET", f"{base}/v1/flow/tools?limit=1000")
    return (time.monotonic() - started) * 1000


def mcp_load(urls, token, tool, clients=50):
    """Calls/s of `clients` SDK clients, split evenly over the endpoints, run at once."""
    loaders = [subprocess.Popen(["node", "scripts/bench/mcp_load.mjs", "--url", u, "--token", token, "--tool", tool,
                                 "--phase", "concurrent", "--clients", str(clients // len(urls)),
                                 "--seconds", str(SECONDS)], stdout=subprocess.PIPE, text=True) for u in urls]
    results = [json.loads(p.communicate()[0])["concurrent"] for p in loaders]
    return sum(r["calls_per_s"] for r in results), sum(r["errors"] for r in results)


def profile(pid, url):
    """Samples the gateway's stacks while wrk loads the list; prints the heaviest frames."""
    data = os.path.join(work, "perf.data")
    rec = subprocess.Popen(["perf", "record", "-F", "499", "-g", "-p", str(pid), "-o", data],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(0.5)
    wrk(url)
    rec.send_signal(2)
    rec.wait()
    report = subprocess.run(["perf", "report", "-i", data, "--stdio", "--no-children", "--percent-limit", "2",
                             "--sort", "symbol", "-g", "none"], capture_output=True, text=True).stdout
    print("\n== Where the time goes in GET v1/flow/tools?limit=1000 (SQLite, perf samples)")
    for line in report.splitlines():
        if "%" in line and not line.startswith("#"):
            print("  " + line.strip()[:110])


def main():
    ports = os.path.join(work, "mcp.ports")
    start(["./gateway/tests/fixtures/serve_on_bound_ports.py", ports, "MCP_PORT,MCP_AUTH_PORT", EXAMPLE], log="mcp.log")
    for _ in range(100):
        if os.path.exists(ports) and "MCP_PORT=" in open(ports).read():
            break
        time.sleep(0.1)
    mcp_port = re.search(r"MCP_PORT=(\d+)", open(ports).read()).group(1)
    mcp_url = f"http://localhost:{mcp_port}/mcp"
    admin = os.environ["PATCHBAY_TEST_POSTGRES"]
    socket_dir = urllib.parse.parse_qs(urllib.parse.urlparse(admin).query)["host"][0]
    subprocess.run(["psql", f"postgresql://patchbay@/postgres?host={socket_dir}", "-qc", "CREATE DATABASE bench"],
                   check=True)
    pg_url = admin.replace("/postgres?", "/bench?")
    rows = []
    print(f"== {os.cpu_count()} cores; load average {open('/proc/loadavg').read().split()[:3]}")

    print("== SQLite: storing 1,000 tools")
    base, gw = gateway("sqlite")
    agent, token, tool = populate(base, mcp_url)
    rebuilds = [("SQLite", rebuild_ms(base))]
    rows.append(("SQLite, 1 instance", *wrk(f"{base}/v1/flow/tools?limit=1000"),
                 *mcp_load([f"{base}/v2/flow/agents/{agent}/mcp"], token, tool)))
    if "--profile" in sys.argv:
        profile(gw.pid, f"{base}/v1/flow/tools?limit=1000")
    gw.terminate()

    print("== PostgreSQL: storing 1,000 tools")
    base, gw = gateway("pg-a", pg_url)
    agent, token, tool = populate(base, mcp_url)
    rebuilds.append(("PostgreSQL", rebuild_ms(base)))
    rows.append(("PostgreSQL, 1 instance", *wrk(f"{base}/v1/flow/tools?limit=1000"),
                 *mcp_load([f"{base}/v2/flow/agents/{agent}/mcp"], token, tool)))
    base_b, _ = gateway("pg-b", pg_url)
    # Two wrk runs at once, one per instance, summed.
    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        a, b = pool.map(wrk, [f"{base}/v1/flow/tools?limit=1000", f"{base_b}/v1/flow/tools?limit=1000"])
    calls, errors = mcp_load([f"{base}/v2/flow/agents/{agent}/mcp", f"{base_b}/v2/flow/agents/{agent}/mcp"], token, tool)
    rows.append(("PostgreSQL, 2 instances", max(a[0], b[0]), max(a[1], b[1]), a[2] + b[2], calls, errors))

    print(f"\n  {'':<26}{'list p50':>10}{'list p99':>10}{'list req/s':>12}{'calls/s':>10}{'errors':>8}")
    for name, p50, p99, rps, cps, err in rows:
        print(f"  {name:<26}{p50:>8.1f}ms{p99:>8.1f}ms{rps:>12.0f}{cps:>10.0f}{err:>8}")
    for name, ms in rebuilds:
        print(f"  {name}: the first list after a change (built afresh, 1,000 tools): {ms:.0f} ms")
    sqlite_p99 = rows[0][2]
    ratio = rows[2][4] / rows[1][4] if rows[1][4] else 0
    print(f"\nSQLite p99 for the 1,000-tool list: {sqlite_p99:.1f} ms (goal: at most 10 ms) -> "
          f"{'met' if sqlite_p99 <= 10 else 'NOT met'}")
    print(f"Two instances: {ratio:.2f}x one instance's calls/s (goal: at least 1.6x) -> "
          f"{'met' if ratio >= 1.6 else 'NOT met'} (on {os.cpu_count()} cores shared with the load, "
          f"the upstream server and PostgreSQL)")


try:
    main()
finally:
    for c in children:
        c.terminate()
