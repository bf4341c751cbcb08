"""Who a download was served to, when no one signed in for it (a calendar feed's token).

The access audit records every download as someone's (docs/architecture.md, "Access"); a view
that serves a file to a known person without a session says who with `serve_to`.
"""

SERVED_TO = "served_to"


def serve_to(response, user):
    """Mark the response as served to `user`, for the access audit; returns the response."""
    setattr(response, SERVED_TO, user)
    return response


def served_to(request, response):
    """Who the response went to: the person a view named, else whoever is signed in."""
    return getattr(response, SERVED_TO, None) or getattr(request, "user", None)
