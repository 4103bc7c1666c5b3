"""``{% response_form form %}``: ``{% crispy form %}`` for a consultation's
response form, with a blank one taken from the markup kept per process for
its consultation's version (``engagement.forms.blank_response_form_html``)."""

from crispy_forms.templatetags.crispy_forms_tags import CrispyFormNode
from django import template

from engagement.forms import blank_response_form_html, is_blank_response_form

register = template.Library()


class ResponseFormNode(CrispyFormNode):
    def render(self, context):
        form = template.Variable(self.form).resolve(context)
        csrf_token = context.get("csrf_token")
        if (
            is_blank_response_form(form)
            and csrf_token
            and str(csrf_token) != "NOTPROVIDED"
        ):
            # The page's own token, as {% csrf_token %} would put in.
            return blank_response_form_html(form, csrf_token=str(csrf_token))
        return super().render(context)


@register.tag
def response_form(parser, token):
    """``{% response_form form %}``, in place of ``{% crispy form %}``."""
    try:
        _, form = token.split_contents()
    except ValueError:
        raise template.TemplateSyntaxError(
            "{% response_form %} takes one form"
        ) from None
    return ResponseFormNode(form, None)
