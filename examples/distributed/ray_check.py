"""Check a JSON Lines directory shard by shard on a Ray cluster, and write the JSON report.

    pip install compliance ray orjson
    python ray_check.py RECORDS SHARED_TMP [--address ray://host:10001] [--as-of 2025-03-01] [-o report.json]

RECORDS and SHARED_TMP must be on a filesystem every node mounts at the same path. Without --address, Ray starts
on this machine. The sharded check needs only a way to run a function on each task of a list and give the
results in order (compliance.shards.Mapper): here one Ray task per slice of a file, then per shard.
"""

import argparse
import datetime as dt

import ray

from compliance.shards import check_sharded


@ray.remote
def _run(function, task):
    return function(task)


def ray_mapper(function, tasks):
    """Every task submitted at once; the results in the tasks' order, each as soon as it is done."""
    for ref in [_run.remote(function, task) for task in tasks]:
        yield ray.get(ref)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("records")
    parser.add_argument("shared", help="a directory every node can read and write, for the shards")
    parser.add_argument("--address", help="a running Ray cluster (default: start one here)")
    parser.add_argument("--ruleset", default="cn-shanxi-yangquan-kuangqu")
    parser.add_argument("--as-of", type=dt.date.fromisoformat)
    parser.add_argument("-o", "--output", default="report.json")
    args = parser.parse_args()
    ray.init(address=args.address)
    workers = int(ray.cluster_resources().get("CPU", 1))
    report, _ = check_sharded(args.records, args.ruleset, args.as_of, jobs=workers, mapper=ray_mapper,
                              directory=args.shared)
    with open(args.output, "w", encoding="utf-8") as out:
        out.write(report.model_dump_json(indent=2) + "\n")
    print(f"{len(report.violations)} violation(s), {len(report.warnings)} warning(s): {args.output}")
    return 1 if report.violations else 0


if __name__ == "__main__":
    raise SystemExit(main())
