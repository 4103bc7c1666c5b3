"""Partnerships, the areas they cover, their member organisations and boards."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from portal.core.addresses import slug_url
from portal.core.fields import RenderedMarkdownField, RendersMarkdown

DEFAULT_STATUTORY_BASIS = "Sections 5 to 7 of the Crime and Disorder Act 1998"


class AreaQuerySet(models.QuerySet):
    def current(self):
        """Areas in force today: wards that have not been replaced, and the rest."""
        return self.filter(valid_to__isnull=True)


class Area(models.Model):
    """A local authority, one of its wards, or a place such as a town centre.

    Wards carry a period of validity: when ward boundaries are redrawn (most
    London boroughs in 2022) the old wards stay, with ``valid_to`` set, for the
    history they explain (a priority's places in focus, older figures), and
    ``covers`` links each to the current wards it overlaps. New figures use
    current wards only. A place (a town centre, a wider West End) has no ONS
    code or boundary; ``covers`` names the current wards it takes in.
    """

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
    slug = models.SlugField(
        max_length=200,
        blank=True,
        help_text="The area's address on the site, unique among current areas of "
        "the same parent.",
    )
    valid_from = models.DateField(
        null=True, blank=True, help_text="Wards: the day the ward came into force."
    )
    valid_to = models.DateField(
        null=True,
        blank=True,
        help_text="Wards: the last day the ward existed; empty while it is current.",
    )
    population = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="Usual residents at the 2021 Census: the sum of the area's 2021 "
        "LSOAs (best fit).",
    )
    covers = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="covered_by",
        help_text="A place or a former ward: the current wards it takes in.",
    )

    objects = AreaQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["code"], condition=~Q(code=""), name="area_unique_ons_code"
            ),
            models.UniqueConstraint(
                fields=["parent", "name"],
                condition=Q(parent__isnull=False, valid_to__isnull=True),
                name="area_unique_name_in_parent",
            ),
            models.UniqueConstraint(
                fields=["name"],
                condition=Q(parent__isnull=True),
                name="area_unique_top_level_name",
            ),
            models.UniqueConstraint(
                fields=["parent", "slug"],
                condition=Q(parent__isnull=False, valid_to__isnull=True) & ~Q(slug=""),
                name="area_unique_slug_in_parent",
            ),
            models.UniqueConstraint(
                fields=["slug"],
                condition=Q(parent__isnull=True) & ~Q(slug=""),
                name="area_unique_top_level_slug",
            ),
            models.CheckConstraint(
                condition=Q(code="") | Q(code__regex=r"^[EWSN][0-9]{8}$"),
                name="area_code_is_gss",
            ),
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True)
                | Q(valid_to__isnull=True)
                | Q(valid_to__gte=F("valid_from")),
                name="area_valid_period",
                violation_error_message="An area cannot end before it starts.",
            ),
        ]

    def __str__(self):
        if self.valid_to is not None:
            return f"{self.name} (until {self.valid_to:%B %Y})"
        return self.name

    def get_absolute_url(self):
        """The area's public page: a borough's ward map or a ward's page."""
        if not self.slug or not self.is_current:
            return ""
        if self.kind == self.Kind.LOCAL_AUTHORITY:
            return slug_url("areas:borough", slug=self.slug)
        if self.kind == self.Kind.WARD and self.parent is not None:
            return slug_url("areas:ward", borough_slug=self.parent.slug, slug=self.slug)
        return ""

    @property
    def is_current(self) -> bool:
        return self.valid_to is None


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
    ended_on = models.DateField(
        null=True,
        blank=True,
        help_text="The last day the body existed (abolished, merged or replaced).",
    )
    successor = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="predecessors",
        help_text="The body that took over its work.",
    )
    end_note = models.CharField(
        max_length=300,
        blank=True,
        help_text="What happened to it, e.g. 'Reunified into the Probation Service'.",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def has_ended(self, on: datetime.date) -> bool:
        return self.ended_on is not None and self.ended_on < on


class PartnershipQuerySet(models.QuerySet):
    def public(self):
        return self.filter(is_published=True)


class Partnership(RendersMarkdown):
    # The partnership whose pages show it (portal/core/cache.py).
    page_cache_partnership = ""

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
    description_html = RenderedMarkdownField(source="description")
    vision = models.TextField(blank=True)
    is_published = models.BooleanField(
        default=False, help_text="Only published partnerships are shown to the public."
    )
    requires_two_factor = models.BooleanField(
        "officers must use two-factor sign-in",
        default=True,
        help_text="Officers of this partnership sign in with a code from an "
        "authenticator app as well as their password. Site administrators "
        "always do.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PartnershipQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return partnership_url(self.slug)


def partnership_url(slug: str) -> str:
    """A partnership's address from its slug alone (lists built from plain
    rows ask for it too)."""
    return slug_url("partnerships:detail", slug=slug)


class Principle(models.Model):
    """A cross-cutting principle that underpins the partnership's vision."""

    # The partnership whose pages show it (portal/core/cache.py).
    page_cache_partnership = "partnership"

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

    # The partnership whose pages show it (portal/core/cache.py).
    page_cache_partnership = "partnership"

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(max_length=30, choices=Role.choices)
    order = models.PositiveSmallIntegerField(default=0)
    started_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(
        null=True,
        blank=True,
        help_text="The last day it was a member; empty while it still is.",
    )

    class Meta:
        ordering = ["partnership", "role", "order", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "organisation"], name="membership_unique_member"
            )
        ]

    def __str__(self):
        return f"{self.organisation} in {self.partnership} ({self.get_role_display()})"

    def ended(self, on: datetime.date) -> datetime.date | None:
        """When the membership ended, if it has by ``on``: its own end, or its
        organisation's."""
        ends = [
            day
            for day in (self.ended_on, self.organisation.ended_on)
            if day is not None and day < on
        ]
        return min(ends) if ends else None


class Board(models.Model):
    """A board or group of the partnership: strategic, executive or delivery group."""

    class Kind(models.TextChoices):
        STRATEGIC = "strategic", "Strategic board"
        EXECUTIVE = "executive", "Executive group"
        DELIVERY_GROUP = "delivery_group", "Delivery group"

    # The partnership whose pages show it (portal/core/cache.py).
    page_cache_partnership = "partnership"

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
    # The partnership whose pages show it (portal/core/cache.py).
    page_cache_partnership = "board__partnership"

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

    # The partnership whose pages show it (portal/core/cache.py).
    page_cache_partnership = "partnership"

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
    # The partnership whose pages show it (portal/core/cache.py).
    page_cache_partnership = "partnership"

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
    authorities; 2021 LSOAs to local authorities) by ``load_ons_lookups``. It
    keeps the pre-2022 wards: police.uk rows are placed in current wards
    through ``Lsoa`` and ``LsoaChange`` where those are loaded, and through
    this table only for codes they do not know.
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


class Lsoa(models.Model):
    """A 2021 lower layer super output area: its current ward, borough and people.

    Loaded from the ONS best-fit lookup (2021 LSOA to ward to local authority,
    ``load_ward_lookup``) and the Census 2021 population (``load_population``).
    "Best fit" gives each LSOA wholly to the ward holding most of its people.
    """

    code = models.CharField("LSOA code", max_length=9, primary_key=True)
    name = models.CharField(max_length=100, blank=True)
    ward_code = models.CharField(max_length=9, blank=True, db_index=True)
    ward_name = models.CharField(max_length=100, blank=True)
    lad_code = models.CharField(
        "local authority code", max_length=9, blank=True, db_index=True
    )
    lad_name = models.CharField("local authority", max_length=100, blank=True)
    population = models.PositiveIntegerField(
        null=True, blank=True, help_text="Usual residents, Census 2021 (TS007B)."
    )

    class Meta:
        verbose_name = "LSOA (2021)"
        verbose_name_plural = "LSOAs (2021)"

    def __str__(self):
        return f"{self.code} {self.name}"


class LsoaChange(models.Model):
    """ONS: a 2011 LSOA and a 2021 LSOA it became (or became part of).

    Police.uk files before 2024 give 2011 LSOA codes; this reaches the 2021
    LSOA, and through it the current ward (``load_lsoa_changes``).
    """

    class Change(models.TextChoices):
        UNCHANGED = "U", "Unchanged"
        SPLIT = "S", "Split"
        MERGED = "M", "Merged"
        IRREGULAR = "X", "Irregular"

    lsoa11_code = models.CharField("2011 LSOA code", max_length=9, db_index=True)
    lsoa21_code = models.CharField("2021 LSOA code", max_length=9)
    change = models.CharField(max_length=1, choices=Change.choices)

    class Meta:
        verbose_name = "LSOA change (2011 to 2021)"
        constraints = [
            models.UniqueConstraint(
                fields=["lsoa11_code", "lsoa21_code"], name="lsoachange_unique_pair"
            )
        ]

    def __str__(self):
        return f"{self.lsoa11_code} -> {self.lsoa21_code} ({self.change})"


class Boundary(models.Model):
    """The outline of a ward or LSOA, projected and simplified once, at load time.

    ``path`` is SVG path data in Web Mercator metres with y pointing down,
    rounded to whole units (``partnerships.geometry``); the bounding box and a
    point inside the shape for its label are in the same units, so maps only
    choose a viewBox and print paths.
    """

    class Kind(models.TextChoices):
        WARD = "ward", "Ward"
        LSOA = "lsoa", "LSOA"

    code = models.CharField("ONS code", max_length=9, primary_key=True)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    name = models.CharField(max_length=200)
    lad_code = models.CharField(max_length=9, blank=True, db_index=True)
    path = models.TextField()
    min_x = models.IntegerField()
    min_y = models.IntegerField()
    max_x = models.IntegerField()
    max_y = models.IntegerField()
    label_x = models.IntegerField()
    label_y = models.IntegerField()
    source = models.CharField(max_length=200, help_text="The file it came from.")

    class Meta:
        verbose_name_plural = "boundaries"

    def __str__(self):
        return f"{self.get_kind_display()} {self.code} {self.name}"


class PostcodeRelease(models.Model):
    """One release of OS Code-Point Open loaded into ``Postcode``.

    A new release replaces the previous one whole; the latest row is current.
    """

    name = models.CharField(max_length=200, help_text="The file or folder loaded.")
    sha256 = models.CharField(max_length=64)
    rows = models.PositiveIntegerField()
    loaded_at = models.DateTimeField()

    class Meta:
        ordering = ["-loaded_at"]

    def __str__(self):
        return f"{self.name} ({self.rows} postcodes)"


class Postcode(models.Model):
    """A row of OS Code-Point Open: a postcode (Royal Mail format, "KT1 1AE")
    and where it lies. The fields follow the product's ten columns, in order.

    Written only by ``load_postcodes``, which swaps in a whole release at once.
    """

    # On PostgreSQL the loader gives this column byte-order collation ("C"):
    # the primary key of 1.7 million rows builds fastest, and equality is all
    # a lookup needs. (Not declared here: SQLite has no "C" collation.)
    postcode = models.CharField(max_length=8, primary_key=True)
    positional_quality = models.PositiveSmallIntegerField(null=True, blank=True)
    eastings = models.IntegerField(null=True, blank=True)
    northings = models.IntegerField(null=True, blank=True)
    country_code = models.CharField(max_length=9, blank=True)
    nhs_region_code = models.CharField(max_length=9, blank=True)
    nhs_area_code = models.CharField(max_length=9, blank=True)
    county_code = models.CharField(max_length=9, blank=True)
    lad_code = models.CharField("local authority code", max_length=9, blank=True)
    ward_code = models.CharField(max_length=9, blank=True)

    def __str__(self):
        return self.postcode


class WardContact(models.Model):
    """How residents reach a ward's Safer Neighbourhood team or ward panel.

    Kept by the partnership's officers; public as soon as it is saved.
    ``version`` goes up on every save, so two officers cannot overwrite each
    other unseen.
    """

    class Kind(models.TextChoices):
        SAFER_NEIGHBOURHOOD_TEAM = (
            "safer_neighbourhood_team",
            "Safer Neighbourhood team",
        )
        WARD_PANEL = "ward_panel", "Ward panel"

    # The partnership whose pages show it (portal/core/cache.py).
    page_cache_partnership = "ward__parent__partnerships"

    ward = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="contacts")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    name = models.CharField(max_length=200)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    url = models.URLField("web page", blank=True)
    details = models.TextField(
        blank=True, help_text="For example, when and where the panel meets."
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["ward", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["ward", "kind"], name="wardcontact_unique_kind"
            ),
            models.CheckConstraint(
                condition=~Q(email="") | ~Q(phone="") | ~Q(url=""),
                name="wardcontact_has_a_way_to_reach",
                violation_error_message="Give an email address, a phone number "
                "or a web page.",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}, {self.ward}"
