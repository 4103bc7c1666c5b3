"""Run by tests/deploy/test_quickstart_pages.py in a process of its own, on the
quickstart's settings and SQLite (the environment says where): migrate, load the
demo as `make run` does, then ask for the residents' pages of every demo
partnership and print each address with its status, one JSON object a line."""

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent.parent))


def main():
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client, override_settings

    from partnerships.models import Area, Partnership

    call_command("migrate", "--noinput", verbosity=0)
    call_command("load_demo", verbosity=0)
    # make run collects the static files first; here their plain names do
    # (a fresh checkout has no manifest, and these pages are not about it).
    storages = {
        **settings.STORAGES,
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        },
    }
    client = Client(HTTP_HOST="127.0.0.1")
    paths = ["/", "/consultations/"]
    for partnership in Partnership.objects.filter(is_published=True):
        slug = partnership.slug
        paths += [
            partnership.get_absolute_url(),
            f"/partnerships/{slug}/crime/",
            f"/partnerships/{slug}/meetings/",
            partnership.area.get_absolute_url(),
        ]
        wards = Area.objects.current().filter(parent=partnership.area).exclude(slug="")
        # The first ward by name, and one with the Met's series and actions.
        paths += [ward.get_absolute_url() for ward in wards.order_by("name")[:1]]
        paths += [
            ward.get_absolute_url()
            for ward in wards.filter(actions_here__isnull=False).distinct()[:1]
        ]
    with override_settings(STORAGES=storages):
        for path in dict.fromkeys(paths):
            status = client.get(path).status_code
            print(json.dumps({"path": path, "status": status}))


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.local")
    main()
