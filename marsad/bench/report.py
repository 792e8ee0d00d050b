"""The benchmark's table, printed."""

from __future__ import annotations


def print_table(results: dict) -> None:
    d = results["dataset"]
    print(f"\ndataset: {d['ratings']:,} ratings, {d['centers']:,} centers")
    print(f"{'interaction':<28}{'cold p50':>10}{'cold p95':>10}{'warm p50':>10}{'warm p95':>10}{'SQL':>9}{'ratio':>7}")
    for name, r in results["interactions"].items():
        print(
            f"{name:<28}{r['cold_p50_ms']:>8.0f}ms{r['cold_p95_ms']:>8.0f}ms{r['warm_p50_ms']:>8.1f}ms"
            f"{r['warm_p95_ms']:>8.1f}ms{r['sql_p50_ms']:>7.0f}ms{r['cold_over_sql'] or 0:>7.2f}"
        )
    print(f"\n{'map data':<28}{'raw':>10}{'gzip':>10}{'centers':>10}")
    for name, p in results["payload"].items():
        print(f"{name:<28}{p['raw_kb']:>8.0f}KB{p['gzip_kb']:>8.0f}KB{p['centers']:>10}")
    n = results["nearest"]
    print(f"\nnearest centers (public API, {n['requests']} points): p50 {n['p50_ms']:.0f} ms, p95 {n['p95_ms']:.0f} ms")
    for a in results["api_ingest"]:
        print(
            f"ingest through the API: {a['ratings_per_s']:,} ratings/s ({a['ratings']:,} in batches of {a['batch']:,}); "
            f"all in the rollups {a['visible_after_last_batch_s']:.2f} s after the last batch"
        )
    i = results["ingest"]
    print(f"folding stored ratings into every rollup: {i['ratings_per_s']:,} ratings/s (batch of {i['batch']:,})")
    c = results["concurrency"]
    print(
        f"{c['users']} users for {c['seconds']:.0f} s: {c['requests']:,} requests, p50 {c['p50_ms'] or 0:.0f} ms, "
        f"p95 {c['p95_ms'] or 0:.0f} ms, {c['errors']} errors {c.get('error_kinds') or ''}"
    )
    if results.get("compare"):
        other = results["compare"]
        print(
            f"\ngrowth: p95 here ({results['dataset']['ratings']:,} ratings) / p95 at "
            f"{other['dataset']['ratings']:,} ratings"
        )
        for name, r in results["interactions"].items():
            if name in other["interactions"]:
                o = other["interactions"][name]
                print(
                    f"{name:<28} cold {r['cold_p95_ms'] / o['cold_p95_ms']:>5.2f}   warm "
                    f"{r['warm_p95_ms'] / o['warm_p95_ms']:>5.2f}"
                )
