"""A check as a pipeline runs it: the configured ruleset, then the waivers, the baseline and the fail level
applied to the report. The ``check`` command and the pytest plug-in both run this."""

from __future__ import annotations

from pathlib import Path

from .baseline import compare, read_baseline, write_baseline
from .config import Settings, find_config, read_config, tailor
from .engine import check
from .errors import ComplianceError
from .load_summary import LoadSummary
from .loading import load
from .packs import Packs
from .plugins import Plugins
from .progress import Progress
from .report import InputFile, LeftOutRecord, Report
from .waivers import apply_waivers, read_waivers


def load_settings(plugins: Plugins, config: Path | None = None, start: Path | None = None) -> Settings:
    """The settings of the configuration file ``config``, or of the one found from ``start`` (default: the
    current directory) upwards; the defaults if there is none."""
    file = config or find_config((start or Path.cwd()).resolve())
    return read_config(file, plugins.rules) if file else Settings()


def run_gate(settings: Settings, plugins: Plugins, *, update_baseline: bool = False,
             loading: Progress | None = None, checking: Progress | None = None) -> Report:
    """Check the settings' data against their ruleset (selected and graded as they say), and apply the waivers,
    the baseline (rewritten first if ``update_baseline``, unless the run is incomplete: a rule that raised has
    no findings to record) and the fail level to the report. ``loading`` and ``checking`` are told the progress
    of each (see :mod:`compliance.progress`)."""
    if settings.data is None:
        raise ComplianceError("no data to check: give DATA, or set `data` in the configuration")
    if settings.ruleset is None:
        raise ComplianceError("no ruleset: give --ruleset ID, or set `ruleset` in the configuration")
    if update_baseline and settings.baseline is None:
        raise ComplianceError("--update-baseline needs a baseline file: give --baseline FILE, or set `baseline`")
    ruleset = tailor(Packs(plugins).resolve(settings.ruleset), settings, plugins)
    if settings.jobs is None:
        dataset, summary = load(settings.data, encoding=settings.encoding, on_error=settings.on_error,
                                columns=settings.columns, progress=loading)
        report = check(dataset, ruleset, settings.as_of, warn_days=settings.warn_days, covers=settings.covers,
                       progress=checking)
    else:
        from .shards import check_sharded  # here: only a sharded run needs multiprocessing and the rest

        report, summary = check_sharded(settings.data, ruleset, settings.as_of, warn_days=settings.warn_days,
                                        covers=settings.covers, on_error=settings.on_error, jobs=settings.jobs)
    report = report.model_copy(update={"fail_level": settings.fail_level, **_input_record(summary)})
    if settings.waivers is not None:
        report = apply_waivers(report, read_waivers(Path(settings.waivers), plugins.rules))
    if settings.baseline is not None:
        file = Path(settings.baseline)
        if update_baseline and not report.failures:
            baseline = write_baseline(file, report)
        elif update_baseline and not file.exists():
            return report  # incomplete, and nothing to compare with
        else:
            baseline = read_baseline(file)
        report = compare(report, baseline, file)
    return report


def _input_record(summary: LoadSummary) -> dict:
    """What the report keeps of a load: the files with their counts, and every record left out, with why."""
    return {
        "inputs": [InputFile(file=f.file, sheet=f.sheet, collection=f.collection, encoding=f.encoding, read=f.read,
                             accepted=f.accepted, rejected=f.rejected) for f in summary.files],
        "left_out": [LeftOutRecord(collection=x.collection, record_id=x.record_id, file=x.file, position=x.position,
                                   reasons=[p.render("en") for p in x.problems],
                                   reasons_zh=[p.render("zh") for p in x.problems]) for x in summary.left_out],
    }
