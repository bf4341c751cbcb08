"""Fuzzing every form: whatever is typed, never a server error and never a record that breaks
a rule; whatever address is typed for a search or filter form, never a server error.
`make test` tries 25 inputs per form; `make fuzz` tries 500."""

import pytest
from django.db import transaction
from hypothesis import given
from hypothesis import strategies as st

from tests.fuzz.forms import form_fields, post_data, query_data
from tests.fuzz.invariants import broken_rules
from tests.fuzz.pages import GET_PAGES, PAGES


@pytest.mark.parametrize("page", sorted(PAGES))
@given(data=st.data())
def test_no_input_causes_a_server_error_or_saves_a_broken_record(client, db, page, data):
    """Whatever is sent: a page (or a redirect), never a 500; every saved row still valid.

    Each input runs in a savepoint rolled back afterwards, so each starts from the same state.
    """
    with transaction.atomic():
        user, url = PAGES[page]()
        client.force_login(user)
        shown = client.get(url)
        if shown.status_code == 405:  # a button's target: nothing to read, only to send
            fields = {}
        else:
            assert shown.status_code == 200, (page, shown.status_code)
            fields = form_fields(shown.content.decode())
        answers = data.draw(post_data(fields), label="POST")

        response = client.post(url, answers)

        assert response.status_code in (200, 302), (page, response.status_code)
        assert broken_rules() == []
        transaction.set_rollback(True)


@pytest.mark.parametrize("page", sorted(GET_PAGES))
@given(data=st.data())
def test_no_query_string_causes_a_server_error(client, db, page, data):
    """Whatever the address says to a search, filter or date form: a page, never a 500."""
    make, download = GET_PAGES[page]
    with transaction.atomic():
        user, url = make()
        client.force_login(user)
        shown = client.get(url)
        assert shown.status_code == 200, (page, shown.status_code)
        query = data.draw(query_data(form_fields(shown.content.decode(), method="get")))

        response = client.get(download or url, query)

        assert response.status_code in (200, 302), (page, response.status_code)
        transaction.set_rollback(True)
