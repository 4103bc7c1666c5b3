from django.conf import settings


def site(request):
    """Values every page needs: the service name for the header and titles."""
    return {"SITE_NAME": settings.SITE_NAME}
