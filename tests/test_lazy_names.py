"""course.lazy: a package's names read from its modules when first asked for, then kept like any other."""

from __future__ import annotations

import importlib
import subprocess
import sys

import pytest


def test_a_name_asked_for_is_read_from_its_module_and_kept_in_the_package() -> None:
    progress = importlib.import_module("course.progress")
    store = progress.ProgressStore
    assert store is importlib.import_module("course.progress.store").ProgressStore
    assert vars(progress)["ProgressStore"] is store  # kept: the next look-up is an ordinary one


def test_a_name_the_package_does_not_have_is_an_attribute_error_naming_the_package() -> None:
    lrs = importlib.import_module("course.lrs")
    with pytest.raises(AttributeError, match=r"module 'course\.lrs' has no attribute 'Nothing'"):
        _ = lrs.Nothing
    assert not hasattr(lrs, "Nothing")


@pytest.mark.parametrize(
    ("package", "not_yet"),
    [
        ("course.progress", ("course.progress.store", "course.progress.models", "pydantic")),
        ("course.lrs", ("course.lrs.client", "course.lrs.sync", "urllib.request")),
    ],
)
def test_importing_a_package_reads_none_of_its_lazy_modules(package: str, not_yet: tuple[str, ...]) -> None:
    """In a fresh interpreter: this one has imported them all already."""
    code = f"import sys, {package}; print(sorted(m for m in {not_yet!r} if m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert done.stdout.strip() == "[]"
