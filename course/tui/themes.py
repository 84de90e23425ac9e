"""The high-contrast theme and the Rich styles that make rendered Markdown match the current theme."""

from __future__ import annotations

from rich.style import Style
from rich.theme import Theme as RichTheme
from textual.theme import Theme

HIGH_CONTRAST = Theme(
    name="high-contrast",
    primary="#ffff00",
    secondary="#00ffff",
    accent="#ffffff",
    warning="#ffff00",
    error="#ff5f5f",
    success="#00ff00",
    foreground="#ffffff",
    background="#000000",
    surface="#000000",
    panel="#1c1c1c",
    boost="#303030",
    dark=True,
    variables={
        "block-cursor-background": "#ffff00",
        "block-cursor-foreground": "#000000",
        "block-cursor-text-style": "bold",
        "footer-key-foreground": "#ffff00",
        "input-selection-background": "#ffff00 40%",
        "border": "#ffffff",
        "border-blurred": "#bbbbbb",
        "text-muted": "#eeeeee",
        "scrollbar": "#bbbbbb",
    },
)

HIGH_CONTRAST_LIGHT = Theme(
    name="high-contrast-light",
    primary="#0000aa",
    secondary="#005f00",
    accent="#000000",
    warning="#5f0000",
    error="#aa0000",
    success="#005f00",
    foreground="#000000",
    background="#ffffff",
    surface="#ffffff",
    panel="#e4e4e4",
    boost="#d0d0d0",
    dark=False,
    variables={
        "block-cursor-background": "#0000aa",
        "block-cursor-foreground": "#ffffff",
        "block-cursor-text-style": "bold",
        "footer-key-foreground": "#0000aa",
        "border": "#000000",
        "text-muted": "#222222",
    },
)

THEMES = (HIGH_CONTRAST, HIGH_CONTRAST_LIGHT)


def markdown_styles(theme: Theme) -> RichTheme:
    """Rich Markdown styles drawn from a Textual theme's colours."""
    primary = theme.primary
    secondary = theme.secondary or primary
    accent = theme.accent or primary
    foreground = theme.foreground or ("#e0e0e0" if theme.dark else "#202020")
    panel = theme.panel or theme.surface or ("#202020" if theme.dark else "#eeeeee")
    return RichTheme(
        {
            "markdown.h1": Style(color=primary, bold=True),
            "markdown.h1.border": Style(color=primary),
            "markdown.h2": Style(color=primary, bold=True, underline=True),
            "markdown.h3": Style(color=secondary, bold=True),
            "markdown.h4": Style(color=secondary, italic=True),
            "markdown.code": Style(color=accent, bgcolor=panel, bold=True),
            "markdown.code_block": Style(color=foreground, bgcolor=panel),
            "markdown.block_quote": Style(color=secondary, italic=True),
            "markdown.list": Style(color=primary),
            "markdown.item.bullet": Style(color=primary, bold=True),
            "markdown.item.number": Style(color=primary, bold=True),
            "markdown.table.border": Style(color=secondary),
            "markdown.table.header": Style(color=primary, bold=True),
            "markdown.link": Style(color=accent, underline=True),
            "markdown.link_url": Style(color=accent, underline=True),
            "markdown.hr": Style(color=secondary),
        },
        inherit=True,
    )
