"""Role changes go in the audit trail, however they are made (the invitation
and role services, the admin, the shell): signal handlers on ``OfficerRole``.

A service that knows who acts sets ``_audit_actor`` on the instance before
saving or deleting it; otherwise the signed-in user of the current request is
recorded (``portal.core.audit.current_user``)."""

from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from partnerships.models import OfficerRole
from portal.core.audit import record
from portal.core.models import AuditEvent


def _describe(role: OfficerRole) -> str:
    return f"{role.user} as {role.get_role_display()} of {role.partnership}"


@receiver(pre_save, sender=OfficerRole, dispatch_uid="audit-role-before")
def _remember_role(sender, instance, **kwargs):
    instance._audit_previous = (
        OfficerRole.objects.filter(pk=instance.pk)
        .values_list("role", flat=True)
        .first()
        if instance.pk
        else None
    )


@receiver(post_save, sender=OfficerRole, dispatch_uid="audit-role-saved")
def _role_saved(sender, instance, created, **kwargs):
    previous = getattr(instance, "_audit_previous", None)
    if not created and previous == instance.role:
        return
    record(
        AuditEvent.Action.ROLE_GIVEN if created else AuditEvent.Action.ROLE_CHANGED,
        obj=instance,
        description=_describe(instance)
        + ("" if created else f" (was {OfficerRole.Role(previous).label})"),
        partnership_id=instance.partnership_id,
        actor=getattr(instance, "_audit_actor", None),
    )


@receiver(post_delete, sender=OfficerRole, dispatch_uid="audit-role-removed")
def _role_removed(sender, instance, **kwargs):
    record(
        AuditEvent.Action.ROLE_REMOVED,
        obj=instance,
        description=_describe(instance),
        partnership_id=instance.partnership_id,
        actor=getattr(instance, "_audit_actor", None),
    )
