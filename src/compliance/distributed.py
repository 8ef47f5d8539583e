"""The sharded check (:mod:`compliance.shards`) on a Dask cluster: the same tasks, mapped by ``distributed``.

    from distributed import Client
    from compliance.distributed import check_on_dask

    with Client("tcp://scheduler:8786") as client:
        report, summary = check_on_dask(client, "/shared/records", "cn-shanxi-yangquan-kuangqu",
                                        directory="/shared/tmp")

This process places the departments and officers and merges the results; the workers route the slices of the
large files and check the shards. Every worker reads and writes ``directory`` (the shards), and reads the records:
a filesystem they all mount. The report is the one :func:`compliance.engine.check` gives in one process.

Dask is optional: ``pip install 'compliance[distributed]'``. Any other engine that can run a function on each item
of a list and give the results in order can do the same (:data:`compliance.shards.Mapper`); see
examples/distributed for Ray.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from .engine import DEFAULT_WARN_DAYS
from .load_summary import LoadSummary, OnError
from .packs import Ruleset
from .report import Report
from .shards import Mapper, check_sharded

if TYPE_CHECKING:
    from distributed import Client

T = TypeVar("T")
R = TypeVar("R")


def dask_mapper(client: Client) -> Mapper:
    """A :data:`~compliance.shards.Mapper` that runs each task on the client's cluster and gives the results in
    the tasks' order, each as soon as it and those before it are done."""

    def run(function: Callable[[T], R], tasks: list[T]) -> Iterator[R]:
        for future in client.map(function, tasks, pure=False):
            yield future.result()

    return run


def check_on_dask(client: Client, path: str | Path, ruleset: Ruleset | str, as_of: dt.date | None = None, *,
                  warn_days: int = DEFAULT_WARN_DAYS, on_error: OnError = "fail",
                  directory: str | Path) -> tuple[Report, LoadSummary]:
    """Check the JSON Lines directory ``path`` shard by shard on the client's cluster, the shards written under
    ``directory``, which every worker must see (see :func:`compliance.shards.check_sharded`)."""
    workers = sum(client.nthreads().values())
    return check_sharded(path, ruleset, as_of, warn_days=warn_days, on_error=on_error, jobs=max(workers, 1),
                         mapper=dask_mapper(client), directory=directory)
