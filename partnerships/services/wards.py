"""Writes for wards: their Safer Neighbourhood team and ward panel contacts,
and the wards a place takes in."""

from django.core.exceptions import ValidationError
from django.db import transaction

from partnerships.models import Area, WardContact
from portal.core.drafting import EditConflict

WARD_CONTACT_FIELDS = ("name", "email", "phone", "url", "details")


@transaction.atomic
def ward_contact_save(
    *, ward: Area, kind: str, actor, data: dict, version: int
) -> WardContact:
    """Create or change a ward's Safer Neighbourhood team or ward panel contact.

    Residents see it at once. ``version`` is the one the officer started from
    (0 for a contact that did not exist yet): if someone saved since, raises
    ``EditConflict`` with the contact as it now stands. Raises
    ``ValidationError`` for a ward that is not current, an unknown kind, or no
    way to reach the contact.
    """
    if ward.kind != Area.Kind.WARD or not ward.is_current:
        raise ValidationError("Contacts can only be kept for current wards")
    if kind not in WardContact.Kind.values:
        raise ValidationError("Choose a Safer Neighbourhood team or a ward panel")
    values = {name: (data.get(name) or "").strip() for name in WARD_CONTACT_FIELDS}
    if not values["name"]:
        raise ValidationError({"name": "Enter the name of the team or panel"})
    if not (values["email"] or values["phone"] or values["url"]):
        raise ValidationError(
            {"email": "Give an email address, a phone number or a web page"}
        )
    current = (
        WardContact.objects.select_for_update().filter(ward=ward, kind=kind).first()
    )
    if current is None:
        if version:
            raise EditConflict(WardContact(ward=ward, kind=kind, version=0))
        contact = WardContact(ward=ward, kind=kind, updated_by=actor, **values)
        contact.full_clean()
        contact.save()
        return contact
    if current.version != version:
        raise EditConflict(current)
    if all(getattr(current, name) == value for name, value in values.items()):
        return current
    for name, value in values.items():
        setattr(current, name, value)
    current.version += 1
    current.updated_by = actor
    current.full_clean()
    current.save()
    return current


@transaction.atomic
def place_wards_set(*, place: Area, wards: list[Area]) -> bool:
    """Say which current wards a place (a town centre) takes in; True if changed.

    Priorities whose places in focus include the place then show on those
    wards' pages.
    """
    if place.kind != Area.Kind.PLACE:
        raise ValidationError("Only a place takes in wards")
    for ward in wards:
        if (
            ward.kind != Area.Kind.WARD
            or not ward.is_current
            or ward.parent_id != place.parent_id
        ):
            raise ValidationError(
                {"covers": f"{ward} is not a current ward of {place.parent}"}
            )
    wanted = {w.pk for w in wards}
    if set(place.covers.values_list("pk", flat=True)) == wanted:
        return False
    place.covers.set(wards)
    return True
