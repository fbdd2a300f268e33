"""Points and distances: WKT points as Wikidata writes P625, and great-circle distance."""

from __future__ import annotations

import math
import re

EARTH_RADIUS_KM = 6371.0088
MAX_DISTANCE_KM = 25.0  # how far our point and Wikidata's may lie apart for the same town or village
WKT_POINT = re.compile(r"^\s*(?:<[^>]*>\s*)?point\s*\(\s*([-+0-9.eE]+)\s+([-+0-9.eE]+)\s*\)\s*$", re.IGNORECASE)


def parse_wkt_point(text: str) -> tuple[float, float] | None:
    """``Point(lon lat)`` (with an optional CRS IRI first) as (lat, lon); None when it is not a point."""
    match = WKT_POINT.match(text)
    if not match:
        return None
    lon, lat = float(match.group(1)), float(match.group(2))
    return (lat, lon) if -90 <= lat <= 90 and -180 <= lon <= 180 else None


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Haversine distance in kilometres between two (lat, lon) points."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))
