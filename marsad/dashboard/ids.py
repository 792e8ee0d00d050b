"""Component ids, in one place."""

STATE = "state"
MAP = "map"
AREAS = "areas-layer"
CENTERS = "centers-layer"
ALERTS = "alerts-layer"
MEASURE = "f-measure"
CLASSES = "f-classes"
INDEX_LEGEND = "index-legend"
LEGEND = "legend"
BREADCRUMB = "breadcrumb"
CRUMB = "crumb"  # pattern-matching type: {"type": CRUMB, "code": ...}
AREA_LIST = "area-list"  # the map's areas as a list of buttons (keyboard and screen readers drill down with it)
SECTOR = "f-sector"
SERVICE = "f-service"
SOURCE = "f-source"
PERIOD = "f-period"
KPIS = "kpis"
DISTRIBUTION = "chart-distribution"
TREND = "chart-trend"
ALERT = "alert"  # problems found while computing the view
LINK_ALERT = "link-alert"  # problems found in the link the page was opened with
LEVEL_TITLE = "level-title"
CENTERS_NOTE = "centers-note"
URL_SYNC = "url-sync"
DIRECTION = "direction"

# the compare page (its side-by-side section reads the same state, period and source)
CMP_STATE = "cmp-state"
CMP_PERIOD = "cmp-period"
CMP_SOURCE = "cmp-source"

# calendars: the switch, the Hijri month/quarter picker (and its box, hidden in the Gregorian calendar), the caption
CALENDAR = "f-calendar"
HIJRI_PERIOD = "f-hijri"
HIJRI_BOX = "f-hijri-box"
PERIOD_CAPTION = "period-caption"
PRINT_CAPTION = "print-caption"  # the view's filters in words, shown only in print
