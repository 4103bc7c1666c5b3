"""What the demo partnerships share: helpers for writing the content, the
bodies that serve all of London, the statutory duties every partnership has,
the consultation questions, and the site administrator's account."""


def md(*blocks: str | list[str]) -> str:
    """Markdown from blocks: a string is a paragraph, a list is a bullet list."""
    parts = []
    for block in blocks:
        if isinstance(block, str):
            parts.append(block)
        else:
            parts.append("\n".join(f"- {item}" for item in block))
    return "\n\n".join(parts)


def as_list_item(sentence: str) -> str:
    """A sentence reworded as a bullet: lower-case start, no full stop."""
    return sentence[0].lower() + sentence[1:].rstrip(".")


# --- Organisations -------------------------------------------------------------
# Bodies that serve all of London, members of more than one demo partnership.
# Each partnership's own bodies are in its module. Websites are the bodies'
# public home pages (not given in the source pages; added for convenience).

ORGANISATIONS = [
    {
        "slug": "metropolitan-police-service",
        "name": "Metropolitan Police Service",
        "kind": "police",
        "website": "https://www.met.police.uk",
    },
    {
        "slug": "london-fire-brigade",
        "name": "London Fire Brigade",
        "kind": "fire_and_rescue",
        "website": "https://www.london-fire.gov.uk",
    },
    {
        "slug": "mopac",
        "name": "Mayor's Office for Policing and Crime (MOPAC)",
        "kind": "local_policing_body",
        "website": "",
    },
    {
        "slug": "probation-service",
        "name": "Probation Service",
        "kind": "probation",
        "website": "",
    },
]

RESPONSIBLE = "responsible_authority"
CO_OPERATING = "co_operating_body"


# --- Evidence kinds, shared wording -------------------------------------------

RESIDENTS = "residents"
DATA = "data"
WHAT_WORKS = "what_works"
PROFESSIONALS = "professionals"


# --- Accounts ------------------------------------------------------------------
# Demo accounts, listed in the README; each partnership's officers are in its
# module. For a demo only: every account shares one password, and load_demo
# never resets a password it did not set.
DEMO_PASSWORD = "safer-streets-demo"  # noqa: S105 - documented demo password
# (email, first name, last name) of each site administrator.
ADMINS = [("admin@demo.example", "Sam", "Admin")]


# Statutory duties of every demo partnership: (kind, cadence, settings).
# Dates are typical of London partnerships, chosen for the demo: the strategic
# assessment in the winter before the financial year, the plan refresh by 31
# March, quarterly data sharing from April 2026 (so one quarter is overdue in
# late 2026), and the accessibility review on the anniversary of the 2018
# regulations.
DUTIES = [
    ("strategic_assessment", "annual", {"due_month": 1, "due_day": 31}),
    ("plan_refresh", "annual", {"due_month": 3, "due_day": 31}),
    ("public_meeting", "annual", {"due_month": 10, "due_day": 31}),
    ("consultation", "annual", {"due_month": 12, "due_day": 15}),
    (
        "information_sharing_review",
        "on_date",
        {"interval_months": 24, "first_due": "2027-03-31"},
    ),
    ("data_sharing", "quarterly", {"start_quarter": "2026-04-01"}),
    ("scrutiny", "annual", {"due_month": 2, "due_day": 28}),
    ("serious_violence_review", "annual", {"due_month": 1, "due_day": 31}),
    ("domestic_homicide_review", "per_case", {}),
    ("accessibility_review", "annual", {"due_month": 9, "due_day": 23}),
]


# The questions every demo consultation asks.
# A question is (kind, text, required, personal, choices).
SAFETY_QUESTIONS = [
    ("agree_scale", "I feel safe in the town centre after dark", True, False, []),
    (
        "multiple_choice",
        "Where do you feel least safe?",
        False,
        False,
        ["Bus and train stations", "Car parks", "Riverside paths", "Shopping streets"],
    ),
    ("ward", "Which ward do you live in?", False, False, []),
    ("yes_no", "Have you reported a crime in the last year?", False, False, []),
    (
        "long_text",
        "What one change would make you feel safer?",
        False,
        True,
        [],
    ),
]
