"""`course certificate`: make a learner's certificate (PDF, signed when an issuer key is set up), or check
one: a signed file on its own, or a verification code against the progress folder (course.certificate)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from course.cli.common import fail, warn

if TYPE_CHECKING:
    import argparse

    from course.certificate import Issued
    from course.content.models import Course
    from course.progress import ProgressStore


def run(args: argparse.Namespace) -> int:
    if args.verify is not None and (args.out is not None or args.learner is not None):
        return fail("certificate", "--verify checks a code; --learner and --out go with making a certificate", 2)
    if args.verify is not None:
        from course.certificate.offline import looks_like_file, verify_file

        if looks_like_file(args.verify):  # a signed certificate checks out on its own: no course, no progress
            checked_file = verify_file(Path(args.verify))
            print(checked_file.message, file=sys.stdout if checked_file.valid else sys.stderr)
            return 0 if checked_file.valid else 1
    opened = _open(args)
    if isinstance(opened, int):
        return opened
    course, store = opened
    if args.verify is not None:
        return _verify_code(course, store, args.verify)
    return _make(args, course, store)


def _open(args: argparse.Namespace) -> tuple[Course, ProgressStore] | int:
    """The course and its progress folder, or the exit status once what is wrong is said."""
    from course.content import load_course
    from course.locations import content_dir, progress_dir
    from course.progress import ProgressStore

    root = content_dir(args.content)
    if not root.is_dir():
        return fail("certificate", f"{root}: no such folder", 2)
    course = load_course(root)
    return course, ProgressStore(progress_dir(course.root, course.id, args.progress), course.id)


def _verify_code(course: Course, store: ProgressStore, code: str) -> int:
    from course.certificate import verify

    try:
        checked = verify(course, store.root, code)
    except ValueError as error:
        return fail("certificate", error, 2)
    print(checked.message, file=sys.stdout if checked.valid else sys.stderr)
    return 0 if checked.valid else 1


def certificate_learner(store: ProgressStore, given: str | None) -> str:
    """The learner to make the certificate of, as `course` would open them; ValueError says why there is none."""
    from course.progress import read_last_learner, validate_learner_name

    known = store.learners()
    name = given or read_last_learner(store.root) or (known[0] if len(known) == 1 else None)
    listed = ", ".join(known) or "none yet"
    if name is None:
        raise ValueError(f"which learner? give --learner NAME (learners in {store.root}: {listed})")
    found = store.find(name)  # by the naming rule, as `course` opens them; InvalidLearnerName is a ValueError
    if found is None:
        raise ValueError(f"no learner {validate_learner_name(name)!r} in {store.root} (learners: {listed})")
    return found


def _make(args: argparse.Namespace, course: Course, store: ProgressStore) -> int:
    from course.certificate import CertificateError, NotYet, default_file_name, issue
    from course.progress import FutureFormatError, ProgressSaveError

    try:
        progress = store.open(certificate_learner(store, args.learner))
        out = Path(args.out) if args.out else Path(default_file_name(course, progress.name))
        issued = issue(course, progress, out)
    except ValueError as error:
        return fail("certificate", error, 2)
    except (CertificateError, ProgressSaveError, FutureFormatError) as error:
        return fail("certificate", error, 1)
    if isinstance(issued, NotYet):
        return fail("certificate", f"no certificate yet for {progress.name}. {issued}", 1)
    _say_made(issued)
    return 0


def _say_made(issued: Issued) -> None:
    if issued.missing:
        warn(f"the certificate's font has no glyph for {' '.join(issued.missing)}; they are left blank")
    text = issued.text
    print(f"{issued.path}: certificate of {text.learner} for “{text.course_title}”, final exam {text.score:.0%}, "
          f"verification code {text.code}")
    if issued.signed:
        print(f"{issued.jwt_path}: signed Open Badges 3.0 credential by {text.issuer} (also attached to the PDF); "
              f"{issued.json_path}: what it says. Check it: course certificate --verify {issued.path}")
    else:
        warn("not signed: no issuer key is set up (`course issuer init --name NAME --url URL`), so the "
             "certificate says it is not signed and only the progress folder can confirm its code")
