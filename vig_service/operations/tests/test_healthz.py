"""/healthz for the load balancer: 200 when the database answers and is migrated, else 503."""

import json

import pytest
from django.db import connection, connections
from django.urls import reverse

from vig_service.operations import views

HEALTHZ = reverse("operations:healthz")


def test_healthy_service_answers_200_without_signing_in(client, db):
    """No login needed, JSON body, nothing about any person."""
    response = client.get(HEALTHZ)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "migrations": "ok"}}
    assert "no-cache" in response["Cache-Control"]


def test_unapplied_migration_answers_503(client, db):
    """A deploy that has not run migrate yet is not sent traffic."""
    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM django_migrations WHERE app = 'privacy' AND name = '0001_initial'"
        )
    response = client.get(HEALTHZ)
    assert response.status_code == 503
    assert response.json()["checks"]["migrations"] == "1 unapplied"
    assert views.unapplied_migrations() == ["privacy.0001_initial"]


def test_unreachable_database_answers_503(client, db, monkeypatch):
    """When the database does not answer, the health check says so rather than erroring."""

    nowhere = {**connection.settings_dict, "HOST": "127.0.0.1", "PORT": "1"}
    monkeypatch.setattr(views, "connection", connections["default"].__class__(nowhere))
    response = client.get(HEALTHZ)
    assert response.status_code == 503
    assert json.loads(response.content) == {
        "status": "unavailable",
        "checks": {"database": "unreachable", "migrations": "unknown"},
    }


@pytest.mark.parametrize("method", ["post", "put"])
def test_healthz_only_answers_get(client, db, method):
    """Only reads: anything else is refused."""
    assert getattr(client, method)(HEALTHZ).status_code == 405
