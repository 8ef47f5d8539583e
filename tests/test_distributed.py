"""The sharded check on a real Dask cluster of two worker processes: the report one process makes."""

import datetime as dt

import pytest
from test_cli import EXAMPLE, KUANGQU
from test_shards import AS_OF, across_counties, broken, shard_per_locality  # noqa: F401 (autouse)

from compliance import check, load_dataset
from compliance.load_summary import LoadError
from compliance.loading import load

distributed = pytest.importorskip("distributed", reason="dask[distributed] is in the test extra")

from compliance.distributed import check_on_dask  # noqa: E402


@pytest.fixture(scope="module")
def client():
    with distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None) as cluster:
        with distributed.Client(cluster) as client:
            yield client


@pytest.fixture(scope="module")
def counties(tmp_path_factory):
    return across_counties(tmp_path_factory.mktemp("counties") / "data")


@pytest.mark.parametrize("as_of", AS_OF, ids=str)
def test_the_example_district(client, as_of, tmp_path):
    report, _ = check_on_dask(client, EXAMPLE, KUANGQU, as_of, directory=tmp_path)
    assert report == check(load_dataset(EXAMPLE), KUANGQU, as_of)


def test_officers_across_counties(client, counties, tmp_path):
    report, summary = check_on_dask(client, counties, KUANGQU, dt.date(2025, 3, 1), directory=tmp_path)
    dataset, loaded = load(counties)
    assert report == check(dataset, KUANGQU, dt.date(2025, 3, 1))
    assert summary == loaded
    assert list(tmp_path.iterdir()) == []  # the shards are removed


def test_bad_input(client, counties, tmp_path):
    data = broken(counties)
    with pytest.raises(LoadError) as one:
        load(data)
    with pytest.raises(LoadError) as sharded:
        check_on_dask(client, data, KUANGQU, dt.date(2025, 3, 1), directory=tmp_path)
    assert set(sharded.value.problems) == set(one.value.problems)
