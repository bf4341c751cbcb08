"""A case's sub-navigation: every section of that case, the open one marked."""

import re

import pytest
from django.urls import reverse

from cases.templatetags.cases_tags import CASE_TABS
from cases.tests.factories import ActiveCaseFactory

pytestmark = pytest.mark.django_db


def test_each_case_page_links_its_own_sections_and_marks_the_one_open(client):
    """Two cases, so an address kept from one case's page can never show on the other's."""
    first = ActiveCaseFactory()
    second = ActiveCaseFactory(guider=first.guider)
    client.force_login(first.guider)
    for case in (first, second):
        for tab, name, label in [CASE_TABS[0], CASE_TABS[1], CASE_TABS[-1]]:
            html = client.get(reverse(name, args=[case.pk])).content.decode()
            nav = re.search(r'<nav class="moj-sub-navigation".*?</nav>', html, re.S).group()
            links = re.findall(r'<a class="moj-sub-navigation__link" (.*?)href="([^"]+)">', nav)
            assert [address for _, address in links] == [
                reverse(url_name, args=[case.pk]) for _, url_name, _ in CASE_TABS
            ]
            marked = [address for current, address in links if current]
            assert marked == [reverse(name, args=[case.pk])], tab
            assert f">{label}</a>" in nav
