"""English units after a number: what each symbol is called, singular and plural.

A table, not pint: pint knows every unit, but not which letters after a number are
units in prose. It reads "3 in the box" as inches, "once 1 a day" as years and "5 B" as
bels; this table is that decision (SI with its common prefixes, and imperial), so it is
the one place to extend. Single letters are units only after a number, and never
"I" or a capital that names a plan or a grade ("plan B", "a 2 A student" keeps A off).
Kept apart from en.py, which applies it, because it is data a contributor extends.
"""

from __future__ import annotations

_SI_PREFIXES = {"k": "kilo", "c": "centi", "m": "milli", "µ": "micro", "μ": "micro",
                "n": "nano", "M": "mega", "G": "giga"}  # fmt: skip
_SI_BASES: dict[str, tuple[str, str]] = {
    "m": ("meter", "meters"),
    "g": ("gram", "grams"),
    "L": ("liter", "liters"),
    "l": ("liter", "liters"),
    "W": ("watt", "watts"),
    "Wh": ("watt-hour", "watt-hours"),
    "V": ("volt", "volts"),
    "Hz": ("hertz", "hertz"),
    "J": ("joule", "joules"),
    "Pa": ("pascal", "pascals"),
}
# Which prefixes each base takes in everyday writing (a "Mm" or "cW" is a typo, not a unit).
_SI_USED = {
    "m": "kcmµμn", "g": "kmµμ", "L": "mc", "l": "mc", "W": "kMG", "Wh": "kMG", "V": "km",
    "Hz": "kMG", "J": "kM", "Pa": "kMh",
}  # fmt: skip
UNITS: dict[str, tuple[str, str]] = {
    **{
        prefix + base: (_SI_PREFIXES.get(prefix, "hecto") + one, _SI_PREFIXES.get(prefix, "hecto")
                        + many)
        for base, (one, many) in _SI_BASES.items()
        for prefix in _SI_USED[base]
    },
    **_SI_BASES,
    "t": ("tonne", "tonnes"),
    "s": ("second", "seconds"),
    "sec": ("second", "seconds"),
    "ms": ("millisecond", "milliseconds"),
    "min": ("minute", "minutes"),
    "mins": ("minute", "minutes"),
    "h": ("hour", "hours"),
    "hr": ("hour", "hours"),
    "hrs": ("hour", "hours"),
    "ha": ("hectare", "hectares"),
    "m²": ("square meter", "square meters"),
    "km²": ("square kilometer", "square kilometers"),
    "cm²": ("square centimeter", "square centimeters"),
    "m³": ("cubic meter", "cubic meters"),
    "km/h": ("kilometer per hour", "kilometers per hour"),
    "kph": ("kilometer per hour", "kilometers per hour"),
    "m/s": ("meter per second", "meters per second"),
    "mph": ("mile per hour", "miles per hour"),
    "mi": ("mile", "miles"),
    "yd": ("yard", "yards"),
    "ft": ("foot", "feet"),
    "ft²": ("square foot", "square feet"),
    "sq ft": ("square foot", "square feet"),
    "lb": ("pound", "pounds"),
    "lbs": ("pound", "pounds"),
    "oz": ("ounce", "ounces"),
    "fl oz": ("fluid ounce", "fluid ounces"),
    "gal": ("gallon", "gallons"),
    "kn": ("knot", "knots"),
    "kcal": ("kilocalorie", "kilocalories"),
    "cal": ("calorie", "calories"),
    "dB": ("decibel", "decibels"),
    "KB": ("kilobyte", "kilobytes"),
    "kB": ("kilobyte", "kilobytes"),
    "MB": ("megabyte", "megabytes"),
    "GB": ("gigabyte", "gigabytes"),
    "TB": ("terabyte", "terabytes"),
    "Mbps": ("megabit per second", "megabits per second"),
    "Gbps": ("gigabit per second", "gigabits per second"),
    "rpm": ("revolution per minute", "revolutions per minute"),
    # Screens and style sheets: "600px", "16pt", "2em", "1.5rem", "100vh", "60fps".
    "px": ("pixel", "pixels"),
    "pt": ("point", "points"),
    "em": ("em", "ems"),
    "rem": ("rem", "rems"),
    "vh": ("percent of the viewport height", "percent of the viewport height"),
    "vw": ("percent of the viewport width", "percent of the viewport width"),
    "fps": ("frame per second", "frames per second"),
    "dpi": ("dot per inch", "dots per inch"),
    "°C": ("degree Celsius", "degrees Celsius"),
    "°F": ("degree Fahrenheit", "degrees Fahrenheit"),
    "°": ("degree", "degrees"),
}
# Written straight after the number ("5s", "3h", "2t") these are too often something else
# ("1990s", "the 3h version"): they need a space. Longer symbols and m, g, L, km… do not.
SPACED_ONLY = {"s", "h", "t", "l", "V", "W", "J", "ha", "mi", "kn", "cal"}
