"""The course certificate from the plain mode's map, as the app's `g` makes it."""

from __future__ import annotations

from course.plain.io import words_only
from course.plain.start import Plain
from course.progress import ProgressSaveError


def certificate_ready(plain: Plain) -> bool:
    from course.certificate import ready

    return ready(plain.course, plain.learner.summary)


def make_certificate(plain: Plain) -> None:
    """Make the learner's certificate where the app makes it and say where, or say what is left to do."""
    from course.certificate import CertificateError, NotYet, default_path, issue

    try:
        issued = issue(plain.course, plain.learner, default_path(plain.course, plain.learner))
    except CertificateError as error:
        plain.term.say(words_only(error))
        return
    except ProgressSaveError as error:
        plain.save_failed(error)
        return
    if isinstance(issued, NotYet):
        plain.term.say(f"No certificate yet. {words_only(issued)}")
        return
    signed = (f"It is signed by {issued.text.issuer}; the signed credential is attached and saved beside it as "
              f"{issued.jwt_path}." if issued.signed and issued.jwt_path is not None
              else "It is not signed: there is no issuer key on this computer.")
    plain.term.say(f"Certificate saved to {issued.path}. Its verification code is {issued.text.code}. {signed}")
