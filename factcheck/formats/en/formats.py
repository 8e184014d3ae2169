# English dates spelled so no reader can take the day for the month (2 Dec 2026), times on
# the 24-hour clock: the newsroom works in Paris time and reads both languages.
DATE_FORMAT = "j M Y"
SHORT_DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "j M Y, H:i"
SHORT_DATETIME_FORMAT = "j M Y, H:i"
TIME_FORMAT = "H:i"
