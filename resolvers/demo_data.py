"""Made-up people, shops and words for demo data, all picked by a seeded RNG.

Nothing here touches the database: each function turns a random generator
(seeded per customer) into plain row values, so the same seed always gives
the same data.
"""

import random
from datetime import UTC, datetime, timedelta
from decimal import Decimal

DEMO_PASSWORD = "demo-password"  # noqa: S105 - published in the README on purpose
DEMO_EMAIL_PREFIX = "demo-"
DEMO_EMAIL_DOMAIN = "example.com"
START = datetime(2024, 1, 1, tzinfo=UTC)
END = START + timedelta(days=700)


def words(text: str) -> tuple[str, ...]:
    """The space-separated words of `text`, to keep long word lists compact."""
    return tuple(text.split())


FIRST_NAMES = words(
    "Ada Alan Amara Anja Bea Bruno Carla Chen Dario Dina Elif Emil Farah "
    "Felix Greta Hugo Ines Ivan Jana Jonas Kai Keiko Lars Lea Malik Maya "
    "Nils Noor Omar Olga Paula Priya Quinn Rafael Rosa Sami Sofia Tariq "
    "Tess Umar Vera Wen Yara Yusuf Zoe"
)
LAST_NAMES = words(
    "Abbott Bauer Castillo Dubois Eriksen Fischer Garcia Haddad Ibsen "
    "Jansen Kowalski Lindqvist Moreau Nakamura Okafor Petrov Quist Rossi "
    "Santos Tanaka Ueda Varga Weber Xu Yilmaz Zimmermann"
)
STREETS = (
    "Harbour Road",
    "Linden Avenue",
    "Mill Lane",
    "Orchard Street",
    "Quay Side",
    "Station Road",
    "Tanner Row",
    "Willow Walk",
)
CITIES = (
    ("Lyon", "FR"),
    ("Leipzig", "DE"),
    ("Porto", "PT"),
    ("Utrecht", "NL"),
    ("Bristol", "GB"),
    ("Gdansk", "PL"),
    ("Turin", "IT"),
    ("Malmo", "SE"),
)
SHOP_ADJECTIVES = words("Amber Copper Golden Little Northern Quiet Rustic Urban")
SHOP_NOUNS = words("Atelier Bazaar Crafts Goods Market Studio Supply Workshop")
PRODUCT_ADJECTIVES = words("Handmade Linen Oak Organic Recycled Stoneware Waxed Wool")
PRODUCT_NOUNS = words(
    "Apron Basket Blanket Bowl Candle Mug Notebook Poster Scarf Teapot Tote Vase"
)
REVIEW_BODIES = {
    1: ("Arrived broken and support never answered.", "Not as described."),
    2: ("Smaller than the photos suggest.", "It works, but only just."),
    3: ("Fine for the price.", "Does the job; nothing special."),
    4: ("Good quality, shipped quickly.", "Nice piece, would buy again."),
    5: ("Absolutely lovely, a perfect gift.", "Exceeded my expectations."),
}
RATING_WEIGHTS = (1, 2, 5, 12, 16)


def demo_email(number: int) -> str:
    """The deterministic email of demo customer `number`: demo-0042@example.com."""
    return f"{DEMO_EMAIL_PREFIX}{number:04d}@{DEMO_EMAIL_DOMAIN}"


def demo_number(email: str) -> int | None:
    """The number in a demo email, or None for any other address."""
    local, _, domain = email.lower().partition("@")
    digits = local.removeprefix(DEMO_EMAIL_PREFIX)
    if domain != DEMO_EMAIL_DOMAIN or digits == local or not digits.isdigit():
        return None
    return int(digits)


def customer_random(seed: int, number: int) -> random.Random:
    """The generator for one customer: the same for a seed and number, every run."""
    return random.Random(f"{seed}:{number}")  # noqa: S311 - demo data, not secrets


def moment_between(rng: random.Random, first: datetime, last: datetime) -> datetime:
    """A time between `first` and `last`, to the second."""
    seconds = max(int((last - first).total_seconds()), 0)
    return first + timedelta(seconds=rng.randint(0, seconds))


def person(rng: random.Random) -> dict[str, object]:
    """First and last name and an optional (fictional) phone number."""
    phone = f"+44 20 7946 0{rng.randint(0, 999):03d}" if rng.random() < 0.6 else None
    return {
        "first_name": rng.choice(FIRST_NAMES),
        "last_name": rng.choice(LAST_NAMES),
        "phone": phone,
    }


def address(rng: random.Random) -> dict[str, object]:
    """A street address in one of a few European cities."""
    city, country = rng.choice(CITIES)
    return {
        "line1": f"{rng.randint(1, 240)} {rng.choice(STREETS)}",
        "line2": f"Flat {rng.randint(1, 30)}" if rng.random() < 0.25 else "",
        "city": city,
        "postal_code": str(rng.randint(10000, 99999)),
        "country": country,
    }


def shop_name(rng: random.Random, number: int) -> str:
    """A shop name, made unique by the owner's number."""
    return f"{rng.choice(SHOP_ADJECTIVES)} {rng.choice(SHOP_NOUNS)} No. {number}"


def product(rng: random.Random) -> dict[str, object]:
    """A product name and a price between 4.00 and 180.00."""
    cents = rng.randint(400, 18000)
    name = f"{rng.choice(PRODUCT_ADJECTIVES)} {rng.choice(PRODUCT_NOUNS)}"
    return {"name": name, "price": Decimal(cents) / 100}


def review(rng: random.Random) -> dict[str, object]:
    """A rating from 1 to 5, mostly good, and a body that fits it."""
    rating = rng.choices(range(1, 6), weights=RATING_WEIGHTS)[0]
    return {"rating": rating, "body": rng.choice(REVIEW_BODIES[rating])}
