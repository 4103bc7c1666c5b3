from dataclasses import dataclass

from django.conf import settings
from django.utils.functional import SimpleLazyObject

from portal.core.addresses import slug_url


@dataclass(frozen=True)
class NavigationItem:
    """One entry of the GOV.UK service navigation.

    ``current`` is the value of aria-current: "page" on the page the item
    links to, "true" elsewhere in its section, "" otherwise. A ``post`` item
    is a button that sends a POST to ``url`` with the CSRF token (signing out),
    so no link or image elsewhere can do it.
    """

    label: str
    url: str
    current: str = ""
    post: bool = False


# (label, URL name, the URL namespace whose other pages are in its section)
PUBLIC_ITEMS = (
    ("Home", "portal:home", None),
    ("Consultations", "engagement:list", "engagement"),
    ("Search", "portal:search", None),
    ("Useful contacts", "portal:contacts", None),
)


def service_navigation(request=None) -> list[NavigationItem]:
    """The header's links for this request.

    Everyone gets the public pages; a signed-in officer also gets their
    partnerships and a sign-out button, everyone else a sign-in link. Without
    a request (the 500 page) there are only the public pages, none current.
    """
    match = getattr(request, "resolver_match", None)
    view_name = match.view_name if match else ""
    namespace = match.namespace if match else ""

    def item(label, url_name, section=None):
        if view_name == url_name:
            current = "page"
        elif section and namespace == section:
            current = "true"
        else:
            current = ""
        return NavigationItem(label, slug_url(url_name), current)

    items = [item(*entry) for entry in PUBLIC_ITEMS]
    if request is None:
        return items
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        items += [
            item("Your partnerships", "manage:dashboard"),
            NavigationItem("Sign out", slug_url("account:sign_out"), post=True),
        ]
    else:
        items.append(item("Sign in", "account:sign_in"))
    return items


def site(request):
    """Values every page needs: the service name for the header and titles, and
    the service navigation (worked out only if the page shows it)."""
    return {
        "SITE_NAME": settings.SITE_NAME,
        "service_navigation": SimpleLazyObject(lambda: service_navigation(request)),
    }
