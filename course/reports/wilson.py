"""The Wilson score interval of a share: how far a share measured on few answers may be from the true one.

A question answered right by 0 of 3 learners may well be answered right by half the class; one answered
right by 6 of 30 hardly by more than a third. Ranking by the upper end of the interval (the most the share
right plausibly is) puts the second first: the fewer the answers, the wider the interval, and the less a
question is ranked as missed on their strength alone.
"""

from __future__ import annotations

import math

Z_95 = 1.959963984540054
"""The normal quantile for a two-sided 95% interval."""


def wilson_interval(successes: int, trials: int, z: float = Z_95) -> tuple[float, float]:
    """The Wilson score interval (lower, upper) of `successes` out of `trials`; (0, 1) for no trials."""
    if trials <= 0:
        return 0.0, 1.0
    share = successes / trials
    z2 = z * z
    centre = share + z2 / (2 * trials)
    spread = z * math.sqrt(share * (1 - share) / trials + z2 / (4 * trials * trials))
    scale = 1 + z2 / trials
    low = 0.0 if successes <= 0 else max(0.0, (centre - spread) / scale)  # exact at the ends, where
    high = 1.0 if successes >= trials else min(1.0, (centre + spread) / scale)  # rounding would miss them
    return low, high
