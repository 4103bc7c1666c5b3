"""Forms for the consultation managers' and officers' staff pages.

consultations   a consultation's details and settings
questions       one question
schedule        when it opens and closes
responses       keying in a response, and the preview of the questions
outcomes        we asked, you said, we did
"""

from engagement.staff_forms.consultations import ConsultationForm
from engagement.staff_forms.outcomes import OutcomeForm
from engagement.staff_forms.questions import QuestionForm
from engagement.staff_forms.responses import ResponseKeyInForm, ResponsePreviewForm
from engagement.staff_forms.schedule import ScheduleForm

__all__ = [
    "ConsultationForm",
    "OutcomeForm",
    "QuestionForm",
    "ResponseKeyInForm",
    "ResponsePreviewForm",
    "ScheduleForm",
]
