#!/usr/bin/env python3
"""Times GET /api/leads (status filter + search + keyset paging) directly and through the gateway.

Sequential requests on one keep-alive connection per target, so the figures are server latency
plus loopback, not client queueing. Prints p50/p95/mean per scenario and the gateway/direct ratio.
"""
import http.client
import json
import statistics
import sys
import time
import urllib.parse

SCENARIOS = [
    ("retry + 'smith', first page", "status=retry&search=smith&limit=50"),
    ("completed + 'bell labs', first page", "status=completed&search=bell%20labs&limit=50"),
    ("failed + 'kowalski', by name", "status=failed&search=kowalski&sort=name&limit=50"),
    ("pending + phone digits '4242'", "status=pending&search=4242&limit=50"),
    ("pending + 'ada', oldest first", "status=pending&search=ada&sort=createdAt&limit=50"),
]
PAGES = 10  # each scenario follows nextCursor this many pages per round


def target(url, api_key):
    parsed = urllib.parse.urlparse(url)
    connection = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=30)
    headers = {"X-Api-Key": api_key} if api_key else {}

    def get(path):
        started = time.perf_counter()
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        body = response.read()
        elapsed = (time.perf_counter() - started) * 1000
        if response.status != 200:
            raise SystemExit(f"GET {path}: {response.status} {body[:300]!r}")
        return elapsed, json.loads(body)

    return get


def run(get, query, rounds):
    first_pages, later_pages, rows = [], [], 0
    for _ in range(rounds):
        cursor = None
        for page in range(PAGES):
            path = "/api/leads?" + query + (f"&cursor={urllib.parse.quote(cursor)}" if cursor else "")
            elapsed, body = get(path)
            (first_pages if page == 0 else later_pages).append(elapsed)
            rows += len(body["items"])
            cursor = body.get("nextCursor")
            if not cursor:
                break
    return first_pages, later_pages, rows


def pct(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main():
    direct, gateway, api_key, rounds = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]) if len(sys.argv) > 4 else 20
    targets = {"direct": target(direct, None), "gateway": target(gateway, api_key)}
    for get in targets.values():  # warm up: JIT, pools, plans, cache
        for _, query in SCENARIOS:
            run(get, query, 2)

    print(f"{'scenario':40} {'via':8} {'n':>5} {'p50 ms':>8} {'p95 ms':>8} {'mean':>8}")
    totals = {name: [] for name in targets}
    for label, query in SCENARIOS:
        for name, get in targets.items():
            first, later, rows = run(get, query, rounds)
            samples = first + later
            totals[name].extend(samples)
            print(f"{label:40} {name:8} {len(samples):5} {pct(samples, 50):8.1f} {pct(samples, 95):8.1f} {statistics.mean(samples):8.1f}"
                  f"   (first page p95 {pct(first, 95):.1f}, later pages p95 {pct(later, 95) if later else float('nan'):.1f}, {rows} rows)")
    print()
    for name, samples in totals.items():
        print(f"ALL {name:8} n={len(samples)} p50={pct(samples, 50):.1f} ms p95={pct(samples, 95):.1f} ms")
    d50, d95 = pct(totals['direct'], 50), pct(totals['direct'], 95)
    g50, g95 = pct(totals['gateway'], 50), pct(totals['gateway'], 95)
    print(f"gateway/direct: p50 x{g50 / d50:.2f}, p95 x{g95 / d95:.2f}; goal p95 <= 50 ms: "
          f"{'met' if max(d95, g95) <= 50 else 'NOT met'}")


if __name__ == "__main__":
    main()
