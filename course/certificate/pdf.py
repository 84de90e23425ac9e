"""The certificate as a one-page landscape PDF (fpdf2), written in DejaVu Sans, a Unicode TrueType font
shipped in course/certificate/fonts (licence beside it), so that names in Latin, Greek, Cyrillic, Arabic,
Hebrew and the other scripts it covers render as written; text is shaped with HarfBuzz (uharfbuzz), which
joins Arabic letters and lays right-to-left scripts out right to left."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from course.certificate.fallback import FontFile, choose_fallbacks

if TYPE_CHECKING:
    from fpdf import FPDF

# fpdf2 logs the characters a font lacks; render_pdf returns them for the caller to say instead (a logged
# line would land on the terminal, under the learner app).
logging.getLogger("fpdf").addHandler(logging.NullHandler())

FONTS = Path(__file__).resolve().parent / "fonts"
FONT = "DejaVu"
_PAGE_WIDTH = 297.0  # A4 landscape, mm
_MARGIN = 25.0


@dataclass(frozen=True)
class CertificateText:
    """What a certificate says."""

    course_title: str
    learner: str
    exam_title: str
    score: float  # 0..1, worked out again from the exam's answers
    passed_on: datetime
    code: str
    issuer: str | None = None  # "Name (https://...)" of who signed it; None: not signed
    credential: bytes | None = None  # the signed credential (compact JWS), attached to the PDF
    pdf_name: str = "FILE.pdf"  # the file name the learner is told to check


def long_date(when: datetime) -> str:
    """`29 November 2026` (month names in English, whatever the locale)."""
    months = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
              "November", "December")
    return f"{when.day} {months[when.month - 1]} {when.year}"


def verify_command(code: str) -> str:
    return f"course certificate --verify {code}"


CREDENTIAL_ATTACHMENT = "credential.jwt"


@dataclass(frozen=True)
class Rendered:
    pdf: bytes
    missing: list[str]  # characters of the name or titles the font has no glyph for: they print as blanks


def render_pdf(text: CertificateText) -> Rendered:
    """The certificate: one A4 landscape page."""
    from fpdf import FPDF

    pdf = FPDF(orientation="landscape", unit="mm", format="A4")
    pdf.set_creation_date(text.passed_on)
    pdf.set_title(f"Certificate: {text.course_title}")
    pdf.set_subject(f"{text.learner} completed {text.course_title}")
    pdf.set_creator("course")
    pdf.set_auto_page_break(auto=False)
    pdf.set_margins(_MARGIN, _MARGIN, _MARGIN)
    pdf.add_font(FONT, "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font(FONT, "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    pdf.set_text_shaping(True)  # HarfBuzz: Arabic letters joined, right-to-left scripts laid out right to left
    said = text.learner + text.course_title + text.exam_title
    missing = sorted({ch for ch in said if not ch.isspace() and ord(ch) not in _cmap(pdf, FONT)})
    if missing:
        missing = _fallbacks(pdf, missing)
    pdf.add_page()
    width = _PAGE_WIDTH - 2 * _MARGIN

    pdf.set_draw_color(40, 70, 120)
    pdf.set_line_width(1.2)
    pdf.rect(10, 10, _PAGE_WIDTH - 20, 210 - 20)
    pdf.set_line_width(0.3)
    pdf.rect(13, 13, _PAGE_WIDTH - 26, 210 - 26)

    def line(words: str, size: float, style: str = "", gap: float = 4.0, fit: bool = False) -> None:
        if fit:  # a long name or title is made smaller to stay on one line, down to a floor, then wraps
            while size > 14 and _width(pdf, words, style, size) > width:
                size -= 1
        pdf.set_font(FONT, style, size)
        pdf.multi_cell(width, size * 0.5, words, align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(gap)

    pdf.set_y(30)
    pdf.set_text_color(40, 70, 120)
    line("Certificate of completion", 30, "B", gap=10)
    pdf.set_text_color(0, 0, 0)
    line("This certifies that", 14)
    line(text.learner, 28, "B", gap=6, fit=True)
    line("has completed the course", 14)
    line(text.course_title, 22, "B", gap=8, fit=True)
    line(f"and passed its final exam, “{text.exam_title}”, with a score of {text.score:.0%}", 13, gap=2)
    line(f"on {long_date(text.passed_on)}.", 13, gap=0)

    pdf.set_y(150)
    if text.issuer is not None and text.credential is not None:
        line(f"Issued by {text.issuer}", 13, "B", gap=3)
        pdf.set_text_color(70, 70, 70)
        line(f"A signed Open Badges 3.0 credential is attached ({CREDENTIAL_ATTACHMENT}). Anyone can check it, "
             "without the course's records:", 10, gap=1)
        line(f"course certificate --verify {text.pdf_name}", 10, "B", gap=3)
        line(f"Verification code: {text.code}   (in the course's own records: {verify_command(text.code)})", 9,
             gap=0)
        pdf.embed_file(bytes=text.credential, basename=CREDENTIAL_ATTACHMENT, modification_date=text.passed_on,
                       mime_type="application/jwt", desc="Signed Open Badges 3.0 credential (compact JWS)")
    else:
        pdf.set_text_color(150, 30, 30)
        line("NOT SIGNED: no issuer key was set up, so this certificate carries no digital signature.", 12, "B",
             gap=3)
        pdf.set_text_color(70, 70, 70)
        line(f"Verification code: {text.code}. Only the course's own records can confirm it: "
             f"{verify_command(text.code)}", 10, gap=0)
    return Rendered(bytes(pdf.output()), missing)


def _cmap(pdf: FPDF, family: str) -> Mapping[int, object]:
    from fpdf.fonts import TTFFont

    font = pdf.fonts.get(family.lower())
    return font.cmap if isinstance(font, TTFFont) else {}


def _fallbacks(pdf: FPDF, missing: list[str]) -> list[str]:
    """Fonts of this computer for the characters DejaVu Sans lacks, set as fpdf2's fallback fonts (for
    bold text too); returns the characters still missing."""
    families: list[str] = []

    def add(font: FontFile) -> set[str] | None:
        family = f"fallback-{Path(font[0]).stem}-{font[1]}"
        try:
            pdf.add_font(family, "", font[0], collection_font_number=font[1])
        except Exception:  # a font fpdf2 cannot read (fontTools raises many kinds of error): try the next one
            return None
        has = {ch for ch in missing if ord(ch) in _cmap(pdf, family)}
        if has:
            families.append(family)
        return has

    left = choose_fallbacks(missing, add)
    if families:
        pdf.set_fallback_fonts(families, exact_match=False)
    return left


def _width(pdf: FPDF, words: str, style: str, size: float) -> float:
    pdf.set_font(FONT, style, size)
    return float(pdf.get_string_width(words))
