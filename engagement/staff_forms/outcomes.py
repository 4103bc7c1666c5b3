"""Publishing the outcome: we asked, you said, we did."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import HTML, Button, Field, Fieldset, Layout, Size
from django import forms

from portal.core.staff_forms import button_group
from priorities.models import Action, Priority

# "We did" items offered on the outcome form; blank ones are ignored.
OUTCOME_SLOTS = 5


def link_choices(partnership) -> tuple[list, dict]:
    """Grouped select options for "we did" links, and the objects they name."""
    priorities = list(
        Priority.objects.filter(plan__partnership=partnership)
        .select_related("plan")
        .order_by("plan__title", "order", "id")
    )
    actions = list(
        Action.objects.filter(priority__plan__partnership=partnership)
        .select_related("priority__plan")
        .order_by("priority__plan__title", "priority__order", "order", "id")
    )
    objects = {f"priority-{p.pk}": ("priority", p) for p in priorities}
    objects |= {f"action-{a.pk}": ("action", a) for a in actions}
    choices = [
        ("", "Choose a priority or action"),
        ("Priorities", [(f"priority-{p.pk}", p.title) for p in priorities]),
        (
            "Actions",
            [(f"action-{a.pk}", f"{a.title} ({a.priority.title})") for a in actions],
        ),
    ]
    return choices, objects


class OutcomeForm(forms.Form):
    we_asked = forms.CharField(
        label="We asked",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What the consultation asked, in a sentence or two.",
        error_messages={"required": "Enter what you asked"},
    )
    you_said = forms.CharField(
        label="You said",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="What people told you: the main findings.",
        error_messages={"required": "Enter what people said"},
    )

    confirm = forms.BooleanField(
        label="I have checked this outcome and residents can see it now",
        help_text="Publishing shows it to everyone at once and emails the "
        "partnership's subscribers. Publishing again replaces it.",
        error_messages={
            "required": "Confirm that you have checked the outcome and residents "
            "can see it now"
        },
    )

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        choices, self.link_objects = link_choices(partnership)
        slots = []
        for n in range(1, OUTCOME_SLOTS + 1):
            self.fields[f"we_did_{n}"] = forms.CharField(
                label="What you did",
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 3}),
                error_messages={
                    "max_length": f"Thing you did {n} must be 2,000 characters or fewer"
                },
            )
            self.fields[f"link_{n}"] = forms.ChoiceField(
                label="Priority or action it delivers",
                choices=choices,
                required=False,
                error_messages={
                    "invalid_choice": "Choose a priority or action of this partnership"
                },
            )
            slots.append(
                Fieldset(
                    Field.textarea(f"we_did_{n}", rows=3),
                    Field.select(f"link_{n}"),
                    legend=f"We did: thing {n}" + (" (optional)" if n > 1 else ""),
                    legend_size=Size.SMALL,
                )
            )
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.textarea("we_asked", label_size=Size.SMALL, rows=4),
            Field.textarea("you_said", label_size=Size.SMALL, rows=6),
            HTML(
                '<h2 class="govuk-heading-m">We did</h2><p class="govuk-body">Link '
                "each thing you did to a priority or an action of the partnership. "
                "Leave the ones you do not need blank.</p>"
            ),
            *slots,
            Field.checkbox("confirm", small=True),
            *button_group(Button("save", "Publish the outcome")),
        )

    @staticmethod
    def initial_for(outcome) -> dict:
        if outcome is None:
            return {}
        initial = {"we_asked": outcome.we_asked, "you_said": outcome.you_said}
        for n, item in enumerate(outcome.actions.all()[:OUTCOME_SLOTS], 1):
            initial[f"we_did_{n}"] = item.we_did
            initial[f"link_{n}"] = (
                f"action-{item.action_id}"
                if item.action_id
                else f"priority-{item.priority_id}"
            )
        return initial

    def clean(self):
        cleaned = super().clean()
        actions = []
        for n in range(1, OUTCOME_SLOTS + 1):
            we_did = (cleaned.get(f"we_did_{n}") or "").strip()
            link = cleaned.get(f"link_{n}") or ""
            if not we_did and not link:
                continue
            if not we_did:
                self.add_error(f"we_did_{n}", f"Describe thing you did {n}")
                continue
            if not link:
                self.add_error(
                    f"link_{n}", f"Choose the priority or action thing {n} delivers"
                )
                continue
            kind, obj = self.link_objects[link]
            actions.append(
                (
                    we_did,
                    obj if kind == "priority" else None,
                    obj if kind == "action" else None,
                )
            )
        if not actions and not self.errors:
            self.add_error("we_did_1", "Add at least one thing you did")
        cleaned["actions"] = actions
        return cleaned
