"""Check a JSON Lines directory shard by shard on a Dask cluster, and write the JSON report.

    pip install 'compliance[distributed]'
    python dask_check.py RECORDS SHARED_TMP [--scheduler tcp://host:8786] [--as-of 2025-03-01] [-o report.json]

RECORDS and SHARED_TMP must be on a filesystem every worker mounts at the same path. Without --scheduler, a local
cluster of two worker processes is started, as the project's tests do.
"""

import argparse
import datetime as dt

from distributed import Client, LocalCluster

from compliance.distributed import check_on_dask


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("records")
    parser.add_argument("shared", help="a directory every worker can read and write, for the shards")
    parser.add_argument("--scheduler", help="the address of a running scheduler (default: a local cluster)")
    parser.add_argument("--ruleset", default="cn-shanxi-yangquan-kuangqu")
    parser.add_argument("--as-of", type=dt.date.fromisoformat)
    parser.add_argument("-o", "--output", default="report.json")
    args = parser.parse_args()
    cluster = None if args.scheduler else LocalCluster(n_workers=2, threads_per_worker=1, processes=True)
    with Client(args.scheduler or cluster) as client:
        report, _ = check_on_dask(client, args.records, args.ruleset, args.as_of, directory=args.shared)
    if cluster is not None:
        cluster.close()
    with open(args.output, "w", encoding="utf-8") as out:
        out.write(report.model_dump_json(indent=2) + "\n")
    print(f"{len(report.violations)} violation(s), {len(report.warnings)} warning(s): {args.output}")
    return 1 if report.violations else 0


if __name__ == "__main__":
    raise SystemExit(main())
