"""Writes for accounts: invitations, sign-up, roles and activation, each with its event."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_otp.models import Device
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from vig_service.accounts.models import Team, User, UserEvent
from vig_service.accounts.roles import Role
from vig_service.accounts.tokens import set_password_path_args
from vig_service.core.email import send_after_commit


def team_for_name(*, name: str) -> Team | None:
    """The team with this name (any case), created if new; None for a blank name."""
    name = " ".join(name.split())
    if not name:
        return None
    team = Team.objects.filter(name__iexact=name).first()
    return team or Team.objects.create(name=name)


def _set_password_url(*, user: User, site_url: str) -> str:
    uidb64, token = set_password_path_args(user)
    path = reverse("accounts:set_password", kwargs={"uidb64": uidb64, "token": token})
    return site_url.rstrip("/") + path


def user_set_roles(*, user: User, roles: Iterable[Role]) -> None:
    """Give the user exactly these roles; only administrators may use the Django admin."""
    roles = set(roles)
    # get_or_create: the groups come from a migration, but a flushed test database lacks them.
    user.groups.set([Group.objects.get_or_create(name=role.value)[0] for role in roles])
    user.is_staff = user.is_superuser = Role.ADMINISTRATOR in roles
    user.save(update_fields=["is_staff", "is_superuser"])
    user.__dict__.pop("roles", None)


@transaction.atomic
def user_invite(
    *,
    email: str,
    full_name: str,
    profession: str,
    team: Team | None,
    roles: Iterable[Role],
    by: User,
    site_url: str,
) -> User:
    """Create an account without a password and e-mail the person a link to set one."""
    user = User.objects.create_user(email, full_name=full_name, profession=profession, team=team)
    roles = list(roles)
    user_set_roles(user=user, roles=roles)
    UserEvent.objects.create(
        user=user,
        actor=by,
        action=UserEvent.Action.INVITED,
        note="Roles: " + ", ".join(sorted(Role(r).label for r in roles)),
    )
    send_after_commit(
        template="accounts/email/invitation",
        to=[user.email],
        context={
            "user": user,
            "invited_by": by,
            "url": _set_password_url(user=user, site_url=site_url),
        },
    )
    return user


@transaction.atomic
def user_resend_invitation(*, user: User, by: User, site_url: str) -> None:
    """Send a fresh set-password link to an invited user who has not used theirs."""
    UserEvent.objects.create(user=user, actor=by, action=UserEvent.Action.INVITATION_RESENT)
    send_after_commit(
        template="accounts/email/invitation",
        to=[user.email],
        context={
            "user": user,
            "invited_by": by,
            "url": _set_password_url(user=user, site_url=site_url),
        },
    )


@transaction.atomic
def user_update(
    *,
    user: User,
    full_name: str,
    profession: str,
    team: Team | None,
    roles: Iterable[Role],
    is_active: bool,
    by: User,
    supervisor: User | None = None,
) -> User:
    """Change a user's details, roles and whether they may log in, recording each change."""
    changes = []
    for field, value in (
        ("full_name", full_name),
        ("profession", profession),
        ("team", team),
        ("supervisor", supervisor),
    ):
        if getattr(user, field) != value:
            changes.append(user._meta.get_field(field).verbose_name.capitalize())
            setattr(user, field, value)
    if changes:
        user.full_clean(exclude=["password"])
        user.save(update_fields=["full_name", "profession", "team", "supervisor"])
        UserEvent.objects.create(
            user=user, actor=by, action=UserEvent.Action.DETAILS_CHANGED, note=", ".join(changes)
        )

    old_roles, new_roles = set(user.roles), {Role(r) for r in roles}
    if old_roles != new_roles:
        user_set_roles(user=user, roles=new_roles)
        UserEvent.objects.create(
            user=user,
            actor=by,
            action=UserEvent.Action.ROLES_CHANGED,
            note=_describe_role_change(old_roles, new_roles),
        )

    # "Not active" for an unconfirmed sign-up (never active, never deactivated) deactivates it
    # too, so its confirmation link dies like any other (README: Accounts).
    if user.is_active != is_active or (not is_active and not user.is_deactivated):
        user.is_active = is_active
        if not is_active:
            # Part of every link's hash (tokens.py): links sent before today stop working.
            user.deactivated_at = timezone.now()
        user.save(update_fields=["is_active", "deactivated_at"])
        UserEvent.objects.create(
            user=user,
            actor=by,
            action=UserEvent.Action.REACTIVATED if is_active else UserEvent.Action.DEACTIVATED,
        )
    user.__dict__.pop("roles", None)
    return user


def _describe_role_change(old: set[Role], new: set[Role]) -> str:
    parts = []
    if added := new - old:
        parts.append("Added " + ", ".join(sorted(r.label for r in added)))
    if removed := old - new:
        parts.append("Removed " + ", ".join(sorted(r.label for r in removed)))
    return ". ".join(parts)


def _is_pending_referrer_sign_up(user: User) -> bool:
    """An unconfirmed self sign-up: never active, never deactivated, referrer and nothing else."""
    return (
        not user.is_active
        and not user.is_deactivated
        and not user.has_usable_password()
        and user.roles == {Role.REFERRER}
    )


@transaction.atomic
def referrer_sign_up(
    *, email: str, full_name: str, profession: str, team_name: str, site_url: str
) -> None:
    """Start a referrer's self sign-up: an inactive account and a confirmation e-mail.

    The caller has checked the domain. An address that already has an account gets a
    reminder instead, so the page a person sees never reveals who has an account; a link
    is sent again only for an unconfirmed referrer sign-up, so signing up never revives a
    deactivated account or hands out a link to staff roles. The team named is only asked
    for: an administrator approves the membership (team_request_approve).
    """
    email = User.objects.normalize_email(email)
    existing = User.objects.by_email(email).select_for_update().first()
    if existing is not None and not _is_pending_referrer_sign_up(existing):
        template = (
            "accounts/email/signup_deactivated"
            if existing.is_deactivated
            else "accounts/email/signup_existing"
        )
        send_after_commit(
            template=template,
            to=[existing.email],
            context={
                "user": existing,
                "login_url": site_url.rstrip("/") + reverse("accounts:login"),
            },
        )
        return
    if existing is not None:
        user = existing  # signed up before but never confirmed: send a fresh link
    else:
        user = User.objects.create_user(
            email,
            full_name=full_name,
            profession=profession,
            team=None,
            requested_team_name=" ".join(team_name.split()),
            is_active=False,
        )
        user_set_roles(user=user, roles=[Role.REFERRER])
        UserEvent.objects.create(
            user=user,
            actor=None,
            action=UserEvent.Action.SIGNED_UP,
            note=f"Asked to join {user.requested_team_name}" if user.requested_team_name else "",
        )
    send_after_commit(
        template="accounts/email/signup_confirm",
        to=[user.email],
        context={"user": user, "url": _set_password_url(user=user, site_url=site_url)},
    )


class TeamRequestGone(Exception):
    """The membership request was already decided (or withdrawn) by someone else."""


def _locked_request(user: User) -> User:
    locked = User.objects.select_for_update().get(pk=user.pk)
    if not locked.requested_team_name:
        raise TeamRequestGone
    return locked


@transaction.atomic
def team_request_approve(*, user: User, by: User) -> Team:
    """Put a self-signed-up referrer in the team they asked for, created if it is new."""
    locked = _locked_request(user)
    team = team_for_name(name=locked.requested_team_name)
    locked.team, locked.requested_team_name = team, ""
    locked.save(update_fields=["team", "requested_team_name"])
    UserEvent.objects.create(
        user=locked, actor=by, action=UserEvent.Action.TEAM_APPROVED, note=team.name
    )
    user.team, user.requested_team_name = team, ""
    return team


@transaction.atomic
def team_request_refuse(*, user: User, by: User) -> None:
    """Refuse a referrer's request to join a team: they stay in no team."""
    locked = _locked_request(user)
    note = locked.requested_team_name
    locked.requested_team_name = ""
    locked.save(update_fields=["requested_team_name"])
    UserEvent.objects.create(
        user=locked, actor=by, action=UserEvent.Action.TEAM_REFUSED, note=note
    )
    user.requested_team_name = ""


@transaction.atomic
def user_set_first_password(*, user: User, password: str) -> User:
    """Set the password from an invitation or sign-up link and activate the account.

    Never for a deactivated account: only an administrator brings one back.
    """
    if User.objects.filter(pk=user.pk, is_active=False, deactivated_at__isnull=False).exists():
        raise PermissionDenied("This account has been deactivated")
    user.set_password(password)
    was_active = user.is_active
    user.is_active = True
    user.save(update_fields=["password", "is_active"])
    UserEvent.objects.create(
        user=user,
        actor=user,
        action=UserEvent.Action.PASSWORD_SET,
        note="" if was_active else "Email address confirmed",
    )
    user.__dict__.pop("roles", None)
    return user


BACKUP_CODE_COUNT = 10


def _normalise_code(code: str) -> str:
    return "".join(code.split()).replace("-", "").lower()


@transaction.atomic
def second_factor_set_up(*, user: User, key: str, code: str) -> list[str] | None:
    """Confirm an authenticator app from a code it shows; returns one-time backup codes.

    None when the code does not match the secret, and nothing is saved.
    """
    code = _normalise_code(code)
    totp = TOTP(bytes.fromhex(key))
    if not (code.isdigit() and totp.verify(int(code), tolerance=1)):
        return None
    # Replace any half-made devices: a user has one authenticator and one set of backup codes.
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    TOTPDevice.objects.create(
        user=user, name="Authenticator app", key=key, confirmed=True, last_t=totp.t()
    )
    backup = StaticDevice.objects.create(user=user, name="Backup codes", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=backup, token=c) for c in codes)
    UserEvent.objects.create(user=user, actor=user, action=UserEvent.Action.SECOND_FACTOR_SET_UP)
    return codes


@dataclass(frozen=True)
class CodeCheck:
    """The outcome of checking a second-factor code."""

    device: Device | None
    throttled: bool = False


@transaction.atomic
def second_factor_verify(*, user: User, code: str) -> CodeCheck:
    """Check a 6-digit app code or a backup code; a backup code is used up when it works."""
    code = _normalise_code(code)
    model = TOTPDevice if code.isdigit() and len(code) == 6 else StaticDevice
    # Locked, so one code cannot be accepted twice by two requests at once.
    for device in model.objects.select_for_update().filter(user=user, confirmed=True):
        allowed, _ = device.verify_is_allowed()
        if not allowed:
            return CodeCheck(device=None, throttled=True)
        if device.verify_token(code):
            return CodeCheck(device=device)
    return CodeCheck(device=None)
