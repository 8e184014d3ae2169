# The same unambiguous dates in French ("2 déc. 2026 à 15:32").
DATE_FORMAT = "j N Y"
SHORT_DATE_FORMAT = "j N Y"
DATETIME_FORMAT = "j N Y à H:i"
SHORT_DATETIME_FORMAT = "j N Y à H:i"
TIME_FORMAT = "H:i"
