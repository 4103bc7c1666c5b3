"""A consultation's pages and conditional questions, worked out from answers.

Pure functions over questions already read (no queries), shared by the form
that shows the pages, the service that stores a response and the results.

- Pages: a question with ``starts_page`` begins a new page; the first question
  always begins page 1. A consultation without breaks is one page, as before.
- Conditions: a question with ``shown_if_question``/``shown_if_choice`` is
  asked only when the answer to that earlier choice question includes that
  option, and that question was itself asked. The services make sure the
  question named comes earlier in the form.
- A condition may name a question on an earlier page (the question is then
  left out of its page unless the answer matches) or on the same page (the
  question is shown with the hint "Only if you answered ..."; its answer is
  dropped when the condition is not met). Either way ``asked_ids`` decides,
  on the server, which answers are kept.
"""

from collections.abc import Iterable, Mapping


def split_pages(questions: Iterable) -> list[list]:
    """The questions grouped into pages, in order."""
    pages: list[list] = []
    for question in questions:
        if not pages or question.starts_page:
            pages.append([])
        pages[-1].append(question)
    return pages


def chosen_ids(value) -> set[int]:
    """The option ids in a raw answer: a string, a list of strings, or options."""
    values = value if isinstance(value, list | tuple) else [value]
    ids = set()
    for item in values:
        pk = getattr(item, "pk", item)
        if isinstance(pk, int):
            ids.add(pk)
        elif isinstance(pk, str) and pk.strip().isdigit():
            ids.add(int(pk.strip()))
    return ids


def asked_ids(questions: Iterable, chosen: Mapping[int, set[int]]) -> set[int]:
    """Ids of the questions a resident with these chosen options was asked.

    ``chosen`` maps a question id to the option ids chosen for it; questions
    must come in form order (a condition always names an earlier question).
    """
    asked: set[int] = set()
    for question in questions:
        condition = question.shown_if_question_id
        if condition is None or (
            condition in asked
            and question.shown_if_choice_id in chosen.get(condition, ())
        ):
            asked.add(question.pk)
    return asked


def shown_on_page(
    page: list, pages: list[list], chosen: Mapping[int, set[int]]
) -> list:
    """The questions of ``page`` to show, given the answers so far.

    A question whose condition is on an earlier page is shown only if it is
    asked; one whose condition is on this page is shown whenever the question
    it depends on is shown (its answer counts only if the condition is met).
    """
    questions = [q for p in pages for q in p]
    asked = asked_ids(questions, chosen)
    on_page = {q.pk for q in page}
    shown: set[int] = set()
    for question in page:
        condition = question.shown_if_question_id
        if condition is None:
            shown.add(question.pk)
        elif condition in on_page:
            if condition in shown:
                shown.add(question.pk)
        elif question.pk in asked:
            shown.add(question.pk)
    return [q for q in page if q.pk in shown]
