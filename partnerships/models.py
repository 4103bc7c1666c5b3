"""Partnerships, the areas they cover, their member organisations and boards."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

DEFAULT_STATUTORY_BASIS = "Sections 5 to 7 of the Crime and Disorder Act 1998"


class Area(models.Model):
    """A local authority, one of its wards, or a place such as a town centre."""

    class Kind(models.TextChoices):
        LOCAL_AUTHORITY = "local_authority", "Local authority"
        WARD = "ward", "Ward"
        PLACE = "place", "Place"

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    # ONS GSS code, e.g. E09000021 (borough) or E05000400 (ward). Places have none.
    code = models.CharField("ONS code", max_length=9, blank=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["code"], condition=~Q(code=""), name="area_unique_ons_code"
            ),
            models.UniqueConstraint(
                fields=["parent", "name"],
                condition=Q(parent__isnull=False),
                name="area_unique_name_in_parent",
            ),
            models.UniqueConstraint(
                fields=["name"],
                condition=Q(parent__isnull=True),
                name="area_unique_top_level_name",
            ),
            models.CheckConstraint(
                condition=Q(code="") | Q(code__regex=r"^[EWSN][0-9]{8}$"),
                name="area_code_is_gss",
            ),
        ]

    def __str__(self):
        return self.name


class Organisation(models.Model):
    class Kind(models.TextChoices):
        POLICE = "police", "Police"
        LOCAL_AUTHORITY = "local_authority", "Local authority"
        FIRE_AND_RESCUE = "fire_and_rescue", "Fire and rescue"
        PROBATION = "probation", "Probation"
        HEALTH = "health", "Health / integrated care board"
        LOCAL_POLICING_BODY = "local_policing_body", "Local policing body"
        YOUTH_JUSTICE = "youth_justice", "Youth justice"
        HOUSING = "housing", "Housing"
        EDUCATION = "education", "Education"
        VOLUNTARY = "voluntary", "Voluntary and community sector"
        BUSINESS = "business", "Business"
        OTHER = "other", "Other"

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.CharField(max_length=30, choices=Kind.choices)
    website = models.URLField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class PartnershipQuerySet(models.QuerySet):
    def public(self):
        return self.filter(is_published=True)


class Partnership(models.Model):
    name = models.CharField(max_length=200)
    short_name = models.CharField(max_length=40, blank=True)
    slug = models.SlugField(max_length=200, unique=True)
    area = models.ForeignKey(
        Area, on_delete=models.PROTECT, related_name="partnerships"
    )
    statutory_basis = models.CharField(max_length=300, default=DEFAULT_STATUTORY_BASIS)
    summary = models.CharField(
        max_length=300, help_text="One sentence shown in lists of partnerships."
    )
    description = models.TextField(blank=True, help_text="Markdown.")
    vision = models.TextField(blank=True)
    is_published = models.BooleanField(
        default=False, help_text="Only published partnerships are shown to the public."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PartnershipQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("partnerships:detail", kwargs={"slug": self.slug})


class Principle(models.Model):
    """A cross-cutting principle that underpins the partnership's vision."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="principles"
    )
    text = models.TextField()
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["partnership", "order", "id"]

    def __str__(self):
        return self.text[:60]


class Membership(models.Model):
    class Role(models.TextChoices):
        RESPONSIBLE_AUTHORITY = "responsible_authority", "Responsible authority"
        CO_OPERATING_BODY = "co_operating_body", "Co-operating body"
        PARTICIPATING_BODY = "participating_body", "Participating body"

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(max_length=30, choices=Role.choices)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["partnership", "role", "order", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "organisation"], name="membership_unique_member"
            )
        ]

    def __str__(self):
        return f"{self.organisation} in {self.partnership} ({self.get_role_display()})"


class Board(models.Model):
    """A board or group of the partnership: strategic, executive or delivery group."""

    class Kind(models.TextChoices):
        STRATEGIC = "strategic", "Strategic board"
        EXECUTIVE = "executive", "Executive group"
        DELIVERY_GROUP = "delivery_group", "Delivery group"

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="boards"
    )
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    aim = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["partnership", "order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "slug"], name="board_unique_slug_in_partnership"
            )
        ]

    def __str__(self):
        return self.name


class BoardObjective(models.Model):
    board = models.ForeignKey(
        Board, on_delete=models.CASCADE, related_name="objectives"
    )
    text = models.TextField()
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["board", "order", "id"]

    def __str__(self):
        return self.text[:60]


class LinkedBoard(models.Model):
    """A statutory board the partnership works with, e.g. safeguarding adults."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="linked_boards"
    )
    name = models.CharField(max_length=200)
    url = models.URLField(blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["partnership", "order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "name"], name="linkedboard_unique_in_partnership"
            )
        ]

    def __str__(self):
        return self.name


class Contact(models.Model):
    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="contacts"
    )
    name = models.CharField(max_length=200, help_text="A team or role, not a person.")
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    url = models.URLField(blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["partnership", "order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "name"], name="contact_unique_in_partnership"
            ),
            models.CheckConstraint(
                condition=~Q(email="") | ~Q(phone="") | ~Q(url=""),
                name="contact_has_a_way_to_reach",
            ),
        ]

    def __str__(self):
        return self.name


class OfficerRole(models.Model):
    """What an officer may do for one partnership; any role makes them its officer."""

    class Role(models.TextChoices):
        OFFICER = "officer", "Officer"
        EDITOR = "editor", "Editor"
        CONSULTATION_MANAGER = "consultation_manager", "Consultation manager"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="officer_roles"
    )
    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="officer_roles"
    )
    role = models.CharField(max_length=30, choices=Role.choices, default=Role.OFFICER)
    created_at = models.DateTimeField(auto_now_add=True)
    # The audit trail of roles given and taken away: who, when, and why.
    # Shown to site administrators only.
    history = HistoricalRecords()

    class Meta:
        ordering = ["partnership", "user", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "partnership", "role"], name="officerrole_unique"
            )
        ]

    def __str__(self):
        return f"{self.user}: {self.get_role_display()} of {self.partnership}"


class LsoaLookup(models.Model):
    """ONS lookup: a lower layer super output area, its ward and local authority.

    Loaded from the ONS best-fit lookups (2011 LSOAs to 2019 wards and local
    authorities; 2021 LSOAs to local authorities) by ``load_ons_lookups``.
    Police.uk rows are placed in a borough and ward through it.
    """

    code = models.CharField("LSOA code", max_length=9, primary_key=True)
    name = models.CharField(max_length=100)
    census_year = models.PositiveSmallIntegerField()
    ward_code = models.CharField(max_length=9, blank=True)
    ward_name = models.CharField(max_length=100, blank=True)
    lad_code = models.CharField("local authority code", max_length=9, db_index=True)
    lad_name = models.CharField("local authority", max_length=100)

    class Meta:
        verbose_name = "LSOA lookup"

    def __str__(self):
        return f"{self.code} {self.name}"
