"""Factories for users and teams, with one subclass per role."""

import factory

from vig_service.accounts.models import IdentityProvider, Profession, Team, User
from vig_service.accounts.roles import Role
from vig_service.accounts.services import user_set_roles

PASSWORD = "a-long-test-password-2026"


class TeamFactory(factory.django.DjangoModelFactory):
    """A team, such as a health visiting team."""

    class Meta:
        model = Team
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Team {n}")
    organisation = "Example Council"


class UserFactory(factory.django.DjangoModelFactory):
    """An active user with a known password and the roles given (none by default)."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Faker("name", locale="en_GB")
    profession = Profession.SOCIAL_WORKER
    team = factory.SubFactory(TeamFactory)
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create and extracted:
            user_set_roles(user=self, roles=extracted)


def _role_factory(name: str, role: Role, profession: Profession):
    """A UserFactory subclass whose users hold `role` unless given roles=[...]."""
    return type(
        name,
        (UserFactory,),
        {
            "__module__": __name__,
            "__doc__": f"A user with the {role.label.lower()} role.",
            "profession": profession,
            "roles": factory.PostGeneration(
                lambda user, create, extracted, **kwargs: (
                    create and user_set_roles(user=user, roles=extracted or [role])
                )
            ),
        },
    )


ReferrerFactory = _role_factory("ReferrerFactory", Role.REFERRER, Profession.HEALTH_VISITOR)
CoordinatorFactory = _role_factory(
    "CoordinatorFactory", Role.COORDINATOR, Profession.VIG_PRACTITIONER
)
GuiderFactory = _role_factory("GuiderFactory", Role.GUIDER, Profession.VIG_PRACTITIONER)
SupervisorFactory = _role_factory(
    "SupervisorFactory", Role.SUPERVISOR, Profession.VIG_PRACTITIONER
)
ManagerFactory = _role_factory("ManagerFactory", Role.MANAGER, Profession.MANAGER)
AdministratorFactory = _role_factory("AdministratorFactory", Role.ADMINISTRATOR, Profession.OTHER)


class InvitedUserFactory(UserFactory):
    """Someone invited who has not yet set a password."""

    password = None

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        kwargs.pop("password", None)
        user = model_class(*args, **kwargs)
        user.set_unusable_password()
        user.save()
        return user


class IdentityProviderFactory(factory.django.DjangoModelFactory):
    """A council's provider serving example.org addresses (point `issuer` at a real one)."""

    class Meta:
        model = IdentityProvider

    name = "Demo Council"
    slug = factory.Sequence(lambda n: f"council-{n}")
    issuer = "http://127.0.0.1:1"
    client_id = "vig-service"
    domains = "example.org"
