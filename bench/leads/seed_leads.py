#!/usr/bin/env python3
"""Writes N leads as CSV rows for COPY into the Leads database's `leads` table (bench only).

Columns are the original ones the Import service also COPYs; the columns added since
(search_text, idempotency_key) are filled by PostgreSQL (generated column / NULL).
Deterministic (seeded) so runs compare.
"""
import csv
import random
import sys
import uuid
from datetime import datetime, timedelta, timezone

COLUMNS = ["id", "name", "phone", "email", "company", "timezone", "custom_fields", "status", "attempts",
           "status_version", "created_at", "updated_at"]

FIRST = ["Ada", "Alan", "Grace", "Linus", "Margaret", "Dennis", "Barbara", "Ken", "Frances", "Edsger",
         "Katherine", "John", "Radia", "Tim", "Hedy", "Claude", "Sophie", "Donald", "Mary", "Niklaus"]
LAST = ["Lovelace", "Turing", "Hopper", "Torvalds", "Hamilton", "Ritchie", "Liskov", "Thompson", "Allen", "Dijkstra",
        "Johnson", "McCarthy", "Perlman", "Berners-Lee", "Lamarr", "Shannon", "Wilson", "Knuth", "Jackson", "Wirth",
        "Smith", "Garcia", "Nguyen", "Okafor", "Kowalski", "Haddad", "Tanaka", "Silva", "Novak", "Ivanova"]
COMPANIES = ["Analytical Engines", "Bletchley Park", "Compiler Corp", "Kernel Works", "Apollo Guidance", "Bell Labs",
             "Acme", "Globex", "Initech", "Umbrella", "Stark Industries", "Wayne Enterprises", "Hooli", "Pied Piper",
             "Vandelay Industries", "Soylent", "Tyrell", "Cyberdyne", "Wonka", "Oceanic"]
ZONES = ["America/New_York", "Europe/London", "Asia/Dhaka", "America/Los_Angeles", ""]
STATUSES = ["pending"] * 30 + ["in-progress"] * 2 + ["retry"] * 18 + ["completed"] * 40 + ["failed"] * 10


def main():
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    rng = random.Random(42)
    start = datetime(2026, 8, 1, tzinfo=timezone.utc)
    span = 118 * 24 * 3600
    out = csv.writer(sys.stdout, lineterminator="\n")
    for i in range(count):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        status = rng.choice(STATUSES)
        created = start + timedelta(seconds=rng.randrange(span), microseconds=rng.randrange(1_000_000))
        out.writerow([
            uuid.UUID(int=rng.getrandbits(128), version=4),
            f"{first} {last}",
            f"+1{rng.choice('23456789')}{rng.randrange(10**9):09d}",
            f"{first.lower()}.{last.lower()}{i}@example.com",
            rng.choice(COMPANIES),
            rng.choice(ZONES),
            "{}",
            status,
            0 if status == "pending" else rng.randint(1, 3),
            0 if status == "pending" else rng.randint(1, 9),
            created.isoformat(),
            created.isoformat(),
        ])


if __name__ == "__main__":
    main()
