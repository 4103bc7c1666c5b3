"""The demo content: three London community safety partnerships.

Plain data, loaded by ``portal.site.demo.loader.demo_load``. The facts (names,
member bodies, periods, targets and figures) come from public pages of the
Safer Kingston, Safer Kensington and Chelsea and Safer Westminster partnerships
and from the Metropolitan Police Authority's Local Policing Summary for
Kingston 2009/10. The prose is written for this portal. Where a fact is assumed
rather than taken from those pages, a comment says so.

One module per partnership holds everything of that partnership: ``AREA`` (the
borough, its wards and named places), ``ORGANISATIONS`` (its own bodies),
``PARTNERSHIP`` (members, principles, boards, linked boards, contacts, plans
with their sections, alignments and priorities), ``OFFICERS``, ``CASES`` and
``CONSULTATIONS``. ``shared`` holds what they share: London-wide bodies, the
statutory duties, the consultation questions and the site administrator.

Areas are referred to by ONS code, or by name for places (which have no code).
Organisations are referred to by slug; boards and priorities by slug within
their partnership.
"""

from portal.site.demo.data import kensington_chelsea, kingston, shared, westminster

# Each partnership's module, in the order they are loaded.
PARTNERSHIPS = [kingston, kensington_chelsea, westminster]

__all__ = ["PARTNERSHIPS", "shared"]
