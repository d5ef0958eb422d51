"""Apple Podcasts categories (the list Apple published in 2019, still current).

Written out here because no maintained package ships it; source:
https://podcasters.apple.com/support/1691-apple-podcasts-categories
"""

from __future__ import annotations

import difflib

APPLE_CATEGORIES: dict[str, tuple[str, ...]] = {
    "Arts": ("Books", "Design", "Fashion & Beauty", "Food", "Performing Arts", "Visual Arts"),
    "Business": (
        "Careers", "Entrepreneurship", "Investing", "Management", "Marketing", "Non-Profit",
    ),
    "Comedy": ("Comedy Interviews", "Improv", "Stand-Up"),
    "Education": ("Courses", "How To", "Language Learning", "Self-Improvement"),
    "Fiction": ("Comedy Fiction", "Drama", "Science Fiction"),
    "Government": (),
    "History": (),
    "Health & Fitness": (
        "Alternative Health", "Fitness", "Medicine", "Mental Health", "Nutrition", "Sexuality",
    ),
    "Kids & Family": ("Education for Kids", "Parenting", "Pets & Animals", "Stories for Kids"),
    "Leisure": (
        "Animation & Manga", "Automotive", "Aviation", "Crafts", "Games", "Hobbies",
        "Home & Garden", "Video Games",
    ),
    "Music": ("Music Commentary", "Music History", "Music Interviews"),
    "News": (
        "Business News", "Daily News", "Entertainment News", "News Commentary", "Politics",
        "Sports News", "Tech News",
    ),
    "Religion & Spirituality": (
        "Buddhism", "Christianity", "Hinduism", "Islam", "Judaism", "Religion", "Spirituality",
    ),
    "Science": (
        "Astronomy", "Chemistry", "Earth Sciences", "Life Sciences", "Mathematics",
        "Natural Sciences", "Nature", "Physics", "Social Sciences",
    ),
    "Society & Culture": (
        "Documentary", "Personal Journals", "Philosophy", "Places & Travel", "Relationships",
    ),
    "Sports": (
        "Baseball", "Basketball", "Cricket", "Fantasy Sports", "Football", "Golf", "Hockey",
        "Rugby", "Running", "Soccer", "Swimming", "Tennis", "Volleyball", "Wilderness",
        "Wrestling",
    ),
    "Technology": (),
    "True Crime": (),
    "TV & Film": ("After Shows", "Film History", "Film Interviews", "Film Reviews", "TV Reviews"),
}


def all_category_names() -> list[str]:
    """Every valid value of the `category` setting: "Parent" and "Parent/Sub"."""
    names: list[str] = []
    for parent, subs in APPLE_CATEGORIES.items():
        names.append(parent)
        names.extend(f"{parent}/{sub}" for sub in subs)
    return names


def canonical_category(value: str) -> tuple[str, str | None] | None:
    """("Parent", "Sub" or None) in Apple's spelling, or None when `value` is not on the list.

    Case and spaces around the slash are forgiven; the spelling written to the feed is Apple's.
    """
    wanted = "/".join(part.strip() for part in value.split("/")).casefold()
    for name in all_category_names():
        if name.casefold() == wanted:
            parent, _, sub = name.partition("/")
            return parent, sub or None
    return None


def suggest_category(value: str) -> str | None:
    matches = difflib.get_close_matches(value, all_category_names(), n=1, cutoff=0.6)
    return matches[0] if matches else None
