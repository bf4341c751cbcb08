"""gunicorn's access log, scrubbed: no token from an e-mailed link reaches it."""

from gunicorn.glogging import Logger

from vig_service.operations.logging import scrub


class ScrubbingLogger(Logger):
    """gunicorn's logger, with every text the access log format may use scrubbed first."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        return {k: scrub(v) if isinstance(v, str) else v for k, v in atoms.items()}
