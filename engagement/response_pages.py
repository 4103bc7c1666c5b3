"""One resident's way through a consultation of several pages.

The answers given so far live in the session (keyed by consultation), never in
hidden fields a resident could change on the way: each page's answers are
checked when its "Continue" is pressed, and ``response_submit`` checks them
all again, and drops the answers to questions that were not asked, when the
last step sends them. The session is made on the first "Continue", so reading
the consultation sets no cookie.

Steps: page 1 .. n (``?page=n``), skipping pages whose questions are all left
out by conditions, then ``?page=check``: the answers to check, the email
address and equality questions, and "Send your response".
"""

import uuid

from engagement import protection
from engagement.pages import asked_ids, chosen_ids, shown_on_page, split_pages
from engagement.services import field_name

CHECK = "check"


class ResponsePages:
    def __init__(self, *, session, consultation):
        self.session = session
        self.consultation = consultation
        self.questions = list(consultation.questions.all())
        self.pages = split_pages(self.questions)
        self.session_key = f"engagement-response-{consultation.pk}"
        state = session.get(self.session_key)
        self.state = state if isinstance(state, dict) else None

    @property
    def several(self) -> bool:
        """Split into pages; one page is the form as it always was."""
        return len(self.pages) > 1

    # --- state ---------------------------------------------------------------

    @property
    def started(self) -> bool:
        return self.state is not None and "answers" in self.state

    @property
    def sent_reference(self) -> str | None:
        return (self.state or {}).get("reference")

    @property
    def answers(self) -> dict:
        return dict((self.state or {}).get("answers", {}))

    def start(self) -> None:
        """A new response: its idempotency key and signed start time."""
        key = uuid.uuid4().hex
        self.state = {
            "key": key,
            "started": protection.started_token(form_key=key),
            "answers": {},
        }
        self._save()

    def forget(self) -> None:
        self.session.pop(self.session_key, None)
        self.state = None

    def keep_page(self, number: int, page_answers: dict) -> None:
        """This page's answers replace whatever it had before."""
        names = {field_name(q) for q in self.pages[number - 1]}
        answers = {k: v for k, v in self.answers.items() if k not in names}
        answers.update(page_answers)
        self.state["answers"] = answers
        self._save()

    def sent(self, reference: str) -> None:
        """Sent: the answers go; the key stays so a second click finds it."""
        self.state = {"key": self.state["key"], "reference": reference}
        self._save()

    def _save(self) -> None:
        self.session[self.session_key] = self.state
        self.session.modified = True

    # --- pages ---------------------------------------------------------------

    def chosen(self) -> dict[int, set[int]]:
        chosen = {}
        for question in self.questions:
            value = self.answers.get(field_name(question))
            if value is not None and question.is_choice:
                chosen[question.pk] = chosen_ids(value)
        return chosen

    def shown(self, number: int) -> list:
        return shown_on_page(self.pages[number - 1], self.pages, self.chosen())

    def numbers(self) -> list[int]:
        """The pages this resident sees, given their answers so far."""
        return [n for n in range(1, len(self.pages) + 1) if self.shown(n)]

    def next_step(self, after: int) -> int | str:
        return next((n for n in self.numbers() if n > after), CHECK)

    def previous_step(self, before: int | str) -> int | None:
        numbers = self.numbers()
        if before == CHECK:
            return numbers[-1] if numbers else None
        return next((n for n in reversed(numbers) if n < before), None)

    def parse(self, value) -> int | str | None:
        """A step from the address: a page number, "check", or None."""
        if value in (None, ""):
            return 1
        if value == CHECK:
            return CHECK
        if (
            isinstance(value, str)
            and value.isdigit()
            and 1 <= int(value) <= len(self.pages)
        ):
            return int(value)
        return None

    def summary(self) -> list[dict]:
        """The answers to check: each question asked, by page, with its answer."""
        chosen = self.chosen()
        asked = asked_ids(self.questions, chosen)
        rows = []
        for number in self.numbers():
            for question in self.shown(number):
                if question.pk not in asked:
                    continue
                value = self.answers.get(field_name(question))
                if question.is_choice:
                    ids = chosen.get(question.pk, set())
                    texts = [c.text for c in question.choices.all() if c.pk in ids]
                else:
                    texts = [value] if value else []
                rows.append(
                    {
                        "question": question,
                        "answers": texts,
                        "page": number,
                        "field": field_name(question),
                    }
                )
        return rows
