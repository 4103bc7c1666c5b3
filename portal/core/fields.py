"""Model fields the apps share.

``RenderedMarkdownField`` keeps the sanitised HTML of another field's Markdown,
rendered when the row is written (``save()``, ``bulk_create()``), so public
pages and the API read stored HTML and never parse Markdown on a request. A
model with one mixes in ``RendersMarkdown``, so that ``save(update_fields=...)``
naming the Markdown also writes its HTML.
"""

from django.db import models

from portal.core.markdown import render_markdown


class RenderedMarkdownField(models.TextField):
    """The HTML of the Markdown in ``source``, written with every save."""

    def __init__(self, *args, source: str = "", **kwargs):
        self.source = source
        kwargs.setdefault("editable", False)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["source"] = self.source
        for key, value in (("editable", False), ("blank", True), ("default", "")):
            if kwargs.get(key, value) == value:
                kwargs.pop(key, None)
        return name, path, args, kwargs

    def pre_save(self, model_instance, add):
        html = render_markdown(getattr(model_instance, self.source) or "")
        setattr(model_instance, self.attname, html)
        return html


class RendersMarkdown(models.Model):
    """Adds each rendered field to ``update_fields`` when its Markdown is saved."""

    class Meta:
        abstract = True

    def save(self, *args, update_fields=None, **kwargs):
        if update_fields is not None:
            update_fields = set(update_fields)
            for field in self._meta.concrete_fields:
                if (
                    isinstance(field, RenderedMarkdownField)
                    and field.source in update_fields
                ):
                    update_fields.add(field.name)
        super().save(*args, update_fields=update_fields, **kwargs)


def render_stored(app_label: str, model_name: str, *names: str):
    """A migration step (for ``migrations.RunPython``) that renders the HTML of
    rows written before the fields ``names`` existed."""

    def forwards(apps, schema_editor):
        model = apps.get_model(app_label, model_name)
        fields = [model._meta.get_field(name) for name in names]
        changed = []
        for row in model.objects.only("pk", *(f.source for f in fields)).iterator():
            for field in fields:
                setattr(row, field.attname, render_markdown(getattr(row, field.source)))
            changed.append(row)
        model.objects.bulk_update(changed, names, batch_size=500)

    return forwards
